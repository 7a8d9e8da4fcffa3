import { readHotlineSources } from '../src/hotline.js';
import { checkPrompts, formatReport } from '../src/prompts/check-prompts.js';

try {
  const sources = readHotlineSources();
  const report = checkPrompts(sources, (sources.recordings?.all ?? []).map((r) => `${r.lang}/${r.key}`));
  console.log(formatReport(report));
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} catch (error) {
  console.error(`The prompt check could not read its files: ${(error as Error).message}`);
  process.exitCode = 1;
}
