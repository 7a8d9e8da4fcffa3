import { runCommand, EXIT_FAILED, EXIT_OK, UsageError, type CliIo, type CommandLine } from '../../cli/command-line.js';
import { errorMessage } from '../../content/error-message.js';
import type { Environment } from '../../settings/read-environment.js';
import { createTwilioClient, readTwilioCredentials, redactor, type TwilioCredentials } from '../../server/twilio-rest.js';
import { ConfigureError } from './configure-error.js';
import { configureNumber, type ConfigureResult, type PhoneNumberClient } from './configure-number.js';

export type MakeClient = (credentials: TwilioCredentials) => PhoneNumberClient;

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
  'It needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, the Account SID and Auth Token shown on the',
  'Twilio Console home page of the account that owns the number (or an API key of that account in',
  'TWILIO_API_KEY and TWILIO_API_SECRET), in the environment or in .env.',
  '',
  'Example:',
  '  TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... npm run configure-number -- +4721000000 https://hotline.example.org',
].join('\n');

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

const COMMAND_LINE = {
  usage: USAGE,
  options: { 'fallback-url': { type: 'string' } },
  // "+47 21 00 00 00" typed without quotes arrives as several words: everything before the address is the number.
  positionals: { max: 8 },
} as const satisfies CommandLine<{ 'fallback-url': { type: 'string' } }>;

/** Runs the command; `argv` is the arguments after the script name. Resolves to the exit code. */
export function runConfigureNumber(argv: readonly string[], env: Environment, io: CliIo, makeClient: MakeClient = createTwilioClient): Promise<number> {
  return runCommand(COMMAND_LINE, argv, io, async ({ values, positionals }) => {
    if (positionals.length < 2) {
      throw new UsageError(positionals.length === 0 ? 'Give the phone number and the public address of this service.' : 'Give the public address of this service after the phone number.', true);
    }
    const phoneNumber = positionals.slice(0, -1).join(' ');
    const publicBaseUrl = positionals.at(-1) as string;
    const credentials = readTwilioCredentials(env);
    const redact = redactor(credentials);
    try {
      const result = await configureNumber({ client: makeClient(credentials), phoneNumber, publicBaseUrl, fallbackUrl: values['fallback-url'] });
      for (const line of describe(result)) io.out(line);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof ConfigureError)) throw new Error(redact(errorMessage(error)), { cause: error });
      io.err(redact(error.message));
      return EXIT_FAILED;
    }
  });
}
