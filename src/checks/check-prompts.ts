import type { LangCode } from '../call/call-state.js';
import type { FlowInput } from '../call/flow-input.js';
import { walkReachableSteps, type ReachedStep } from '../call/reachable.js';
import type { Directory } from '../helplines/directory.js';
import { findNextOpening, isOpenAt } from '../helplines/opening-hours.js';
import type { Hotline, HotlineSources } from '../hotline.js';
import type { Language } from '../prompts/languages.js';
import { collectLeafKeys, findMissingKeys, REFERENCE_LANGUAGE, type PromptTree } from '../prompts/prompt-catalog.js';
import { toSegments } from '../prompts/segments.js';
import { createSpeechEstimator, sentencesOf, untilMenuEnds, type SpeechEstimator } from './estimate-speech.js';
import { START } from '../call/call-state.js';
import type { Say } from '../call/reply.js';
import type { SpokenLanguage } from '../hotline.js';
import { MESSAGE_BODY_KEY, numbersMessageText } from '../twilio/numbers-message.js';
import { smsSegments, type SmsSegments } from '../twilio/sms-segments.js';

/** Speaking-time budgets, in seconds (estimated from text length, digits read slowly and pauses). */
export const BUDGETS = {
  firstEmergencyNumber: 8,
  firstResponse: 20,
  menu: 30,
  /** Everything one answer says before its menu ends. */
  answer: 60,
  /** A first-time caller who waits to hear each option, from the first word to the helpline ringing. */
  person: 30,
} as const;

/** The text message with the numbers: at most this many SMS segments (each is billed). */
export const MAX_MESSAGE_SEGMENTS = 3;

/**
 * What the text message must never say, in any language: a message on a phone someone else reads
 * must look like an ordinary list of numbers, not name what this line is about.
 */
export const BANNED_MESSAGE_WORDS: readonly RegExp[] = [
  /traffick/iu,
  /exploit/iu,
  /victim/iu,
  /торгівл\p{L}*\s+людьми/iu,
  /торговл\p{L}*\s+людьми/iu,
  /трафікінг|трафикинг/iu,
  /експлуатац/iu,
  /эксплуатац/iu,
  /жертв/iu,
];

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
  /** Speech before a person's phone rings, at the slowest situation of the week, if a person can be reached. */
  readonly toPerson: { readonly seconds: number; readonly line: string } | undefined;
  /** The answer that speaks longest before its menu ends. */
  readonly longestAnswer: { readonly name: string; readonly seconds: number } | undefined;
  /** The text message with the numbers, as it is sent: its encoding, length and SMS segments. */
  readonly message: SmsSegments | undefined;
}

export interface PromptReport {
  readonly problems: readonly string[];
  readonly languages: readonly LanguageSummary[];
  readonly recordings: readonly string[];
}

type Timing = Omit<LanguageSummary, 'lang' | 'keys' | 'missing' | 'message'>;

const leaves = (tree: PromptTree) => new Map(collectLeafKeys(tree).map((key) => [key, leafValue(tree, key)]));

function leafValue(tree: PromptTree, key: string): string {
  let node: string | PromptTree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : '';
}

function checkCompleteness(sources: HotlineSources, problems: string[]): Map<string, number> {
  const missing = findMissingKeys(sources.files, sources.languages);
  // Keys a language has that the reference lacks are as much a mismatch as the other way round.
  const reference = new Set(collectLeafKeys(sources.files[REFERENCE_LANGUAGE] ?? {}));
  const extra = sources.languages.flatMap((l) => collectLeafKeys(sources.files[l.code] ?? {}).filter((key) => !reference.has(key)).map((key) => ({ lang: REFERENCE_LANGUAGE, key })));
  const count = new Map<string, number>();
  for (const { lang, key } of [...missing, ...extra]) {
    problems.push(`${lang}: "${key}" is missing (it exists in another language).`);
    count.set(lang, (count.get(lang) ?? 0) + 1);
  }
  for (const language of sources.languages) {
    for (const [key, value] of leaves(sources.files[language.code] ?? {})) if (value.trim() === '') problems.push(`${language.code}: "${key}" is empty.`);
  }
  return count;
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
    const segments = toSegments(value);
    for (const segment of segments) {
      if (segment.kind !== 'number' || segment.helplineId.includes('{{')) continue; // {{id}}: filled in by the call flow
      if (directory.find(segment.helplineId)) spoken.add(segment.helplineId);
      else problems.push(`${language.code}: "${key}" names [[${segment.helplineId}]], which is not in content/helplines.json.`);
    }
    const words = segments.map((s) => (s.kind === 'text' ? s.text : ' ')).join('');
    for (const match of words.matchAll(LITERAL_NUMBER)) {
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

/** The text message names no word of BANNED_MESSAGE_WORDS (checked in the file, before any placeholder is filled). */
function checkMessageWords(language: Language, tree: PromptTree, problems: string[]): void {
  for (const [key, value] of leaves(tree)) {
    if (key !== MESSAGE_BODY_KEY && !key.startsWith(`${MESSAGE_BODY_KEY}.`)) continue;
    const found = BANNED_MESSAGE_WORDS.flatMap((word) => value.match(word)?.[0] ?? []);
    if (found.length > 0) {
      problems.push(`${language.code}: "${key}" says "${found.join('", "')}"; the text message must read as an ordinary list of numbers, never what this line is about.`);
    }
  }
}

/**
 * The text message as it is sent, per language: every number of the directory in it, and at most
 * MAX_MESSAGE_SEGMENTS SMS segments.
 */
function checkMessages(hotline: Hotline, problems: string[]): Map<string, SmsSegments> {
  const summaries = new Map<string, SmsSegments>();
  for (const language of hotline.languages) {
    const text = numbersMessageText(hotline.catalog, hotline.directory, language.code);
    const named = new Set(toSegments(hotline.catalog.text(language.code, { key: MESSAGE_BODY_KEY })).flatMap((s) => (s.kind === 'number' ? [s.helplineId] : [])));
    for (const line of hotline.directory.helplines) {
      if (!named.has(line.id)) problems.push(`${language.code}: "${MESSAGE_BODY_KEY}" leaves out [[${line.id}]]; the text message lists every number in content/helplines.json.`);
    }
    const segments = smsSegments(text);
    summaries.set(language.code, segments);
    if (segments.segments > MAX_MESSAGE_SEGMENTS) {
      problems.push(
        `${language.code}: the text message takes ${segments.segments} SMS segments (${segments.units} ${segments.encoding} characters); the limit is ${MAX_MESSAGE_SEGMENTS}` +
          (segments.encoding === 'UCS-2' ? ', about 200 characters in Cyrillic.' : ', about 450 characters in Latin letters.'),
      );
    }
  }
  return summaries;
}

/** A short name for a step, for the problems list: "main key 4", "transfer to caritas busy". */
function describeInput(input: FlowInput): string {
  switch (input.kind) {
    case 'menu':
      return `${input.state.menu} ${input.digits === undefined ? 'silence' : `key ${input.digits}`}`;
    case 'dial-result':
      return `transfer to ${input.state.line} ${input.status ?? 'unknown'}`;
    case 'message-result':
      return `${input.state.menu} text message ${input.sent ? 'sent' : 'not sent'}`;
    default:
      return input.kind;
  }
}

/** The language a step is heard in: the state's, else the one chosen by it. */
const stepLanguage = (step: ReachedStep): LangCode | undefined =>
  step.input.kind === 'menu' || step.input.kind === 'dial-result' || step.input.kind === 'show-menu' || step.input.kind === 'message-result' ? step.input.state.lang : undefined;

/** The sentences up to and including the one that offers `key` (in `lang`), or undefined if none does. */
function untilOffered(says: readonly Say[], key: string, lang: string): Say[] | undefined {
  const at = says.findIndex((s) => s.announces === key && s.lang === lang);
  return at < 0 ? undefined : says.slice(0, at + 1);
}

/**
 * What a first-time caller hears before a person's phone rings, waiting to hear each option before
 * pressing it: the opening up to their language's option, the main menu up to "talk to someone
 * now", then everything said before the transfer. Undefined when no transfer follows.
 */
function speechToPerson(hotline: Hotline, language: SpokenLanguage, now: Date): { says: Say[]; line: string } | undefined {
  const { flow } = hotline;
  const opening = untilOffered(sentencesOf(flow.step({ kind: 'answer' }, now).reply), language.key, language.code);
  const chosen = flow.step({ kind: 'menu', state: START, digits: language.key, likelyLang: undefined, messageOffer: false }, now).reply;
  const main = chosen.find((s) => s.kind === 'gather');
  const talk = main?.kind === 'gather' ? flow.menuFor(main.state, now).options.find((o) => o.action.kind === 'talk') : undefined;
  if (!opening || main?.kind !== 'gather' || !talk) return undefined;
  const menu = untilOffered(sentencesOf(chosen), talk.key, language.code);
  const transfer = flow.step({ kind: 'menu', state: main.state, digits: talk.key, likelyLang: undefined, messageOffer: false }, now).reply;
  const dial = transfer.findIndex((s) => s.kind === 'dial');
  const line = transfer[dial];
  if (!menu || line?.kind !== 'dial') return undefined;
  return { says: [...opening, ...menu, ...sentencesOf(transfer.slice(0, dial))], line: line.helplineId };
}

function checkTiming(hotline: Hotline, instants: readonly Date[], problems: string[]): Map<string, Timing> {
  const { flow } = hotline;
  const rates = new Map(hotline.languages.map((l) => [l.code as string, l.charsPerSecond]));
  const estimate: SpeechEstimator = createSpeechEstimator(hotline.directory, (lang) => rates.get(lang) ?? 13);
  const situations = distinctSituations(hotline.directory, instants);
  const steps = walkReachableSteps(flow, { instants: situations, likelyLangs: [undefined, ...hotline.languages.map((l) => l.code)] });

  const opening = steps.find((s) => s.input.kind === 'answer');
  const first = estimate.says(opening ? sentencesOf(opening.outcome.reply) : []);
  if (first.until112 === undefined || first.until112 > BUDGETS.firstEmergencyNumber) {
    problems.push(`The first response says 112 after ${first.until112?.toFixed(1) ?? 'never'} s; the budget is ${BUDGETS.firstEmergencyNumber} s.`);
  }
  if (first.seconds > BUDGETS.firstResponse) problems.push(`The first response takes ${first.seconds.toFixed(1)} s; the budget is ${BUDGETS.firstResponse} s.`);

  const reported = new Set<string>();
  const report = (problem: string) => {
    if (!reported.has(problem)) problems.push(problem);
    reported.add(problem);
  };
  const menus = new Map<string, Map<string, number>>();
  const longest = new Map<string, { name: string; seconds: number }>();
  for (const step of steps) {
    const name = describeInput(step.input);
    // The menu as this caller hears it: with the text-message offer where it is made to them.
    const messageOffer = 'messageOffer' in step.input && step.input.messageOffer;
    for (const s of step.outcome.reply) {
      if (s.kind !== 'gather' || !s.state.lang || s.state.menu === 'language') continue;
      const menu = estimate.says(sentencesOf(flow.step({ kind: 'show-menu', state: s.state, messageOffer }, step.now).reply)).seconds;
      const byMenu = menus.get(s.state.lang) ?? new Map<string, number>();
      byMenu.set(s.state.menu, Math.max(byMenu.get(s.state.menu) ?? 0, menu));
      menus.set(s.state.lang, byMenu);
    }
    const said = untilMenuEnds(step.outcome.reply);
    const lang = stepLanguage(step) ?? said[0]?.lang ?? '';
    const seconds = estimate.says(said).seconds;
    if (seconds > (longest.get(lang)?.seconds ?? 0)) longest.set(lang, { name, seconds });
    if (seconds > BUDGETS.answer) report(`${lang || 'every language'}: after ${name}, the answer speaks ${seconds.toFixed(0)} s before its menu ends; the budget is ${BUDGETS.answer} s.`);
  }

  const summaries = new Map<string, Timing>();
  for (const language of hotline.languages) {
    const list = [...(menus.get(language.code) ?? new Map<string, number>())].map(([name, seconds]) => ({ name, seconds }));
    for (const menu of list) {
      if (menu.seconds > BUDGETS.menu) report(`${language.code}: the ${menu.name} menu takes ${menu.seconds.toFixed(1)} s; the budget is ${BUDGETS.menu} s.`);
    }
    let toPerson: { seconds: number; line: string } | undefined;
    for (const now of situations) {
      const path = speechToPerson(hotline, language, now);
      if (!path) {
        report(`${language.code}: a first-time caller cannot reach a person with "talk to someone now" at ${now.toISOString()}.`);
        continue;
      }
      const seconds = estimate.says(path.says).seconds;
      if (seconds > (toPerson?.seconds ?? 0)) toPerson = { seconds, line: path.line };
    }
    if (toPerson && toPerson.seconds > BUDGETS.person) {
      report(`${language.code}: a first-time caller hears ${toPerson.seconds.toFixed(1)} s of speech before ${toPerson.line}'s phone rings; the budget is ${BUDGETS.person} s.`);
    }
    const longestMenu = list.reduce<(typeof list)[number] | undefined>((a, b) => (!a || b.seconds > a.seconds ? b : a), undefined);
    summaries.set(language.code, { menus: list, longestMenu, secondsUntil112: first.until112, firstResponseSeconds: first.seconds, toPerson, longestAnswer: longest.get(language.code) });
  }
  return summaries;
}

/** Moments that cover a whole week, hour by hour, so every opening-hours case of the flow is walked. */
export function weekOfInstants(from: Date): Date[] {
  return Array.from({ length: 7 * 24 }, (_, hour) => new Date(from.getTime() + hour * 3_600_000));
}

/**
 * One moment for each different situation of the lines (which are open, and when each closed one
 * opens, as the caller would hear it): the flow answers every moment of a situation alike.
 */
export function distinctSituations(directory: Directory, instants: readonly Date[]): Date[] {
  const seen = new Map<string, Date>();
  for (const instant of instants) {
    const situation = directory.helplines
      .map((line) => {
        if (isOpenAt(line, instant, directory)) return 'open';
        const opens = findNextOpening(line, instant, directory);
        return opens ? `${Math.min(opens.daysAhead, 2)}:${opens.daysAhead >= 2 ? opens.weekday : ''}:${opens.time}` : 'never';
      })
      .join('|');
    if (!seen.has(situation)) seen.set(situation, instant);
  }
  return [...seen.values()];
}

export interface CheckOptions {
  /** Builds the line from the sources once the static checks pass (the composition root does it). */
  readonly build: (sources: HotlineSources) => Hotline;
  /** The moments the call flow is walked at. */
  readonly instants: readonly Date[];
  readonly recordings?: readonly string[];
}

/** Everything `npm run check:prompts` checks, as a list of sentences and a summary per language. */
export function checkPrompts(sources: HotlineSources, options: CheckOptions): PromptReport {
  const problems: string[] = [];
  const missing = checkCompleteness(sources, problems);
  for (const language of sources.languages) {
    const tree = sources.files[language.code] ?? {};
    checkLetters(language, tree, problems);
    checkNumbers(language, tree, sources.directory, problems);
    checkMessageWords(language, tree, problems);
  }

  let timing = new Map<string, Timing>();
  let messages = new Map<string, SmsSegments>();
  if (problems.length === 0) {
    try {
      const hotline = options.build(sources);
      messages = checkMessages(hotline, problems);
      timing = checkTiming(hotline, options.instants, problems);
    } catch (error) {
      problems.push(`The call flow cannot be built from these prompts: ${(error as Error).message}`);
    }
  }
  return {
    problems,
    recordings: options.recordings ?? [],
    languages: sources.languages.map((language) => ({
      lang: language.code,
      keys: collectLeafKeys(sources.files[language.code] ?? {}).length,
      missing: missing.get(language.code) ?? 0,
      longestMenu: timing.get(language.code)?.longestMenu,
      secondsUntil112: timing.get(language.code)?.secondsUntil112,
      firstResponseSeconds: timing.get(language.code)?.firstResponseSeconds,
      menus: timing.get(language.code)?.menus ?? [],
      toPerson: timing.get(language.code)?.toPerson,
      longestAnswer: timing.get(language.code)?.longestAnswer,
      message: messages.get(language.code),
    })),
  };
}

export function formatReport(report: PromptReport): string {
  const rows = report.languages.map((l) => [
    l.lang,
    `${l.keys - l.missing}/${l.keys} keys${l.missing ? `, ${l.missing} missing` : ''}`,
    l.toPerson ? `${l.toPerson.seconds.toFixed(1)} s (${l.toPerson.line})` : '–',
    l.longestAnswer ? `${l.longestAnswer.seconds.toFixed(1)} s (${l.longestAnswer.name})` : '–',
    l.longestMenu ? `${l.longestMenu.name} ${l.longestMenu.seconds.toFixed(1)} s` : '–',
    l.menus.map((m) => `${m.name} ${m.seconds.toFixed(1)}`).join(', ') || '–',
  ]);
  const header = ['language', 'complete', 'to a person', 'longest answer', 'longest menu', 'every menu (s)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const first = report.languages[0]?.firstResponseSeconds;
  return [
    line(header),
    ...rows.map(line),
    '',
    `First response (112 warning and language menu): ${first === undefined ? '–' : `${first.toFixed(1)} s`}, 112 after ${report.languages[0]?.secondsUntil112?.toFixed(1) ?? '–'} s (budgets ${BUDGETS.firstResponse} s and ${BUDGETS.firstEmergencyNumber} s).`,
    `Budgets: a person within ${BUDGETS.person} s of speech for a first-time caller (the slowest situation of the week), no answer over ${BUDGETS.answer} s, no menu over ${BUDGETS.menu} s.`,
    `Text message (at most ${MAX_MESSAGE_SEGMENTS} SMS segments): ${
      report.languages.map((l) => (l.message ? `${l.lang} ${l.message.segments} (${l.message.units} ${l.message.encoding} characters)` : `${l.lang} –`)).join(', ')
    }.`,
    `Recordings: ${report.recordings.length ? report.recordings.join(', ') : 'none (every prompt is spoken by TTS)'}.`,
    '',
    report.problems.length === 0 ? 'Prompts OK.' : `${report.problems.length} problem(s):\n${report.problems.map((p) => `  - ${p}`).join('\n')}`,
  ].join('\n');
}
