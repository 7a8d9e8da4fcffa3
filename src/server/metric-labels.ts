import {
  DIAL_RESULT_PATH,
  DIAL_STATUS_VALUES,
  FALLBACK_PATH,
  FINAL_CALL_STATUSES,
  type Hotline,
  MENU_IDS,
  MENU_PATH,
  REVIEW_PATH,
  STATUS_PATH,
  TOPIC_IDS,
  VOICE_PATH,
} from '../hotline/index.js';
import { STORE_FAILURE_REASONS } from './message-limits.js';

/**
 * Every value each label can take, known before the first call: a counter is exported at 0 for each
 * of them from the start, because a series that first appears at 1 shows no `increase` in
 * Prometheus, and an alert on it would miss the first fail-safe answer. Each set is closed: a
 * language code, a helpline id of the directory, a menu, a key, a Twilio status, never a caller.
 */
export interface MetricLabels {
  readonly languages: readonly string[];
  /** Helplines a call can be put through to. */
  readonly helplines: readonly string[];
  readonly menus: readonly string[];
  readonly keys: readonly string[];
  readonly topics: readonly string[];
  readonly callStatuses: readonly string[];
  readonly transferOutcomes: readonly string[];
  readonly messageOutcomes: readonly string[];
  readonly spokenOutcomes: readonly string[];
  readonly failSafeReasons: readonly string[];
  readonly storeFailures: readonly string[];
  readonly routes: readonly string[];
  /** How a language was chosen. */
  readonly how: readonly string[];
}

/** Anything that is not one of the values is counted as "other". */
export const OTHER = 'other';
/** Why a caller got the fail-safe answer: a route failed, Twilio used the fallback URL, or anyone else did (unsigned). */
export const FAIL_SAFE_REASONS = ['error', 'fallback', 'fallback-unsigned'] as const;
export type FailSafeReason = (typeof FAIL_SAFE_REASONS)[number];
/** The language suggested for a call whose country code suggests none of the line's. */
export const NO_LANGUAGE = 'none';

export function metricLabels(line?: Pick<Hotline, 'languages' | 'directory'>): MetricLabels {
  return {
    languages: line ? line.languages.map((l) => l.code) : [],
    helplines: line ? line.directory.helplines.filter((h) => h.dial).map((h) => h.id) : [],
    menus: [...MENU_IDS],
    keys: [...'0123456789*#'],
    topics: [...TOPIC_IDS],
    callStatuses: [...FINAL_CALL_STATUSES, OTHER],
    transferOutcomes: ['started', ...DIAL_STATUS_VALUES, OTHER],
    messageOutcomes: ['offered', 'sent', 'failed'],
    spokenOutcomes: ['understood', 'not_understood'],
    failSafeReasons: [...FAIL_SAFE_REASONS],
    storeFailures: [...STORE_FAILURE_REASONS],
    routes: [VOICE_PATH, MENU_PATH, DIAL_RESULT_PATH, REVIEW_PATH, STATUS_PATH, FALLBACK_PATH, OTHER],
    how: ['key', 'guessed'],
  };
}

/** Every combination of the named values: the label sets to start at 0. */
export function combinations(sets: Readonly<Record<string, readonly string[]>>): Record<string, string>[] {
  return Object.entries(sets).reduce<Record<string, string>[]>((done, [name, values]) => done.flatMap((labels) => values.map((value) => ({ ...labels, [name]: value }))), [{}]);
}
