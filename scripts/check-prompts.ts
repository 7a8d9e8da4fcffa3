import { EXIT_FAILED, EXIT_OK, processIo, runCommand } from '../src/cli/command-line.js';
import { checkPrompts, formatReport } from '../src/tools/checks/check-prompts.js';
import { weekOfInstants } from '../src/tools/walk/walk-week.js';
import { loadMessageWords } from '../src/tools/checks/message-words.js';
import { errorMessage } from '../src/content/error-message.js';
import { DEFAULT_SPEECH_MIN_CONFIDENCE } from '../src/settings/environment-schema.js';
import { buildHotline } from '../src/hotline/index.js';
import { defaultPaths, readHotlineSources } from '../src/load/load-hotline.js';

const USAGE = [
  'Usage: npm run check:prompts',
  '',
  'Checks the prompts in prompts/ and the directory in content/helplines.json as a caller meets them:',
  'every reachable step in every language over a week, how long each takes to say, that every number',
  "is spoken, Twilio's limits, the words a caller may say in each menu (checked with spoken answers on),",
  'what a voice would say wrongly (Latin words in Ukrainian or Russian, clock digits, digits right before',
  'a number) and the text message against content/message-words.json.',
  'Prints a report; exits 0 when nothing is wrong, 1 otherwise.',
].join('\n');

process.exitCode = await runCommand({ usage: USAGE, options: {} }, process.argv.slice(2), processIo, () => {
  try {
    const paths = defaultPaths();
    const sources = readHotlineSources(paths);
    const recordings = (sources.recordings?.all ?? []).map((r) => `${r.lang}/${r.key}`);
    const messageWords = loadMessageWords(paths.messageWordsFile);
    // With spoken answers on: every answer says and listens for at least as much as with them off.
    const build = (s: typeof sources) => buildHotline(s, { speech: { minConfidence: DEFAULT_SPEECH_MIN_CONFIDENCE } });
    const report = checkPrompts(sources, { build, instants: weekOfInstants(new Date()), recordings, messageWords });
    processIo.out(formatReport(report));
    return report.problems.length === 0 ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    processIo.err(`The prompt check could not read its files: ${errorMessage(error)}`);
    return EXIT_FAILED;
  }
});
