import twilio from 'twilio';
import { ConfigureError } from './configure-error.js';
import { configureNumber, type ConfigureResult, type PhoneNumberClient } from './configure-number.js';

export interface CliIo {
  /** One line for standard output, without the trailing newline. */
  readonly out: (line: string) => void;
  /** One line for standard error, without the trailing newline. */
  readonly err: (line: string) => void;
}

export type MakeClient = (accountSid: string, authToken: string) => PhoneNumberClient;

/** Exit codes: 0 done (or help shown), 1 Twilio or the arguments' values said no, 2 wrong usage or missing settings. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const USAGE = [
  'Usage: npm run configure-number -- <phone-number> <public-base-url> [--fallback-url <url>]',
  '',
  'Points a Twilio phone number at this hotline: calls to the number are answered by',
  '<public-base-url>/voice, with <public-base-url>/voice/fallback as the fallback and',
  '<public-base-url>/voice/status receiving call status reports.',
  '',
  '  <phone-number>        the Twilio number in international format, for example +4721000000',
  '  <public-base-url>     the public https address of this service, for example https://hotline.example.org',
  '  --fallback-url <url>  the https address of the static voice-fallback.xml, hosted apart from this',
  '                        service so it answers when the service is down; Twilio fetches it with GET',
  '',
  'It needs the environment variables TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, the Account SID',
  'and Auth Token shown on the Twilio Console home page of the account that owns the number.',
  '',
  'Example:',
  '  TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... npm run configure-number -- +4721000000 https://hotline.example.org',
].join('\n');

const HELP_FLAGS = new Set(['--help', '-h', 'help']);
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

const defaultMakeClient: MakeClient = (accountSid, authToken) => twilio(accountSid, authToken);

function describe(result: ConfigureResult): string[] {
  const name = result.friendlyName && result.friendlyName !== result.phoneNumber ? ` ("${result.friendlyName}")` : '';
  const fallback =
    result.voiceFallbackMethod === 'GET'
      ? `  If that address fails, Twilio fetches the static fallback ${result.voiceFallbackUrl} (GET).`
      : `  If that address fails, Twilio uses the fallback ${result.voiceFallbackUrl}.`;
  const lines = [
    `${result.phoneNumber}${name} now calls ${result.voiceUrl} when someone rings it.`,
    fallback,
    `  Call status reports go to ${result.statusCallback}.`,
  ];
  const before = result.previous.voiceUrl;
  if (before && before !== result.voiceUrl) lines.push(`  Before this change it called ${before}.`);
  return lines;
}

const FALLBACK_FLAG = '--fallback-url';

/** Takes `--fallback-url URL` (or `--fallback-url=URL`) out of argv; the rest are the positional arguments. */
function splitFallbackFlag(argv: readonly string[]): { positional: string[]; fallbackUrl?: string; problem?: string } {
  const positional: string[] = [];
  let fallbackUrl: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    let value: string | undefined;
    if (arg === FALLBACK_FLAG) {
      value = argv[i + 1];
      i += 1;
      if (value === undefined || value.startsWith('--')) return { positional, problem: `Give the address of the static fallback after ${FALLBACK_FLAG}.` };
    } else if (arg.startsWith(`${FALLBACK_FLAG}=`)) {
      value = arg.slice(FALLBACK_FLAG.length + 1);
    } else if (arg.startsWith('--')) {
      return { positional, problem: `${arg} is not an option of this command.` };
    } else {
      positional.push(arg);
      continue;
    }
    if (fallbackUrl !== undefined) return { positional, problem: `Give ${FALLBACK_FLAG} only once.` };
    fallbackUrl = value;
  }
  return fallbackUrl === undefined ? { positional } : { positional, fallbackUrl };
}

/** Runs the command; `argv` is the arguments after the script name. Resolves to the exit code. */
export async function runConfigureNumber(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  makeClient: MakeClient = defaultMakeClient,
): Promise<number> {
  if (argv.some((arg) => HELP_FLAGS.has(arg))) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const { positional, fallbackUrl, problem } = splitFallbackFlag(argv);
  if (problem || positional.length < 2) {
    io.err(problem ?? (positional.length === 0 ? 'Give the phone number and the public address of this service.' : 'Give the public address of this service after the phone number.'));
    io.err('');
    io.err(USAGE);
    return EXIT_USAGE;
  }
  // "+47 21 00 00 00" typed without quotes arrives as several arguments: everything before the address is the number.
  const phoneNumber = positional.slice(0, -1).join(' ');
  const publicBaseUrl = positional.at(-1) as string;

  const accountSid = env.TWILIO_ACCOUNT_SID?.trim() ?? '';
  const authToken = env.TWILIO_AUTH_TOKEN?.trim() ?? '';
  const missing = [
    ...(accountSid ? [] : [{ name: 'TWILIO_ACCOUNT_SID', what: 'Account SID' }]),
    ...(authToken ? [] : [{ name: 'TWILIO_AUTH_TOKEN', what: 'Auth Token' }]),
  ];
  if (missing.length > 0) {
    const names = missing.map((m) => m.name).join(' and ');
    const whats = missing.map((m) => m.what).join(' and ');
    const [verb, pronoun] = missing.length > 1 ? ['are', 'them'] : ['is', 'it'];
    io.err(`${names} ${verb} not set: set ${pronoun} to the ${whats} shown on the Twilio Console home page, then run the command again.`);
    return EXIT_USAGE;
  }
  if (!ACCOUNT_SID.test(accountSid)) {
    const apiKey = accountSid.startsWith('SK') ? ' (it looks like an API key SID, which this command cannot use)' : '';
    io.err(
      `TWILIO_ACCOUNT_SID is not an Account SID${apiKey}: it must be the value starting with AC followed by 32 letters and digits, shown on the Twilio Console home page.`,
    );
    return EXIT_USAGE;
  }

  // Nothing printed may contain the auth token, whatever an error message carries.
  const redact = (text: string) => text.split(authToken).join('[auth token hidden]');
  try {
    const result = await configureNumber({ client: makeClient(accountSid, authToken), phoneNumber, publicBaseUrl, fallbackUrl });
    for (const line of describe(result)) io.out(line);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ConfigureError) {
      io.err(redact(error.message));
    } else {
      const detail = error instanceof Error ? error.message : String(error);
      io.err(redact(`The command stopped because of an unexpected error: ${detail}`));
    }
    return EXIT_FAILED;
  }
}
