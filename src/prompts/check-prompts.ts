import type { Directory } from '../helplines/directory.js';
import { buildHotline, type Hotline, type HotlineSources } from '../hotline.js';
import { START, type CallState } from '../voice/call-state.js';
import { TOPIC_IDS, topicPrefix } from '../voice/menus.js';
import type { Reply, Say } from '../voice/reply.js';
import type { Language } from './languages.js';
import { collectLeafKeys, REFERENCE_LANGUAGE, type PromptTree } from './prompt-catalog.js';

/** Speaking-time budgets, in seconds (estimated from text length, digits read slowly and pauses). */
export const BUDGETS = {
  firstEmergencyNumber: 8,
  firstResponse: 20,
  menu: 30,
  withoutKey: 60,
} as const;

/** Estimate parameters: a slow digit, the pause between digit groups, the gap between two <Say>. */
const SECONDS_PER_DIGIT = 0.5;
const SECONDS_PER_GROUP_PAUSE = 0.4;
const SECONDS_BETWEEN_SAYS = 0.3;

const NUMBER_TOKEN = /\[\[([^\]]*)\]\]/g;
/** Three or more digits, possibly in groups: a phone number written out instead of a [[token]]. */
const LITERAL_NUMBER = /(?<![\d:])\+?\d(?:[\d ]*\d){2,}(?![\d:])/g;

export interface LanguageSummary {
  readonly lang: string;
  readonly keys: number;
  readonly missing: number;
  readonly longestMenu: { readonly name: string; readonly seconds: number } | undefined;
  readonly secondsUntil112: number | undefined;
  readonly firstResponseSeconds: number | undefined;
  readonly menus: readonly { readonly name: string; readonly seconds: number }[];
}

export interface PromptReport {
  readonly problems: readonly string[];
  readonly languages: readonly LanguageSummary[];
  readonly recordings: readonly string[];
}

const leaves = (tree: PromptTree) => new Map(collectLeafKeys(tree).map((key) => [key, leafValue(tree, key)]));

function leafValue(tree: PromptTree, key: string): string {
  let node: string | PromptTree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : '';
}

function checkCompleteness(sources: HotlineSources, problems: string[]): Map<string, number> {
  const reference = leaves(sources.files[REFERENCE_LANGUAGE] ?? {});
  const missingCount = new Map<string, number>();
  const allKeys = new Set<string>();
  for (const language of sources.languages) for (const key of leaves(sources.files[language.code] ?? {}).keys()) allKeys.add(key);
  for (const key of reference.keys()) allKeys.add(key);
  for (const language of sources.languages) {
    const own = leaves(sources.files[language.code] ?? {});
    const missing = [...allKeys].filter((key) => !own.has(key));
    missingCount.set(language.code, missing.length);
    for (const key of missing) problems.push(`${language.code}: "${key}" is missing (it exists in another language).`);
    for (const [key, value] of own) if (value.trim() === '') problems.push(`${language.code}: "${key}" is empty.`);
  }
  return missingCount;
}

function checkLetters(language: Language, tree: PromptTree, problems: string[]): void {
  if (!language.notLetters) return;
  const global = new RegExp(language.notLetters.source, 'gu');
  for (const [key, value] of leaves(tree)) {
    const found = [...new Set(value.match(global) ?? [])];
    if (found.length > 0) problems.push(`${language.code}: "${key}" uses ${found.join(', ')}, which ${language.code} does not use.`);
  }
}

function checkNumbers(language: Language, tree: PromptTree, directory: Directory, problems: string[]): void {
  const spoken = new Set<string>();
  const byDigits = new Map(directory.helplines.map((h) => [h.dialString.replace(/^\+47/, ''), h]));
  for (const [key, value] of leaves(tree)) {
    for (const match of value.matchAll(NUMBER_TOKEN)) {
      const id = match[1] ?? '';
      if (id.includes('{{')) continue; // filled in by the call flow with a helpline id
      if (directory.find(id)) spoken.add(id);
      else problems.push(`${language.code}: "${key}" names [[${id}]], which is not in content/helplines.json.`);
    }
    for (const match of value.replace(NUMBER_TOKEN, '').matchAll(LITERAL_NUMBER)) {
      const digits = match[0].replace(/[ +]/g, '').replace(/^47(?=\d{8}$)/, '');
      const known = byDigits.get(digits);
      problems.push(
        known
          ? `${language.code}: "${key}" writes the number "${match[0]}"; write [[${known.id}]] so it is read from content/helplines.json.`
          : `${language.code}: "${key}" contains "${match[0]}", which differs from every number in content/helplines.json.`,
      );
    }
  }
  for (const helpline of directory.helplines) {
    if (!spoken.has(helpline.id)) problems.push(`${language.code}: the number of "${helpline.id}" is never spoken.`);
  }
}

/** Seconds a voice takes for one <Say>: its words at the language's rate, numbers digit by digit, slowly. */
function estimateSay(hotline: Hotline, language: Language, say: Say): { seconds: number; until112: number | undefined } {
  const text = hotline.catalog.text(language.code, say.speech);
  let seconds = 0;
  let until112: number | undefined;
  let last = 0;
  for (const match of text.matchAll(NUMBER_TOKEN)) {
    seconds += text.slice(last, match.index).length / language.charsPerSecond;
    const helpline = hotline.directory.find(match[1] ?? '');
    if (helpline?.dialString === '112' && until112 === undefined) until112 = seconds;
    const groups = helpline ? helpline.number.split(' ').length : 1;
    const digits = helpline ? helpline.dialString.replace('+', '').length : 3;
    seconds += digits * SECONDS_PER_DIGIT + (groups - 1) * SECONDS_PER_GROUP_PAUSE + (helpline?.number.startsWith('+') ? 0.5 : 0);
    last = match.index + match[0].length;
  }
  seconds += text.slice(last).length / language.charsPerSecond;
  return { seconds: seconds + SECONDS_BETWEEN_SAYS, until112 };
}

function audienceOf(hotline: Hotline, say: Say): Language[] {
  return hotline.catalog.languages.filter((l) => say.lang === 'all' || l.code === say.lang);
}

function estimateSays(hotline: Hotline, says: readonly Say[]): { seconds: number; until112: number | undefined } {
  let seconds = 0;
  let until112: number | undefined;
  for (const say of says) {
    for (const language of audienceOf(hotline, say)) {
      const one = estimateSay(hotline, language, say);
      if (until112 === undefined && one.until112 !== undefined) until112 = seconds + one.until112;
      seconds += one.seconds;
    }
  }
  return { seconds, until112 };
}

const flatten = (reply: Reply): Say[] => reply.flatMap((step) => (step.kind === 'say' ? [step] : step.kind === 'gather' ? [...step.body] : []));

/** Sayings outside a Gather: the caller cannot press a key while they play. */
function stretchesWithoutKey(reply: Reply): Say[][] {
  const stretches: Say[][] = [[]];
  for (const step of reply) {
    if (step.kind === 'say') stretches.at(-1)?.push(step);
    else stretches.push([]);
  }
  return stretches.filter((s) => s.length > 0);
}

function checkTiming(hotline: Hotline, problems: string[]): Map<string, Omit<LanguageSummary, 'lang' | 'keys' | 'missing'>> {
  const { flow, catalog } = hotline;
  const now = new Date('2026-12-07T11:00:00+01:00');
  const summaries = new Map<string, Omit<LanguageSummary, 'lang' | 'keys' | 'missing'>>();

  const opening = flow.answer(now);
  const first = estimateSays(hotline, flatten(opening));
  if (first.until112 === undefined || first.until112 > BUDGETS.firstEmergencyNumber) {
    problems.push(`The first response says 112 after ${first.until112?.toFixed(1) ?? 'never'} s; the budget is ${BUDGETS.firstEmergencyNumber} s.`);
  }
  if (first.seconds > BUDGETS.firstResponse) {
    problems.push(`The first response takes ${first.seconds.toFixed(1)} s; the budget is ${BUDGETS.firstResponse} s.`);
  }

  for (const language of catalog.languages) {
    const lang = language.code;
    const states: [string, CallState][] = [
      ['main', { ...START, menu: 'main', lang }],
      ['helplines', { ...START, menu: 'helplines', lang }],
      ['retry', { ...START, menu: 'retry', lang }],
      ['retry, nothing open', { ...START, menu: 'retry', lang, tried: hotline.directory.helplines.map((h) => h.id) }],
    ];
    const menus = states.map(([name, state]) => ({ name, seconds: estimateSays(hotline, flatten(flow.showMenu(state, now))).seconds }));
    for (const menu of menus) {
      if (menu.seconds > BUDGETS.menu) problems.push(`${lang}: the ${menu.name} menu takes ${menu.seconds.toFixed(1)} s; the budget is ${BUDGETS.menu} s.`);
    }
    // Every reply the main menu can give, and every transfer outcome: no stretch without a key may be too long.
    const main = states[0]![1];
    const replies: [string, Reply][] = [
      ...flow.menuFor(main, now).options.map((o) => [`main key ${o.key}`, flow.onMenuInput(main, { digits: o.key, likelyLang: undefined }, now)] as [string, Reply]),
      ...['busy', 'no-answer', 'failed', 'completed'].map((status) => [`transfer ${status}`, flow.onDialResult({ lang, line: 'rosa', tried: [], young: false }, status, now)] as [string, Reply]),
    ];
    for (const [name, reply] of replies) {
      for (const says of [...stretchesWithoutKey(reply), ...flatten(reply).map((s) => [s])]) {
        const seconds = estimateSays(hotline, says).seconds;
        if (seconds > BUDGETS.withoutKey) problems.push(`${lang}: after ${name}, ${seconds.toFixed(1)} s pass without a chance to press a key; the budget is ${BUDGETS.withoutKey} s.`);
      }
    }
    for (const topic of TOPIC_IDS) {
      for (const key of hotline.catalog.keysUnder(topicPrefix(topic))) {
        const seconds = estimateSay(hotline, language, { kind: 'say', lang, speech: { key } }).seconds;
        if (seconds > BUDGETS.withoutKey) problems.push(`${lang}: "${key}" takes ${seconds.toFixed(1)} s; split it (budget ${BUDGETS.withoutKey} s).`);
      }
    }
    const longest = menus.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    summaries.set(lang, { menus, longestMenu: longest, secondsUntil112: first.until112, firstResponseSeconds: first.seconds });
  }
  return summaries;
}

/** Everything `npm run check:prompts` checks, as a list of sentences and a summary per language. */
export function checkPrompts(sources: HotlineSources, recordings: readonly string[] = []): PromptReport {
  const problems: string[] = [];
  const missing = checkCompleteness(sources, problems);
  for (const language of sources.languages) {
    const tree = sources.files[language.code] ?? {};
    checkLetters(language, tree, problems);
    checkNumbers(language, tree, sources.directory, problems);
  }

  let timing = new Map<string, Omit<LanguageSummary, 'lang' | 'keys' | 'missing'>>();
  if (problems.length === 0) {
    try {
      timing = checkTiming(buildHotline(sources), problems);
    } catch (error) {
      problems.push(`The call flow cannot be built from these prompts: ${(error as Error).message}`);
    }
  }
  return {
    problems,
    recordings,
    languages: sources.languages.map((language) => ({
      lang: language.code,
      keys: collectLeafKeys(sources.files[language.code] ?? {}).length,
      missing: missing.get(language.code) ?? 0,
      longestMenu: timing.get(language.code)?.longestMenu,
      secondsUntil112: timing.get(language.code)?.secondsUntil112,
      firstResponseSeconds: timing.get(language.code)?.firstResponseSeconds,
      menus: timing.get(language.code)?.menus ?? [],
    })),
  };
}

export function formatReport(report: PromptReport): string {
  const rows = report.languages.map((l) => [
    l.lang,
    `${l.keys - l.missing}/${l.keys} keys${l.missing ? `, ${l.missing} missing` : ''}`,
    l.longestMenu ? `${l.longestMenu.name} ${l.longestMenu.seconds.toFixed(1)} s` : '–',
    l.secondsUntil112 === undefined ? '–' : `${l.secondsUntil112.toFixed(1)} s`,
    l.menus.map((m) => `${m.name} ${m.seconds.toFixed(1)}`).join(', ') || '–',
  ]);
  const header = ['language', 'complete', 'longest menu', '112 after', 'every menu (s)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const first = report.languages[0]?.firstResponseSeconds;
  return [
    line(header),
    ...rows.map(line),
    '',
    `First response (112 warning and language menu): ${first === undefined ? '–' : `${first.toFixed(1)} s`} (budget ${BUDGETS.firstResponse} s; 112 within ${BUDGETS.firstEmergencyNumber} s).`,
    `Recordings: ${report.recordings.length ? report.recordings.join(', ') : 'none (every prompt is spoken by TTS)'}.`,
    '',
    report.problems.length === 0 ? 'Prompts OK.' : `${report.problems.length} problem(s):\n${report.problems.map((p) => `  - ${p}`).join('\n')}`,
  ].join('\n');
}
