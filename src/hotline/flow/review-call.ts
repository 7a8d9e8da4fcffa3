import { describeOpening } from '../helplines/describe-hours.js';
import { WEEKDAYS, type Directory, type Helpline } from '../helplines/directory.js';
import type { PromptCatalog } from '../prompts/prompt-catalog.js';
import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import { segmentsText } from '../prompts/segments.js';
import { helplineKeyNames } from './helpline-keys.js';
import { KEY_WORDS } from './shown-menu.js';
import { MESSAGE_KEY } from './menus.js';
import type { LangCode } from './call-state.js';
import type { Say } from './reply.js';

/**
 * The listening review (`npm run review-speech`): a native speaker hears, on the line's own voice,
 * each sentence where a wrong reading would cost a caller most, and presses 1 (right), 2 (wrong) or
 * 3 (again) after each. The sentences are drawn from the line itself, so a new helpline, a new name or
 * new hours are reviewed without a list to keep; the steps are pure, and their state rides in the URL.
 */

/** One sentence to review: how the report names it, its text as written, and what the voice says. */
export interface ReviewSentence {
  /** The prompt key (or keys) it is made of, with the helpline when the key alone does not say which. */
  readonly key: string;
  /** As written, numbers as the directory writes them: what the reviewer's report shows. */
  readonly text: string;
  readonly says: readonly Say[];
}

/** What the review reads from the line: its prompts and its directory. */
export interface ReviewSource {
  readonly catalog: Pick<PromptCatalog, 'segments' | 'text' | 'keys'>;
  readonly directory: Directory;
}

/** The sentence a caller hears when a line with weekly hours is closed: its first opening of the week ("on Monday at ten a.m."). */
function closedSentence(helpline: Helpline, name: Speech): Speech | undefined {
  if (helpline.hours === 'always') return undefined;
  const hours = helpline.hours;
  const weekday = WEEKDAYS.find((day) => (hours[day] ?? []).length > 0);
  const first = weekday && hours[weekday]?.[0];
  // Two days ahead or more reads the weekday, the form that says the most.
  return weekday && first ? speech('transfer.closed', { name, opens: describeOpening({ daysAhead: 2, weekday, time: first.start }) }) : undefined;
}

/**
 * The sentences to review in one language, in the order heard: the opening's warning, every helpline's name, every number
 * (its line in the list of numbers), every sentence that gives opening hours, what a caller hears when
 * a line with hours is closed, what is said before each transfer (for ROSA: what to say when it
 * answers in Norwegian), and the text-message offer and its advice.
 */
export function reviewSentences({ catalog, directory }: ReviewSource, lang: LangCode): ReviewSentence[] {
  const known = new Set<string>(catalog.keys());
  const has = (key: string): key is PromptKey => known.has(key);
  const sentences: ReviewSentence[] = [];
  const taken = new Set<string>();
  const add = (key: string, parts: readonly Speech[]) => {
    if (taken.has(key)) return;
    taken.add(key);
    const says = parts.map((s): Say => ({ kind: 'say', lang, key: s.key, segments: catalog.segments(lang, s) }));
    const text = says.map((s) => segmentsText(s.segments, (id) => directory.find(id)?.number ?? `[[${id}]]`).trim()).join(' ');
    sentences.push({ key, text, says });
  };
  const named = directory.helplines.flatMap((helpline) => {
    const key = helplineKeyNames(helpline.id).name;
    return has(key) ? [{ helpline, name: speech(key) }] : [];
  });

  // The first sentence every caller hears, the hang-up instruction included (in Russian «Положите
  // трубку» is a homograph: положи́те, hang up, not поло́жите, you will put).
  add('opening.danger', [speech('opening.danger')]);
  for (const { name } of named) add(name.key, [name]);
  for (const helpline of directory.helplines) {
    const key = helplineKeyNames(helpline.id).number;
    if (has(key)) add(key, [speech(key)]);
  }
  // Every sentence that says a helpline's hours ({{hours.<id>}}), found by giving the hours another value:
  // a new sentence with hours is reviewed too, and the text message's written hours are not speech.
  const marked = { hours: Object.fromEntries(directory.helplines.map((helpline) => [helpline.id, '\u0000'])) };
  for (const key of catalog.keys()) {
    const text = catalog.text(lang, { key });
    if (!text.includes('{{') && catalog.text(lang, { key, params: marked }) !== text) add(key, [speech(key)]);
  }
  for (const { helpline, name } of named) {
    const closed = closedSentence(helpline, name);
    if (closed) add(`${closed.key} (${helpline.id})`, [closed]);
  }
  for (const { helpline, name } of named) {
    const intro = helplineKeyNames(helpline.id).intro;
    if (helpline.dial) add(`transfer.connecting + ${intro}`, [speech('transfer.connecting', { name }), ...(has(intro) ? [speech(intro)] : [])]);
  }
  // The offer as its menu says it: its key's word, then the offer.
  const word = KEY_WORDS[MESSAGE_KEY];
  add('textMessage.offer', [speech('menu.option', { key: word ? speech(word) : MESSAGE_KEY, label: speech('textMessage.offer') })]);
  add('textMessage.sent', [speech('textMessage.sent')]);
  return sentences;
}

/** What the reviewer said of a sentence: 1 right, 2 wrong, or no usable key twice. */
export type Verdict = 'right' | 'wrong' | 'no-answer';

const VERDICT_LETTERS: Readonly<Record<Verdict, string>> = { right: 'r', wrong: 'w', 'no-answer': 'n' };
const KEY_VERDICTS: Readonly<Record<string, Verdict>> = { '1': 'right', '2': 'wrong' };
/** The key that plays the sentence again. */
export const AGAIN_KEY = '3';

/** Where the review call is: the sentence being asked (from 0), the verdicts before it, and whether it is already asked a second time. */
export interface ReviewState {
  readonly lang: LangCode;
  readonly index: number;
  readonly verdicts: readonly Verdict[];
  readonly retried: boolean;
}

/** What the line does next: ask a sentence (after the introduction, or after saying the key was not usable), or end. */
export type ReviewStep =
  | { readonly kind: 'ask'; readonly state: ReviewState; readonly intro?: boolean; readonly notice?: 'menu.notAnOption' | 'menu.noKeyHeard' }
  | { readonly kind: 'done'; readonly lang: LangCode; readonly verdicts: readonly Verdict[] };

export function startReview(lang: LangCode, total: number): ReviewStep {
  return total > 0 ? { kind: 'ask', state: { lang, index: 0, verdicts: [], retried: false }, intro: true } : { kind: 'done', lang, verdicts: [] };
}

/**
 * The reviewer's key after a sentence (`undefined`: none before the timeout). 1 and 2 give the
 * verdict and go on; 3 plays the sentence again; silence or another key asks once more, then counts
 * as no answer and goes on.
 */
export function answerReview(state: ReviewState, digits: string | undefined, total: number): ReviewStep {
  if (digits === AGAIN_KEY) return { kind: 'ask', state: { ...state, retried: false } };
  const verdict = digits === undefined ? undefined : KEY_VERDICTS[digits];
  if (!verdict && !state.retried) return { kind: 'ask', state: { ...state, retried: true }, notice: digits === undefined ? 'menu.noKeyHeard' : 'menu.notAnOption' };
  const verdicts = [...state.verdicts, verdict ?? 'no-answer'];
  const index = state.index + 1;
  return index >= total ? { kind: 'done', lang: state.lang, verdicts } : { kind: 'ask', state: { lang: state.lang, index, verdicts, retried: false } };
}

/**
 * The step a request to the review asks for: the start when it holds no state, the answer to its
 * sentence otherwise; a sentence past the last (the sentences changed during the call) ends the
 * review with the verdicts it has. The one reading of a request, for the call and for its report.
 */
export function nextReviewStep(lang: LangCode, state: ReviewState | undefined, digits: string | undefined, total: number): ReviewStep {
  if (!state) return startReview(lang, total);
  return state.index < total ? answerReview(state, digits, total) : { kind: 'done', lang, verdicts: state.verdicts };
}

/** The verdicts a step holds once it is taken: those before the sentence it asks, or all of them at the end. */
export const verdictsOf = (step: ReviewStep): readonly Verdict[] => (step.kind === 'done' ? step.verdicts : step.state.verdicts);

/** The state as query parameters: `lang=uk&i=3&v=rrw`, and `t=1` on the second asking. */
export function reviewQuery(state: ReviewState): string {
  const v = state.verdicts.map((verdict) => VERDICT_LETTERS[verdict]).join('');
  return `lang=${encodeURIComponent(state.lang)}&i=${state.index}&v=${v}${state.retried ? '&t=1' : ''}`;
}

const LETTER_VERDICTS = new Map(Object.entries(VERDICT_LETTERS).map(([verdict, letter]) => [letter, verdict as Verdict]));

/**
 * Reads a review step's query: the language alone is the start of the call; a state whose verdicts
 * do not fit its sentence number is not one this line wrote, and is read as the start too.
 */
export function parseReviewQuery(query: Readonly<Record<string, unknown>>, language: (code: string) => LangCode | undefined): { lang: LangCode; state?: ReviewState } | undefined {
  const lang = typeof query.lang === 'string' ? language(query.lang) : undefined;
  if (!lang) return undefined;
  const { i, v, t } = query;
  if (typeof i !== 'string' || typeof v !== 'string' || !/^\d{1,3}$/.test(i) || !/^[rwn]*$/.test(v)) return { lang };
  const index = Number(i);
  if (v.length !== index) return { lang };
  return { lang, state: { lang, index, verdicts: [...v].map((letter) => LETTER_VERDICTS.get(letter) as Verdict), retried: t === '1' } };
}
