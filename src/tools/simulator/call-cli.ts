import { formatInTimeZone } from 'date-fns-tz';
import { type Config, loadConfig } from '../../settings/load-config.js';
import { E164, type Hotline, type HotlineOptions } from '../../hotline/index.js';
import { defaultPaths, loadHotline } from '../../load/load-hotline.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runCommand, UsageError, type CommandLine, type ParsedLine } from '../../cli/command-line.js';
import { errorMessage } from '../../content/error-message.js';
import { describeDialledNumber, formatEvent, parseWallTime, urlTransport } from './call-simulator.js';
import { inProcessLine } from './in-process-line.js';
import { interactiveCaller, parseScriptItem, ScriptError, scriptedCaller, type ScriptItem } from './callers.js';
import { DEFAULT_FROM, WITHHELD_FROM } from '../walk/simulated-caller.js';
import { runCall, type CallResult, type Transport } from '../walk/walk-call.js';

export interface CallCliIo {
  /** One line for standard output, without the trailing newline. */
  out(line: string): void;
  /** One line for standard error, without the trailing newline. */
  err(line: string): void;
  /** Where keys are typed when no --keys script is given. */
  input?: NodeJS.ReadableStream;
  /** Writes a prompt without ending the line; without it, prompts go through out(). */
  prompt?(text: string): void;
  /** Read for TWILIO_AUTH_TOKEN when --url is given, and without it for the settings the private line answers with (PRIVATE_LINE_SETTINGS). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Builds the line to call without --url, with the spoken answers SPEECH_INPUT asks for; the shipped line unless a test gives another. */
  hotline?: (options: HotlineOptions) => Hotline;
}

export const USAGE = [
  'Usage: npm run call -- [--keys <list>] [--at <time>] [--from <number>] [--url <address>]',
  '',
  'Makes a pretend call to the hotline and prints what the caller hears, line by line.',
  '',
  '  --keys <list>   what the caller does, in order, separated by commas: a key (0-9, * or #),',
  '                  "silence" (or nothing between two commas) for no key, and, when the line',
  '                  puts the call through, how that ends: answered, busy, no-answer or failed.',
  '                  Put * and # in quotes. Without --keys you type each key yourself.',
  '                  With SPEECH_INPUT=on, say:<words> answers by speaking (say:людина), and',
  '                  say:<words>@<confidence> sets how sure Twilio is of them (0 to 1, default 0.9).',
  '  --at <time>     pretend the call happens at this time in the time zone of the helplines',
  '                  (content/helplines.json), e.g. 2026-12-07T11:00 (opening hours depend on it).',
  '                  Default: now.',
  `  --from <number> the caller's number in international format. Default: ${DEFAULT_FROM}; with --url,`,
  `                  ${WITHHELD_FROM} (a withheld number), so that a server with text messages turned on`,
  '                  never texts a real phone. A --from of your own phone gets the message offer.',
  '  --url <address> call a hotline that is already running, e.g. http://127.0.0.1:3000,',
  '                  signing with TWILIO_AUTH_TOKEN when it is set. Default: the hotline answering',
  '                  in this process, as a server with the same settings would (SPEECH_INPUT,',
  '                  HOTLINE_NUMBER; with SMS_FROM and the account set it offers the text message,',
  '                  and says when one would be sent: it never sends one).',
  '  --public-url <address>  with --url: the public origin the server checks signatures against',
  '                  (its PUBLIC_BASE_URL), e.g. https://hotline.example.org.',
  '  --help          show this text.',
  '',
  'It reads TWILIO_AUTH_TOKEN from the environment or from .env, as the server does.',
  '',
  'Example: npm run call -- --keys 1,5 --at 2026-12-07T11:00',
  '         SPEECH_INPUT=on npm run call -- --keys say:українська,say:людина --at 2026-12-07T11:00',
].join('\n');

const COMMAND_LINE: CommandLine<{
  keys: { type: 'string' };
  at: { type: 'string' };
  url: { type: 'string' };
  'public-url': { type: 'string' };
  from: { type: 'string' };
}> = {
  usage: USAGE,
  options: { keys: { type: 'string' }, at: { type: 'string' }, url: { type: 'string' }, 'public-url': { type: 'string' }, from: { type: 'string' } },
};

type CallArguments = ParsedLine<(typeof COMMAND_LINE)['options']>;

interface CliOptions {
  readonly keys: readonly ScriptItem[] | undefined;
  /** The --at wall time, read in the directory's time zone once the line is loaded. */
  readonly at: string | undefined;
  readonly url: URL | undefined;
  readonly publicUrl: URL | undefined;
  readonly from: string;
}

function parseUrl(value: string, option = '--url', example = 'http://127.0.0.1:3000'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} "${value}" is not an address; give one such as ${example}.`, true);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
    throw new UsageError(`${option} "${value}" must be an http(s) address without a path, such as ${example}.`, true);
  }
  return url;
}

function readOptions({ values }: CallArguments): CliOptions {
  const { keys, at, url, 'public-url': publicUrl } = values;
  const from = values.from ?? (url !== undefined ? WITHHELD_FROM : DEFAULT_FROM);
  if (!E164.test(from)) throw new UsageError(`--from "${from}" is not a phone number in international format, such as ${DEFAULT_FROM}.`, true);
  if (at !== undefined && url !== undefined) throw new UsageError('--at works only without --url: a running hotline keeps its own clock.', true);
  if (publicUrl !== undefined && url === undefined) throw new UsageError('--public-url works only with --url: it is the public origin of that running hotline.', true);
  let items: ScriptItem[] | undefined;
  try {
    items = keys?.split(',').map(parseScriptItem);
  } catch (error) {
    if (error instanceof ScriptError) throw new UsageError(error.message, true);
    throw error;
  }
  return {
    from,
    keys: items,
    at,
    url: url === undefined ? undefined : parseUrl(url),
    publicUrl: publicUrl === undefined ? undefined : parseUrl(publicUrl, '--public-url', 'https://hotline.example.org'),
  };
}

/** The --at time as an instant in the line's time zone. */
function instantOf(at: string | undefined, timeZone: string): Date | undefined {
  if (at === undefined) return undefined;
  try {
    return parseWallTime(at, timeZone);
  } catch (error) {
    throw new UsageError(`--at ${errorMessage(error)}`, true);
  }
}

/** The private line's origin: it opens no socket, so the name only resolves relative TwiML URLs. */
const PRIVATE_ORIGIN = new URL('http://localhost');

function openLine(options: CliOptions, at: Date | undefined, hotline: Hotline, io: CallCliIo, config: Config): Transport {
  if (options.url) return urlTransport(options.url, io.env?.TWILIO_AUTH_TOKEN?.trim() || undefined, options.publicUrl);
  const clock = at ? () => new Date(at) : () => new Date();
  return inProcessLine(hotline, PRIVATE_ORIGIN, clock, { ...config, textMessages: config.textMessages !== undefined });
}

function describeCall(options: CliOptions, at: Date | undefined, timeZone: string, transport: Transport): string {
  const where = options.url ? transport.baseUrl.origin : 'the hotline';
  const when = options.url ? "the server's own time" : `${formatInTimeZone(at ?? new Date(), timeZone, 'EEE yyyy-MM-dd HH:mm')} ${timeZone} time`;
  return `(calling ${where} from ${options.from}, ${when})`;
}

/**
 * The settings that change what the private line answers: spoken answers, the caller ID of a
 * transfer, and whether the text message is offered (sending it is only told, never done).
 */
const PRIVATE_LINE_SETTINGS = ['SPEECH_INPUT', 'SPEECH_MIN_CONFIDENCE', 'HOTLINE_NUMBER', 'PASS_CALLER_NUMBER', 'SMS_FROM', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET'] as const;

const EXIT_CODES: Record<CallResult, number> = { ended: EXIT_OK, stopped: EXIT_OK, error: EXIT_FAILED, runaway: EXIT_FAILED };

/** Runs the simulator; `argv` is the arguments after the script name. Resolves to the exit code. */
export function runCallCli(argv: readonly string[], io: CallCliIo): Promise<number> {
  return runCommand(COMMAND_LINE, argv, io, (parsed) => call(readOptions(parsed), io), 'The call');
}

async function call(options: CliOptions, io: CallCliIo): Promise<number> {
  if (!options.keys && !io.input) throw new UsageError('Give the keys to press with --keys, for example --keys 1,5.');
  let hotline: Hotline;
  let config: Config;
  try {
    // The private line answers as a server would with the same settings (a running one decides itself).
    config = loadConfig(options.url ? {} : Object.fromEntries(PRIVATE_LINE_SETTINGS.map((name) => [name, io.env?.[name]])));
    const lineOptions: HotlineOptions = { speech: config.speechInput };
    hotline = io.hotline ? io.hotline(lineOptions) : loadHotline(defaultPaths(), lineOptions);
  } catch (error) {
    io.err(errorMessage(error));
    return EXIT_FAILED;
  }
  const at = instantOf(options.at, hotline.directory.timeZone);
  const transport = openLine(options, at, hotline, io, config);
  const caller = options.keys ? scriptedCaller(options.keys, io) : interactiveCaller(io.input as NodeJS.ReadableStream, io);
  try {
    io.out(describeCall(options, at, hotline.directory.timeZone, transport));
    if (options.url && !io.env?.TWILIO_AUTH_TOKEN?.trim()) {
      io.err('TWILIO_AUTH_TOKEN is not set: requests go unsigned, which only a server started without a token accepts.');
    }
    const result = await runCall({
      transport,
      from: options.from,
      onEvent: (event) => (event.kind === 'error' ? io.err(formatEvent(event)) : io.out(formatEvent(event))),
      nextKey: (context) => caller.nextKey(context),
      dialOutcome: () => caller.dialOutcome(),
      describeNumber: describeDialledNumber(hotline),
    });
    if (caller.problem) {
      io.err(caller.problem);
      return EXIT_USAGE;
    }
    return EXIT_CODES[result];
  } finally {
    caller.close();
    await transport.close();
  }
}
