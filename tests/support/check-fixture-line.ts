import { buildAndWalk } from '../../src/tools/checks/check-prompts.js';
import { DIAGRAM_WEEK } from '../../src/tools/operations/draw-call-flow.js';
import { buildHotline } from '../../src/hotline/hotline.js';
import { REFERENCE_LANGUAGE } from '../../src/hotline/prompts/prompt-catalog.js';
import { FIXTURE_MIN_CONFIDENCE, fixtureSources } from './fixture-line.js';


/**
 * Run once before any test (vitest.config.ts, globalSetup): the fixture line must say every sentence
 * the call flow reads, or no test runs. Without this a missing key was heard only as the fail-safe
 * answer, from whichever test happened to reach it.
 *
 * The same build and walk as `npm run check:prompts` on the shipped line, with spoken answers on
 * (they read the most sentences). The reference language alone is walked: the catalog refuses to
 * build a line whose other languages lack one of its keys, so its walk reaches every key the flow
 * reads, at a third of the cost.
 */
export function setup(): void {
  const sources = fixtureSources();
  const fail = (problem: string) => {
    throw new Error(`The fixture line (tests/support/fixture-line.ts) is incomplete. ${problem}`);
  };
  try {
    buildHotline(sources);
  } catch (error) {
    fail((error as Error).message);
  }
  const reference = { ...sources, languages: sources.languages.filter((l) => l.code === REFERENCE_LANGUAGE) };
  const walked = buildAndWalk(reference, (s) => buildHotline(s, { speech: { minConfidence: FIXTURE_MIN_CONFIDENCE } }), DIAGRAM_WEEK);
  if ('problem' in walked) fail(walked.problem);
}
