import { checkPrompts, formatReport } from '../src/checks/check-prompts.js';
import { weekOfInstants } from '../src/checks/check-timing.js';
import { DEFAULT_SPEECH_MIN_CONFIDENCE } from '../src/content/environment-schema.js';
import { buildHotline, readHotlineSources } from '../src/hotline.js';

try {
  const sources = readHotlineSources();
  const recordings = (sources.recordings?.all ?? []).map((r) => `${r.lang}/${r.key}`);
  // With spoken answers on: every answer says and listens for at least as much as with them off.
  const build = (s: typeof sources) => buildHotline(s, { speech: { minConfidence: DEFAULT_SPEECH_MIN_CONFIDENCE } });
  const report = checkPrompts(sources, { build, instants: weekOfInstants(new Date()), recordings });
  console.log(formatReport(report));
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} catch (error) {
  console.error(`The prompt check could not read its files: ${(error as Error).message}`);
  process.exitCode = 1;
}
