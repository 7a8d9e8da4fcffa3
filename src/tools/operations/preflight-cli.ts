import { createInterface } from 'node:readline/promises';
import { EXIT_FAILED, EXIT_OK, runCommand, UsageError, type CliIo, type CommandLine, type ParsedLine } from '../../cli/command-line.js';
import { errorMessage } from '../../content/error-message.js';
import type { Environment } from '../../settings/read-environment.js';
import { createTwilioClient, readTwilioCredentials, redactor, type TwilioCredentials } from '../../server/twilio-rest.js';
import { ConfigureError } from './configure-error.js';
import { normalizeFallbackUrl, normalizePhoneNumber, normalizePublicBaseUrl } from './public-address.js';
import { DEFAULT_TIMING, runPreflight, type Timing } from './preflight.js';
import type { Confirm, Fetch, PreflightClient, Sleep } from './preflight-client.js';

export type MakeClient = (credentials: TwilioCredentials) => PreflightClient;

export interface PreflightDeps {
  readonly makeClient?: MakeClient;
  readonly fetch?: Fetch;
  /** Asks the operator a yes/no question; the default asks on the terminal. */
  readonly confirm?: Confirm;
  readonly sleep?: Sleep;
  readonly now?: () => Date;
  readonly timing?: Partial<Timing>;
  /** Accept http and loopback addresses for the service. Only tests set it; there is no flag for it. */
  readonly allowLocal?: boolean;
}

/** Exit codes: 0 ready (or help shown), 1 a check failed or Twilio saw a problem on the call, 2 wrong usage or missing settings. */
const EXIT_READY = EXIT_OK;
const EXIT_NOT_READY = EXIT_FAILED;

export const USAGE = [
  'Usage: npm run preflight -- --to <your-phone> [--from <hotline-number>] [--url <public-base-url>]',
  '                            [--fallback-url <url>] [--no-call] [--yes]',
  '',
  'Checks that the hotline is ready for callers, as Twilio sees it, and prints one line per check:',
  '  - the number is in the account and its three addresses are the ones configure-number sets;',
  '  - the account may call Norwegian numbers (needed for every transfer);',
  '  - <public-base-url>/healthz answers over https;',
  'then, after asking, it calls your phone from the hotline number so you can try the line, waits for',
  'the call to end and lists what Twilio reported about it. It changes nothing in the account.',
  '',
  '  --to <your-phone>        your own phone, in international format, for example +4790000000',
  '  --from <hotline-number>  the hotline\'s Twilio number (or set HOTLINE_NUMBER)',
  '  --url <public-base-url>  the public https address of the service (or set PUBLIC_BASE_URL)',
  '  --fallback-url <url>     the static fallback given to configure-number (or set VOICE_FALLBACK_URL)',
  '  --no-call                only run the checks; --to is then not needed',
  '  --yes                    place the test call without asking',
  '',
  'It needs TWILIO_ACCOUNT_SID, and TWILIO_AUTH_TOKEN or an API key (TWILIO_API_KEY and TWILIO_API_SECRET)',
  'of the account that owns the number, in the environment or in .env (as are HOTLINE_NUMBER,',
  'PUBLIC_BASE_URL and VOICE_FALLBACK_URL). It exits 0 when the line is ready, 1 when something is wrong.',
  '',
  'Example:',
  '  HOTLINE_NUMBER=+4721000000 PUBLIC_BASE_URL=https://hotline.example.org npm run preflight -- --to +4790000000',
].join('\n');

const COMMAND_LINE = {
  usage: USAGE,
  options: {
    to: { type: 'string' },
    from: { type: 'string' },
    url: { type: 'string' },
    'fallback-url': { type: 'string' },
    'no-call': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  },
} as const satisfies CommandLine<Record<string, { type: 'string' | 'boolean'; short?: string }>>;

type Values = ParsedLine<(typeof COMMAND_LINE)['options']>['values'];

/** A flag's value, else the environment's; `source` names where it came from for the error sentence. */
export function setting(flag: string | undefined, env: string | undefined, flagName: string, envName: string): { value: string; source: string } | undefined {
  if (flag !== undefined && flag.trim() !== '') return { value: flag, source: flagName };
  if (env !== undefined && env.trim() !== '') return { value: env, source: envName };
  return undefined;
}

/** Normalises a value, naming where it came from when it is wrong. */
export function normalized<T>(from: { value: string; source: string }, normalize: (value: string) => T): T {
  try {
    return normalize(from.value);
  } catch (error) {
    if (error instanceof ConfigureError) throw new UsageError(`${from.source}: ${error.message}`);
    throw error;
  }
}

interface Settings {
  readonly phoneNumber: string;
  readonly base: string;
  readonly fallbackUrl: string | undefined;
  readonly to: string | undefined;
}

function readSettings(values: Values, env: Environment, allowLocal: boolean): Settings {
  const from = setting(values.from, env.HOTLINE_NUMBER, '--from', 'HOTLINE_NUMBER');
  const url = setting(values.url, env.PUBLIC_BASE_URL, '--url', 'PUBLIC_BASE_URL');
  const fallback = setting(values['fallback-url'], env.VOICE_FALLBACK_URL, '--fallback-url', 'VOICE_FALLBACK_URL');
  const to = setting(values.to, undefined, '--to', '');
  const noCall = values['no-call'] === true;
  if (!from) throw new UsageError("Give the hotline's Twilio number with --from, or set HOTLINE_NUMBER, in international format such as +4721000000.");
  if (!url) throw new UsageError('Give the public address of the service with --url, or set PUBLIC_BASE_URL, such as https://hotline.example.org.');
  if (!noCall && !to) throw new UsageError('Give your own phone number with --to (in international format, such as +4790000000) for the test call, or add --no-call to only run the checks.');

  const phoneNumber = normalized(from, normalizePhoneNumber);
  const base = normalized(url, (value) => normalizePublicBaseUrl(value, { allowLocal }));
  const fallbackUrl = fallback ? normalized(fallback, (value) => normalizeFallbackUrl(value, base)) : undefined;
  const toNumber = noCall || !to ? undefined : normalized(to, normalizePhoneNumber);
  if (toNumber === phoneNumber) throw new UsageError('--to is the hotline number itself: give your own phone, so the hotline can call it.');
  return { phoneNumber, base, fallbackUrl, to: toNumber };
}

export const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const defaultFetch: Fetch = (url, init) => fetch(url, init);

/** Asks on the terminal; with no terminal (a pipe, CI) nobody can answer, so the answer is no. */
export function terminalConfirm(
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
  io: CliIo,
  noTerminal = 'Nobody can answer a question here (no terminal): add --yes to place the test call without asking, or --no-call.',
): Confirm {
  return async (question) => {
    if (!input.isTTY) {
      io.err(noTerminal);
      return false;
    }
    const rl = createInterface({ input, output });
    try {
      return /^(y|yes|j|ja)$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}

/** Runs the command; `argv` is the arguments after the script name. Resolves to the exit code. */
export function runPreflightCli(argv: readonly string[], env: Environment, io: CliIo, deps: PreflightDeps = {}): Promise<number> {
  return runCommand(
    COMMAND_LINE,
    argv,
    io,
    async ({ values }) => {
      const settings = readSettings(values, env, deps.allowLocal ?? false);
      const credentials = readTwilioCredentials(env);
      const redact = redactor(credentials);
      const out = (line: string) => io.out(redact(line));
      const err = (line: string) => io.err(redact(line));
      try {
        const outcome = await runPreflight({
          client: (deps.makeClient ?? createTwilioClient)(credentials),
          ...settings,
          yes: values.yes === true,
          confirm: deps.confirm ?? (() => Promise.resolve(false)),
          fetch: deps.fetch ?? defaultFetch,
          sleep: deps.sleep ?? defaultSleep,
          now: deps.now ?? (() => new Date()),
          timing: { ...DEFAULT_TIMING, ...deps.timing },
          allowHttp: deps.allowLocal ?? false,
          print: out,
        });
        return outcome.failures > 0 ? EXIT_NOT_READY : EXIT_READY;
      } catch (error) {
        // Twilio's answers while waiting for the call (or an unexpected fault): say so, and never as a stack trace.
        err(`Pre-flight stopped because of an unexpected error: ${errorMessage(error)}. Run it again; if it happens again, look at the call in the Twilio Console under Monitor → Logs.`);
        return EXIT_NOT_READY;
      }
    },
    'Pre-flight',
  );
}
