/**
 * The examples of the program's output that README.md and docs/ show, each made by the program
 * itself: the call simulator on the shipped line, the text message as it is sent, and the operator
 * commands run against a pretend Twilio account (twilio-scenes.ts), so no example can drift from
 * what the program says. A page names an example with `<!-- example: <name> -->` above its block.
 */
import type { Hotline } from '../../src/hotline/index.js';
import { buildHotline, numbersMessageText } from '../../src/hotline/index.js';
import { defaultPaths, loadHotline, readHotlineSources } from '../../src/load/load-hotline.js';
import { DEFAULT_SPEECH_MIN_CONFIDENCE } from '../../src/settings/environment-schema.js';
import { checkPrompts, formatReport } from '../../src/tools/checks/check-prompts.js';
import { loadMessageWords } from '../../src/tools/checks/message-words.js';
import { weekOfInstants } from '../../src/tools/walk/walk-week.js';
import { runCallCli } from '../../src/tools/simulator/call-cli.js';
import { configureNumberOutput, preflightOutput, reviewReportOutput } from './twilio-scenes.js';

export interface Example {
  /** What a reader would type to see it (for the regenerating script's listing). */
  readonly shows: string;
  readonly make: (line: Hotline) => Promise<string>;
}

/** What `npm run call -- <argv>` prints, on the shipped line, with no setting from the environment. */
async function callOutput(argv: readonly string[], line: Hotline): Promise<string[]> {
  const printed: string[] = [];
  const code = await runCallCli(argv, { out: (text) => printed.push(text), err: (text) => printed.push(text), env: {}, hotline: () => line });
  if (code !== 0) throw new Error(`npm run call -- ${argv.join(' ')} exited ${code}: ${printed.join('\n')}`);
  return printed;
}

const lastLines = (lines: readonly string[], count: number) => lines.slice(-count).join('\n');

/** The lines of one step: from the line after `after` up to (not including) the next line in brackets, such as "(no key)". */
function stepAfter(lines: readonly string[], after: number): string {
  const rest = lines.slice(after + 1);
  const end = rest.findIndex((text) => text.startsWith('('));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

const callExample = (argv: readonly string[], pick: (lines: readonly string[]) => string): Example => ({
  shows: `npm run call -- ${argv.join(' ')}`,
  make: async (line) => pick(await callOutput(argv, line)),
});

const textMessage = (lang: string): Example => ({
  shows: `the text message in ${lang} (textMessage.body in prompts/${lang}.json)`,
  make: (line) => Promise.resolve(numbersMessageText(line.catalog, line.directory, lang)),
});

/** The week the prompt check's example walks: a week without a public holiday, so it is any ordinary week. */
const CHECKED_WEEK = new Date('2026-12-07T00:00:00+01:00');

/** What `npm run check:prompts` prints for the shipped line over that week (as scripts/check-prompts.ts runs it). */
function promptCheckReport(): Promise<string> {
  const paths = defaultPaths();
  const sources = readHotlineSources(paths);
  const recordings = (sources.recordings?.all ?? []).map((r) => `${r.lang}/${r.key}`);
  const build = (s: typeof sources) => buildHotline(s, { speech: { minConfidence: DEFAULT_SPEECH_MIN_CONFIDENCE } });
  const report = checkPrompts(sources, { build, instants: weekOfInstants(CHECKED_WEEK), recordings, messageWords: loadMessageWords(paths.messageWordsFile) });
  return Promise.resolve(formatReport(report));
}

export const EXAMPLES: Readonly<Record<string, Example>> = {
  'call-monday-caritas': callExample(['--keys', '1,1', '--at', '2026-12-07T11:00'], (lines) => lastLines(lines, 4)),
  'call-friday-rosa': callExample(['--keys', '1,1', '--at', '2026-12-11T11:00'], (lines) => lastLines(lines, 4)),
  'call-opening-from-russia': callExample(['--from', '+79161234567', '--keys', 'silence', '--at', '2026-12-07T11:00'], (lines) => stepAfter(lines, 0)),
  'text-message-uk': textMessage('uk'),
  'text-message-ru': textMessage('ru'),
  'text-message-en': textMessage('en'),
  'check-prompts-report': {
    shows: 'npm run check:prompts (in the week of Monday 7 December 2026)',
    make: () => promptCheckReport(),
  },
  'configure-number-done': {
    shows: 'npm run configure-number -- +4721000000 https://hotline.example.org (a number that called the demo before)',
    make: () => configureNumberOutput(),
  },
  'preflight-ready': {
    shows: 'npm run preflight -- --to +4790000000 (a ready line, the test call answered)',
    make: () => preflightOutput('ready'),
  },
  'preflight-not-ready': {
    shows: 'npm run preflight -- --to +4790000000 (a number pointing elsewhere, no calls to Norway)',
    make: () => preflightOutput('not-ready'),
  },
  'review-speech-report': {
    shows: 'npm run review-speech -- --to +4790000000 --lang uk (the report, the third sentence found wrong; shortened)',
    make: (line) => Promise.resolve(reviewReportOutput(line)),
  },
};

/** Every example's current output, made once on the shipped line (or the line given). */
export async function makeExamples(line: Hotline = loadHotline()): Promise<Map<string, string>> {
  const outputs = new Map<string, string>();
  for (const [name, example] of Object.entries(EXAMPLES)) outputs.set(name, await example.make(line));
  return outputs;
}
