import { checkPrompts, formatReport } from '../src/checks/check-prompts.js';
import { weekOfInstants } from '../src/checks/check-timing.js';
import { loadMessageWords } from '../src/checks/message-words.js';
import { buildHotline, defaultPaths, readHotlineSources } from '../src/hotline.js';

try {
  const paths = defaultPaths();
  const sources = readHotlineSources(paths);
  const recordings = (sources.recordings?.all ?? []).map((r) => `${r.lang}/${r.key}`);
  const messageWords = loadMessageWords(paths.messageWordsFile);
  const report = checkPrompts(sources, { build: buildHotline, instants: weekOfInstants(new Date()), recordings, messageWords });
  console.log(formatReport(report));
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} catch (error) {
  console.error(`The prompt check could not read its files: ${(error as Error).message}`);
  process.exitCode = 1;
}
