import { checkPrompts, type PromptReport } from '../../src/tools/checks/check-prompts.js';
import { loadMessageWords } from '../../src/tools/checks/message-words.js';
import { DIAGRAM_WEEK } from '../../src/tools/operations/draw-call-flow.js';
import { walkLine, type WalkedLine } from '../../src/tools/walk/walk-week.js';
import { buildHotline, type HotlineSources } from '../../src/hotline/index.js';
import { defaultPaths, readHotlineSources } from '../../src/load/load-hotline.js';
import { hotline } from './test-line.js';

/**
 * The shipped line walked over a week, once per test run and configuration: the test files of a
 * vitest worker share their modules (vitest.config.ts, isolate: false), so whichever file asks
 * first walks, and the others read the same walk. Each walk takes a few seconds on a quiet
 * machine: a hook that waits for one declares WALK_HOOK_MS (tests/support/timeouts.ts).
 */

/** A week from a Monday in Oslo without public holidays (the diagram's): every situation of the shipped and fixture lines comes up in it. */
export const WEEK: readonly Date[] = DIAGRAM_WEEK;

/** Built as `npm run check:prompts` builds it: with spoken answers on, the most every answer says and listens for. */
export const buildForCheck = (sources: HotlineSources) => buildHotline(sources, { speech: { minConfidence: 0.5 } });

/** The words the shipped text message may hold (content/message-words.json). */
export const shippedMessageWords = loadMessageWords(defaultPaths().messageWordsFile);

let report: PromptReport | undefined;
/** The prompt check of the shipped line over the week, as `npm run check:prompts` makes it. */
export const shippedReport = (): PromptReport => (report ??= checkPrompts(readHotlineSources(), { build: buildForCheck, instants: WEEK, messageWords: shippedMessageWords }));

let walked: WalkedLine | undefined;
/** Every step a call to the shipped line (spoken answers off, as deployed by default) can reach over the week: what `npm run flow` draws. */
export const shippedWalk = (): WalkedLine => (walked ??= walkLine(hotline(), WEEK));
