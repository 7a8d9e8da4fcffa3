import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_FAILED, runCommand, UsageError, type CliIo, type CommandLine, type ParsedLine } from '../../cli/command-line.js';
import type { Hotline, LangCode } from '../../hotline/index.js';
import { errorMessage } from '../../content/error-message.js';
import type { Environment } from '../../settings/read-environment.js';
import { loadHotline } from '../../load/load-hotline.js';
import { createTwilioClient, readTwilioCredentials, redactor, type TwilioCredentials } from '../../server/twilio-rest.js';
import type { Confirm, Sleep } from './preflight-client.js';
import { defaultSleep, normalized, setting } from './preflight-cli.js';
import { normalizePhoneNumber, normalizePublicBaseUrl } from './public-address.js';
import { DEFAULT_REVIEW_TIMING, runReviewSpeech, type ReviewCall, type ReviewClient, type ReviewTiming } from './review-speech.js';

export interface ReviewSpeechDeps {
  readonly makeClient?: (credentials: TwilioCredentials) => ReviewClient;
  /** The line whose sentences are reviewed; the one in this checkout's prompts/ and content/ by default. */
  readonly line?: Hotline;
  readonly confirm?: Confirm;
  readonly sleep?: Sleep;
  readonly now?: () => Date;
  readonly timing?: Partial<ReviewTiming>;
  readonly writeFile?: (path: string, text: string) => void;
  /** Accept http and loopback addresses for the service. Only tests set it; there is no flag for it. */
  readonly allowLocal?: boolean;
}

export const USAGE = [
  'Usage: npm run review-speech -- --to <reviewer-phone> --lang <uk|ru|en> [--from <hotline-number>]',
  '                                [--url <public-base-url>] [--out <file.md>] [--yes]',
  '       npm run review-speech -- --call <CA…> [--out <file.md>]',
  '',
  "A listening review before launch: after asking, it calls a native speaker's phone from the hotline",
  "number, and the line plays, on its own voice for that language, each sentence where a wrong reading",
  "would cost a caller most: every helpline's name, every number, every sentence with opening hours,",
  'what a caller hears when a line is closed and before each transfer (for ROSA: what to say when it',
  'answers in Norwegian), and the text-message offer. After each sentence the reviewer presses',
  '1 if it sounded right, 2 if wrong, 3 to hear it again (no key twice, or another key twice, counts',
  'as no answer). When the call has ended it reads the keys back from Twilio (about 15 minutes later,',
  'when Twilio makes the call\'s steps readable), prints each sentence with its key, text and verdict,',
  'and writes the same as Markdown to keep with the deploy. It changes nothing in the account.',
  '',
  '  --to <reviewer-phone>    the reviewer\'s phone, in international format, for example +4790000000',
  '  --lang <code>            the language to review: a code from prompts/languages.json (uk, ru, en)',
  '  --from <hotline-number>  the hotline\'s Twilio number (or set HOTLINE_NUMBER)',
  '  --url <public-base-url>  the public https address of the deployed service (or set PUBLIC_BASE_URL);',
  '                           it must run this version, whose sentences the report names',
  '  --out <file.md>          where to write the report (default: review-speech-<lang>-<time>.md here)',
  '  --call <CA…>             do not call: fetch the report of an earlier review call by its SID',
  '  --yes                    place the call without asking',
  '',
  'It needs TWILIO_ACCOUNT_SID, and TWILIO_AUTH_TOKEN or an API key (TWILIO_API_KEY and TWILIO_API_SECRET),',
  'in the environment or in .env. It exits 0 when every sentence was found right, 1 otherwise.',
  '',
  'Example:',
  '  HOTLINE_NUMBER=+4721000000 PUBLIC_BASE_URL=https://hotline.example.org npm run review-speech -- --to +4790000000 --lang uk',
].join('\n');

const COMMAND_LINE = {
  usage: USAGE,
  options: {
    to: { type: 'string' },
    lang: { type: 'string' },
    from: { type: 'string' },
    url: { type: 'string' },
    out: { type: 'string' },
    call: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
  },
} as const satisfies CommandLine<Record<string, { type: 'string' | 'boolean'; short?: string }>>;

const CALL_SID = /^CA[0-9a-f]{32}$/i;

type Values = ParsedLine<(typeof COMMAND_LINE)['options']>['values'];

/** The call to place: the reviewer's phone, the hotline's number and the service's address, each from its flag or the settings. */
function reviewCall(values: Values, env: Environment, lang: LangCode | undefined, codes: string, allowLocal: boolean): ReviewCall {
  const to = setting(values.to, undefined, '--to', '');
  if (!to) throw new UsageError("Give the reviewer's phone with --to, in international format such as +4790000000 (or --call with an earlier review call's SID).");
  if (!lang) throw new UsageError(`Give the language to review with --lang: one of ${codes}.`);
  const from = setting(values.from, env.HOTLINE_NUMBER, '--from', 'HOTLINE_NUMBER');
  const url = setting(values.url, env.PUBLIC_BASE_URL, '--url', 'PUBLIC_BASE_URL');
  if (!from) throw new UsageError("Give the hotline's Twilio number with --from, or set HOTLINE_NUMBER, in international format such as +4721000000.");
  if (!url) throw new UsageError('Give the public address of the service with --url, or set PUBLIC_BASE_URL, such as https://hotline.example.org.');
  const phoneNumber = normalized(from, normalizePhoneNumber);
  const base = normalized(url, (value) => normalizePublicBaseUrl(value, { allowLocal }));
  const reviewer = normalized(to, normalizePhoneNumber);
  if (reviewer === phoneNumber) throw new UsageError("--to is the hotline number itself: give the reviewer's phone, so the hotline can call it.");
  return { kind: 'call', to: reviewer, phoneNumber, base, lang };
}

/** Runs the command; `argv` is the arguments after the script name. Resolves to the exit code. */
export function runReviewSpeechCli(argv: readonly string[], env: Environment, io: CliIo, deps: ReviewSpeechDeps = {}): Promise<number> {
  return runCommand(
    COMMAND_LINE,
    argv,
    io,
    async ({ values }) => {
      const call = values.call?.trim();
      if (call !== undefined && !CALL_SID.test(call)) throw new UsageError(`--call takes the SID of the review call, "CA" and 32 letters and digits, as the command printed it.`);
      if (call !== undefined && values.to !== undefined) throw new UsageError('Give either --to, to call a reviewer, or --call, to fetch the report of an earlier call; not both.');
      const line = deps.line ?? loadHotline();
      const codes = line.languages.map((l) => l.code).join(', ');
      const lang = values.lang === undefined ? undefined : line.language(values.lang.trim());
      if (values.lang !== undefined && !lang) throw new UsageError(`--lang ${values.lang} is not a language of the line: give one of ${codes}.`);

      const what = call === undefined ? reviewCall(values, env, lang, codes, deps.allowLocal ?? false) : ({ kind: 'report', callSid: call } as const);
      const credentials = readTwilioCredentials(env);
      const redact = redactor(credentials);
      try {
        return await runReviewSpeech({
          client: (deps.makeClient ?? createTwilioClient)(credentials),
          line,
          what,
          yes: values.yes === true,
          confirm: deps.confirm ?? (() => Promise.resolve(false)),
          sleep: deps.sleep ?? defaultSleep,
          now: deps.now ?? (() => new Date()),
          timing: { ...DEFAULT_REVIEW_TIMING, ...deps.timing },
          out: values.out === undefined ? undefined : resolve(values.out),
          writeFile: deps.writeFile ?? ((path, text) => writeFileSync(path, text)),
          print: (text) => io.out(redact(text)),
        });
      } catch (error) {
        io.err(redact(`The listening review stopped because of an unexpected error: ${errorMessage(error)}. If a call was placed, fetch its report later with --call and its SID.`));
        return EXIT_FAILED;
      }
    },
    'The listening review',
  );
}
