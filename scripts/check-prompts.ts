import { checkPrompts, formatReport } from '../src/checks/check-prompts.js';
import { distinctSituations, weekOfInstants } from '../src/checks/check-timing.js';
import { checkReachableAnswers } from '../src/checks/check-twiml-limits.js';
import { buildHotline, readHotlineSources } from '../src/hotline.js';

try {
  const sources = readHotlineSources();
  const recordings = (sources.recordings?.all ?? []).map((r) => `${r.lang}/${r.key}`);
  const week = weekOfInstants(new Date());
  const report = checkPrompts(sources, { build: buildHotline, instants: week, recordings });
  console.log(formatReport(report));
  let failed = report.problems.length > 0;
  if (!failed) {
    const hotline = buildHotline(sources);
    const limits = checkReachableAnswers(hotline, distinctSituations(hotline.directory, week));
    console.log(
      `\nTwilio's limits: ${limits.answers.toLocaleString('en')} reachable steps, ${limits.rendered} different answers rendered, the largest ${limits.largestBytes.toLocaleString('en')} bytes (limit 65,536); ` +
        (limits.problems.length === 0 ? "every <Say> uses only its provider's SSML and fits its length." : `${limits.problems.length} problem(s):\n${limits.problems.map((p) => `  - ${p}`).join('\n')}`),
    );
    failed = limits.problems.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
} catch (error) {
  console.error(`The prompt check could not read its files: ${(error as Error).message}`);
  process.exitCode = 1;
}
