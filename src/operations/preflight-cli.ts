import { createInterface } from 'node:readline/promises';
import twilio from 'twilio';
import { ConfigureError } from './configure-error.js';
import { normalizeFallbackUrl, normalizePhoneNumber, normalizePublicBaseUrl } from './public-address.js';
import { DEFAULT_TIMING, runPreflight, type Timing } from './preflight.js';
import type { Confirm, Fetch, PreflightClient, Sleep } from './preflight-client.js';

export interface CliIo {
  /** One line for standard output, without the trailing newline. */
  readonly out: (line: string) => void;
  /** One line for standard error, without the trailing newline. */
  readonly err: (line: string) => void;
}

export interface Credentials {
  readonly accountSid: string;
  /** The Account SID with an Auth Token, or the API key SID (SK…) with its secret. */
  readonly username: string;
  readonly password: string;
}

export type MakeClient = (credentials: Credentials) => PreflightClient;

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
export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_USAGE = 2;

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
  'of the account that owns the number. It exits 0 when the line is ready, 1 when something is wrong.',
  '',
  'Example:',
  '  HOTLINE_NUMBER=+4721000000 PUBLIC_BASE_URL=https://hotline.example.org npm run preflight -- --to +4790000000',
].join('\n');

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
const VALUE_FLAGS = ['--to', '--from', '--url', '--fallback-url'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

interface ParsedArgs {
  readonly values: Partial<Record<ValueFlag, string>>;
  readonly noCall: boolean;
  readonly yes: boolean;
  readonly help: boolean;
}

class UsageError extends Error {
  /** Print the usage after the sentence: the command line itself was wrong, not a value in it. */
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: Partial<Record<ValueFlag, string>> = {};
  let noCall = false;
  let yes = false;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--help' || name === '-h') help = true;
    else if (name === '--no-call') noCall = true;
    else if (name === '--yes' || name === '-y') yes = true;
    else if ((VALUE_FLAGS as readonly string[]).includes(name)) {
      let value = inline;
      if (value === undefined) {
        value = argv[i + 1];
        i += 1;
      }
      if (value === undefined || value.startsWith('--')) throw new UsageError(`Give a value after ${name}.`, true);
      if (values[name as ValueFlag] !== undefined) throw new UsageError(`Give ${name} only once.`);
      values[name as ValueFlag] = value;
    } else {
      throw new UsageError(`${arg} is not an option of this command.`, true);
    }
  }
  return { values, noCall, yes, help };
}

/** A flag's value, else the environment's; `source` names where it came from for the error sentence. */
function setting(flag: string | undefined, env: string | undefined, flagName: string, envName: string): { value: string; source: string } | undefined {
  if (flag !== undefined && flag.trim() !== '') return { value: flag, source: flagName };
  if (env !== undefined && env.trim() !== '') return { value: env, source: envName };
  return undefined;
}

function readCredentials(env: Record<string, string | undefined>): Credentials {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim() ?? '';
  const authToken = env.TWILIO_AUTH_TOKEN?.trim() ?? '';
  const apiKey = env.TWILIO_API_KEY?.trim() ?? '';
  const apiSecret = env.TWILIO_API_SECRET?.trim() ?? '';
  if (!accountSid) {
    throw new UsageError('TWILIO_ACCOUNT_SID is not set: set it to the Account SID shown on the Twilio Console home page, then run the command again.');
  }
  if (!ACCOUNT_SID.test(accountSid)) {
    throw new UsageError('TWILIO_ACCOUNT_SID is not an Account SID: it must be the value starting with AC followed by 32 letters and digits, shown on the Twilio Console home page.');
  }
  // An API key is narrower than the Auth Token, so when both are set the key is the one meant.
  if (apiKey || apiSecret) {
    if (!apiKey || !apiSecret) {
      throw new UsageError(`${apiKey ? 'TWILIO_API_SECRET' : 'TWILIO_API_KEY'} is not set: an API key needs both TWILIO_API_KEY (SK…) and TWILIO_API_SECRET, or leave both out and set TWILIO_AUTH_TOKEN.`);
    }
    if (!API_KEY_SID.test(apiKey)) {
      throw new UsageError('TWILIO_API_KEY is not an API key SID: it must start with SK followed by 32 letters and digits, as shown in the Twilio Console under Account → API keys & tokens.');
    }
    return { accountSid, username: apiKey, password: apiSecret };
  }
  if (!authToken) {
    throw new UsageError(
      'TWILIO_AUTH_TOKEN is not set: set it to the Auth Token shown on the Twilio Console home page (or set TWILIO_API_KEY and TWILIO_API_SECRET to an API key of the account), then run the command again.',
    );
  }
  return { accountSid, username: accountSid, password: authToken };
}

/** Normalises a value, naming where it came from when it is wrong. */
function normalized<T>(from: { value: string; source: string }, normalize: (value: string) => T): T {
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

function readSettings(args: ParsedArgs, env: Record<string, string | undefined>, allowLocal: boolean): Settings {
  const from = setting(args.values['--from'], env.HOTLINE_NUMBER, '--from', 'HOTLINE_NUMBER');
  const url = setting(args.values['--url'], env.PUBLIC_BASE_URL, '--url', 'PUBLIC_BASE_URL');
  const fallback = setting(args.values['--fallback-url'], env.VOICE_FALLBACK_URL, '--fallback-url', 'VOICE_FALLBACK_URL');
  const to = setting(args.values['--to'], undefined, '--to', '');
  if (!from) throw new UsageError("Give the hotline's Twilio number with --from, or set HOTLINE_NUMBER, in international format such as +4721000000.");
  if (!url) throw new UsageError('Give the public address of the service with --url, or set PUBLIC_BASE_URL, such as https://hotline.example.org.');
  if (!args.noCall && !to) throw new UsageError('Give your own phone number with --to (in international format, such as +4790000000) for the test call, or add --no-call to only run the checks.');

  const phoneNumber = normalized(from, normalizePhoneNumber);
  const base = normalized(url, (value) => normalizePublicBaseUrl(value, { allowLocal }));
  const fallbackUrl = fallback ? normalized(fallback, (value) => normalizeFallbackUrl(value, base)) : undefined;
  const toNumber = args.noCall || !to ? undefined : normalized(to, normalizePhoneNumber);
  if (toNumber === phoneNumber) throw new UsageError('--to is the hotline number itself: give your own phone, so the hotline can call it.');
  return { phoneNumber, base, fallbackUrl, to: toNumber };
}

/** Every line goes through this: no secret is printed, whatever an error message carries. */
function redactor(credentials: Credentials): (line: string) => string {
  const secrets = [credentials.password, Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')].filter((s) => s.length >= 6);
  return (line) => secrets.reduce((text, secret) => text.split(secret).join('[secret hidden]'), line);
}

const defaultMakeClient: MakeClient = ({ accountSid, username, password }) => twilio(username, password, { accountSid });

const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const defaultFetch: Fetch = (url, init) => fetch(url, init);

/** Asks on the terminal; with no terminal (a pipe, CI) nobody can answer, so the answer is no. */
export function terminalConfirm(input: NodeJS.ReadStream, output: NodeJS.WriteStream, io: CliIo): Confirm {
  return async (question) => {
    if (!input.isTTY) {
      io.err('Nobody can answer a question here (no terminal): add --yes to place the test call without asking, or --no-call.');
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
export async function runPreflightCli(argv: readonly string[], env: Record<string, string | undefined>, io: CliIo, deps: PreflightDeps = {}): Promise<number> {
  let args: ParsedArgs;
  let settings: Settings;
  let credentials: Credentials;
  try {
    args = parseArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return EXIT_READY;
    }
    settings = readSettings(args, env, deps.allowLocal ?? false);
    credentials = readCredentials(env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    if (error.showUsage) {
      io.err('');
      io.err(USAGE);
    }
    return EXIT_USAGE;
  }

  const redact = redactor(credentials);
  const out = (line: string) => io.out(redact(line));
  const err = (line: string) => io.err(redact(line));
  try {
    const outcome = await runPreflight({
      client: (deps.makeClient ?? defaultMakeClient)(credentials),
      ...settings,
      yes: args.yes,
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
    const detail = error instanceof Error ? error.message : String(error);
    err(`Pre-flight stopped because of an unexpected error: ${detail}. Run it again; if it happens again, look at the call in the Twilio Console under Monitor → Logs.`);
    return EXIT_NOT_READY;
  }
}
