import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../content/error-message.js';

/**
 * The one command-line module every npm command uses (call, preflight, configure-number, bench,
 * export-fallback, check-prompts, flow, schemas): node:util's parseArgs, the usage text on --help,
 * the exit codes, and one sentence (with the usage when the command line itself was wrong) instead
 * of a stack trace.
 */

/** Where a command writes: one line at a time, without the trailing newline. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** 0: done, or the usage shown on --help. */
export const EXIT_OK = 0;
/** 1: the command ran and something was wrong (a check failed, Twilio said no, a file could not be written). */
export const EXIT_FAILED = 1;
/** 2: the command line or the settings were wrong; nothing was done. */
export const EXIT_USAGE = 2;

/** A wrong command line or setting: the message is the one sentence saying what to do. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** `showUsage`: print the usage before the sentence, because the command line itself was wrong. */
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandLine<O extends Options> {
  /** The text --help prints, and wrong usage prints after its sentence. */
  readonly usage: string;
  /** Options besides --help (-h), which every command has. */
  readonly options: O;
  /** How many words may follow the options; none unless given. */
  readonly positionals?: { readonly max: number };
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

/** The value of each option as given: text for a string option (a list with `multiple`), true for a flag. */
export type OptionValues<O extends Options> = {
  readonly [K in keyof O]?: O[K]['type'] extends 'string' ? (O[K]['multiple'] extends true ? string[] : string) : boolean;
};

export interface ParsedLine<O extends Options> {
  readonly values: OptionValues<O>;
  readonly positionals: readonly string[];
}

/** parseArgs' own messages, as one sentence for an operator. */
function describeParseError(error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  const message = errorMessage(error);
  // "Option '-y, --yes' does not take an argument": the long form is the one the usage shows.
  const option = /'(?:-\w, )?(-{1,2}[^' ,]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return new UsageError(`${option} is not an option of this command.`, true);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/argument missing/.test(message)) return new UsageError(`Give a value after ${option}.`, true);
    if (/ambiguous/.test(message)) return new UsageError(`Give a value after ${option} (a value that starts with a dash goes after an equals sign, as in ${option}=-…).`, true);
    return new UsageError(`${option} takes no value.`, true);
  }
  return new UsageError(message, true);
}

/** Reads argv against the command's options; throws UsageError with the sentence to print. `undefined`: --help was asked for. */
export function parseCommandLine<O extends Options>(line: CommandLine<O>, argv: readonly string[]): ParsedLine<O> | undefined {
  let parsed: ReturnType<typeof parseArgs<{ options: Options; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...line.options, ...HELP }, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    // --help anywhere wins over anything else wrong on the line.
    if (argv.includes('--help') || argv.includes('-h')) return undefined;
    throw describeParseError(error);
  }
  if (parsed.values.help === true) return undefined;
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const multiple = (line.options[token.name] as { multiple?: boolean } | undefined)?.multiple === true;
    if (seen.has(token.name) && !multiple) throw new UsageError(`Give --${token.name} only once.`, true);
    seen.add(token.name);
  }
  const max = line.positionals?.max ?? 0;
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals[max] as string;
    throw new UsageError(max === 0 ? `"${extra}" is not an option of this command, which takes no other arguments.` : `"${extra}" is one argument too many.`, true);
  }
  const values: Record<string, unknown> = { ...parsed.values };
  delete values.help;
  return { values: values as OptionValues<O>, positionals: parsed.positionals };
}

/**
 * Runs a command: --help prints the usage and exits 0; a UsageError prints its sentence (after the
 * usage when the line itself was wrong) and exits 2; anything else unexpected is one sentence and exit 1.
 * `name` says what stopped, in that sentence ("Pre-flight", "The benchmark").
 */
export async function runCommand<O extends Options>(
  line: CommandLine<O>,
  argv: readonly string[],
  io: CliIo,
  run: (parsed: ParsedLine<O>) => number | Promise<number>,
  name = 'The command',
): Promise<number> {
  try {
    const parsed = parseCommandLine(line, argv);
    if (parsed === undefined) {
      io.out(line.usage);
      return EXIT_OK;
    }
    return await run(parsed);
  } catch (error) {
    if (error instanceof UsageError) {
      // The sentence comes last, under the usage, where the eye lands when the command stops.
      if (error.showUsage) io.err(`${line.usage}\n`);
      io.err(error.message);
      return EXIT_USAGE;
    }
    io.err(`${name} stopped because of an unexpected error: ${errorMessage(error)}`);
    return EXIT_FAILED;
  }
}

/** Standard output and error, a line at a time. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
