import { type FlowInput, type Hotline, type LangCode, type Reply, type Say, type SpokenLanguage } from '../../hotline/index.js';
import { perShownMenu, stepsByInput, type ReachedStep } from '../walk/reachable.js';
import type { WalkedLine } from '../walk/walk-week.js';
import { createSpeechEstimator, sentencesOf, untilMenuEnds, type SpeechEstimator } from './estimate-speech.js';

/**
 * Speaking-time budgets, in seconds (estimated from text length, digits read slowly and pauses).
 * The opening's budgets are per language and per caller, so they hold as languages are added: the
 * caller's own key soon when their country code suggests their language, every key within
 * `everyKey` whoever calls (with four languages too).
 */
export const BUDGETS = {
  /** 112 is first said within this, whoever calls. */
  firstEmergencyNumber: 8,
  /** A caller whose country code suggests their language hears its key within this. */
  ownKey: 8,
  /** Every language's key, whoever calls. */
  everyKey: 25,
  menu: 30,
  /** Everything one answer says before its menu has offered its last option. */
  answer: 60,
  /** A first-time caller whose country code suggests their language, from the first word to the helpline ringing. */
  personFromOwnCountry: 20,
  /** Every other first-time caller: a withheld number, a country that suggests no language or another one. */
  person: 30,
  /**
   * After "talk to someone now" reached a helpline that was busy, did not answer or failed: the speech
   * before the next helpline rings (the rollover sentence, with the failed helpline's number, and the
   * next one's introduction). No longer than the whole way to the first helpline from the caller's own country.
   */
  rollover: 20,
} as const;

/** What one kind of caller hears before their language's key, and before a person's phone rings. */
export interface CallerTiming {
  /** Speech until the language's key is first offered in the opening. */
  readonly keySeconds: number;
  /** Speech before a person's phone rings, at the slowest situation of the week, if a person can be reached. */
  readonly toPerson: { readonly seconds: number; readonly helpline: string } | undefined;
  /**
   * When that first helpline is busy, does not answer or fails and the line rolls over to the next:
   * the speech until the next one rings.
   */
  readonly rollover: { readonly seconds: number; readonly helpline: string } | undefined;
}

/** What the timing check finds for one language. */
export interface Timing {
  readonly longestMenu: { readonly name: string; readonly seconds: number } | undefined;
  /** When 112 is first said, for the caller who hears it latest. */
  readonly secondsUntil112: number | undefined;
  /** The longest opening, whoever calls (no budget of its own: the keys' and the answers' budgets bound it). */
  readonly firstResponseSeconds: number | undefined;
  readonly menus: readonly { readonly name: string; readonly seconds: number }[];
  /** A caller whose country code suggests this language; undefined when no country code does. */
  readonly ownCountry: CallerTiming | undefined;
  /** A caller whose number suggests no language: withheld, or from a country not listed (such as +47). */
  readonly noCountry: CallerTiming | undefined;
  /** Speech before a person's phone rings for the caller of this language who waits longest, whoever calls. */
  readonly toPerson: { readonly seconds: number; readonly helpline: string } | undefined;
  /** The answer that speaks longest before its menu ends. */
  readonly longestAnswer: { readonly name: string; readonly seconds: number } | undefined;
}

/** A short name for a step, for the problems list: "main key 4", "transfer to caritas busy". */
function describeInput(input: FlowInput): string {
  switch (input.kind) {
    case 'menu':
      return `${input.state.menu} ${input.digits === undefined ? 'silence' : `key ${input.digits}`}`;
    case 'dial-result':
      return `transfer to ${input.state.helpline} ${input.status ?? 'unknown'}`;
    case 'message-result':
      return `${input.state.menu} text message ${input.sent ? 'sent' : 'not sent'}`;
    default:
      return input.kind;
  }
}

/** The walked steps as a lookup by input and instant. */
type Reached = ReturnType<typeof stepsByInput>;

/** The language a step is heard in: the state's, else the one chosen by it. */
const stepLanguage = (step: ReachedStep): LangCode | undefined =>
  step.input.kind === 'menu' || step.input.kind === 'dial-result' || step.input.kind === 'show-menu' || step.input.kind === 'message-result' ? step.input.state.lang : undefined;

/** The sentences up to and including the one that offers `key` (in `lang`), or undefined if none does. */
function untilOffered(says: readonly Say[], key: string, lang: string): Say[] | undefined {
  const at = says.findIndex((s) => s.announces === key && s.lang === lang);
  return at < 0 ? undefined : says.slice(0, at + 1);
}

/** A transfer that did not connect and the line rolled over from: the speech until the next helpline rings. */
interface RolledOver {
  readonly says: Say[];
  readonly helpline: string;
}

/** The speech before the next helpline rings, for each way `dial` can end (busy, unanswered, failed) after which the line rolls over. */
function rollOversFrom(reached: Reached, dial: Extract<Reply[number], { kind: 'dial' }>, now: Date): RolledOver[] {
  return (['busy', 'no-answer', 'failed'] as const).flatMap((status) => {
    const reply = reached({ kind: 'dial-result', state: dial.state, status, messageOffer: false }, now)?.outcome.reply ?? [];
    const next = reply.findIndex((s) => s.kind === 'dial');
    const step = reply[next];
    return step?.kind === 'dial' ? [{ says: sentencesOf(reply.slice(0, next)), helpline: step.helplineId }] : [];
  });
}

/**
 * What a first-time caller hears before a person's phone rings, waiting to hear each option before
 * pressing it, followed through the walked steps: the opening (in the order their country code
 * suggests) up to their language's option, the main menu up to "talk to someone now", then
 * everything said before the transfer; and, where that helpline may not answer, what is said before
 * the next one rings. Undefined when the walk reached no transfer that way.
 */
function speechToPerson(hotline: Hotline, reached: Reached, language: SpokenLanguage, likelyLang: LangCode | undefined, now: Date): { says: Say[]; helpline: string; rollovers: RolledOver[] } | undefined {
  const menuOf = (reply: Reply | undefined) => reply?.find((s) => s.kind === 'gather');
  /** The walked step of pressing `key` in the menu a reply ends in (as a caller who is offered no text message). */
  const press = (reply: Reply | undefined, key: string | undefined) => {
    const menu = menuOf(reply);
    if (menu?.kind !== 'gather' || key === undefined) return undefined;
    return reached({ kind: 'menu', state: menu.state, digits: key, likelyLang: undefined, messageOffer: false }, now)?.outcome.reply;
  };
  const answer = reached({ kind: 'answer', likelyLang }, now)?.outcome.reply;
  const opening = answer && untilOffered(sentencesOf(answer), language.key, language.code);
  const chosen = press(answer, language.key);
  const main = menuOf(chosen);
  const talk = main?.kind === 'gather' ? hotline.flow.menuFor(main.state, now).options.find((o) => o.action.kind === 'talk')?.key : undefined;
  const menu = chosen && talk !== undefined ? untilOffered(sentencesOf(chosen), talk, language.code) : undefined;
  const transfer = press(chosen, talk) ?? [];
  const dial = transfer.findIndex((s) => s.kind === 'dial');
  const step = transfer[dial];
  if (!opening || !menu || step?.kind !== 'dial') return undefined;
  return { says: [...opening, ...menu, ...sentencesOf(transfer.slice(0, dial))], helpline: step.helplineId, rollovers: rollOversFrom(reached, step, now) };
}

/** A kind of caller the opening is ordered for, and how the problems list names them. */
interface Caller {
  readonly likelyLang: LangCode | undefined;
  readonly name: string;
}

/** What every part of the timing check shares: the walk as a lookup, the speech estimate, and the problems list (each problem once). */
interface TimingContext {
  readonly hotline: Hotline;
  readonly situations: readonly Date[];
  readonly reached: Reached;
  readonly estimate: SpeechEstimator;
  readonly report: (problem: string) => void;
}

/** When each kind of caller first hears 112, and the longest opening. */
function checkOpenings(openings: ReadonlyMap<Caller, Say[]>, { estimate, report }: TimingContext): { until112: number | undefined; firstResponseSeconds: number } {
  let until112: number | undefined = 0;
  let firstResponseSeconds = 0;
  for (const [caller, says] of openings) {
    const heard = estimate.says(says);
    firstResponseSeconds = Math.max(firstResponseSeconds, heard.seconds);
    if (heard.until112 === undefined || until112 === undefined) until112 = undefined;
    else until112 = Math.max(until112, heard.until112);
    if (heard.until112 === undefined || heard.until112 > BUDGETS.firstEmergencyNumber) {
      report(`A caller ${caller.name} hears 112 after ${heard.until112?.toFixed(1) ?? 'never'} s; the budget is ${BUDGETS.firstEmergencyNumber} s.`);
    }
  }
  return { until112, firstResponseSeconds };
}

/** Every menu's longest hearing, per language and menu, and each language's longest answer (checked against its budget). */
function measureSteps(steps: readonly ReachedStep[], { hotline, estimate, report }: TimingContext) {
  const menus = new Map<string, Map<string, number>>();
  const longest = new Map<string, { name: string; seconds: number }>();
  // The length of each menu as heard, once per menu, offer and moment.
  const menuSeconds = perShownMenu(hotline.flow, (reply) => estimate.says(sentencesOf(reply)).seconds);
  for (const step of steps) {
    const name = describeInput(step.input);
    // The menu as this caller hears it: with the text-message offer where it is made to them.
    const messageOffer = 'messageOffer' in step.input && step.input.messageOffer;
    for (const s of step.outcome.reply) {
      if (s.kind !== 'gather' || !s.state.lang || s.state.menu === 'language') continue;
      const menu = menuSeconds(s.state, messageOffer, step.now);
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
  return { menus, longest };
}

/** How long one kind of caller waits for a language's key and, at the slowest situation, for a person; undefined when the key is never offered. */
function timeCaller(language: SpokenLanguage, caller: Caller, opening: readonly Say[], ctx: TimingContext): CallerTiming | undefined {
  const { estimate, report } = ctx;
  const own = caller.likelyLang === language.code;
  const keyBudget = own ? BUDGETS.ownKey : BUDGETS.everyKey;
  const personBudget = own ? BUDGETS.personFromOwnCountry : BUDGETS.person;
  const untilKey = untilOffered(opening, language.key, language.code);
  if (!untilKey) {
    report(`${language.code}: a caller ${caller.name} never hears the key for ${language.code} (${language.key}) in the opening.`);
    return undefined;
  }
  const keySeconds = estimate.says(untilKey).seconds;
  if (keySeconds > keyBudget) report(`${language.code}: a caller ${caller.name} hears the key for ${language.code} after ${keySeconds.toFixed(1)} s; the budget is ${keyBudget} s.`);
  let toPerson: CallerTiming['toPerson'];
  let rollover: CallerTiming['rollover'];
  for (const now of ctx.situations) {
    const path = speechToPerson(ctx.hotline, ctx.reached, language, caller.likelyLang, now);
    if (!path) {
      report(`${language.code}: a first-time caller cannot reach a person with "talk to someone now" at ${now.toISOString()}.`);
      continue;
    }
    const seconds = estimate.says(path.says).seconds;
    if (seconds > (toPerson?.seconds ?? 0)) toPerson = { seconds, helpline: path.helpline };
    for (const next of path.rollovers) {
      const after = estimate.says(next.says).seconds;
      if (after > (rollover?.seconds ?? 0)) rollover = { seconds: after, helpline: next.helpline };
    }
  }
  if (toPerson && toPerson.seconds > personBudget) {
    report(`${language.code}: a first-time caller ${caller.name} hears ${toPerson.seconds.toFixed(1)} s of speech before ${toPerson.helpline}'s phone rings; the budget is ${personBudget} s.`);
  }
  if (rollover && rollover.seconds > BUDGETS.rollover) {
    // The same for every kind of caller (the transfer's state does not hold the country), so said once.
    report(`${language.code}: when the first helpline does not connect, the caller hears ${rollover.seconds.toFixed(1)} s of speech before ${rollover.helpline}'s phone rings; the budget is ${BUDGETS.rollover} s.`);
  }
  return { keySeconds, toPerson, rollover };
}

/** The longest of some timed things, or undefined when there are none. */
const longestOf = <T extends { readonly seconds: number }>(items: readonly (T | undefined)[]): T | undefined =>
  items.reduce<T | undefined>((a, b) => (b && (!a || b.seconds > a.seconds) ? b : a), undefined);

/**
 * The speaking times of the walked line against BUDGETS, per language: 112 and each key in the
 * opening, every menu, every answer, and the speech before a person's phone rings. Each problem is
 * added to `problems` once.
 */
export function checkTiming(hotline: Hotline, { situations, steps }: WalkedLine, problems: string[]): Map<string, Timing> {
  const rates = new Map(hotline.languages.map((l) => [l.code as string, l.charsPerSecond]));
  const reported = new Set<string>();
  const ctx: TimingContext = {
    hotline,
    situations,
    reached: stepsByInput(steps),
    estimate: createSpeechEstimator(hotline.directory, (lang) => rates.get(lang) ?? 13),
    report: (problem) => {
      if (!reported.has(problem)) problems.push(problem);
      reported.add(problem);
    },
  };

  // Every kind of caller the opening is ordered for: no language suggested, or each language a country code suggests.
  const callers: readonly Caller[] = [{ likelyLang: undefined, name: 'from a withheld number or an unlisted country' }, ...hotline.languages.filter((l) => l.callerPrefixes.length > 0).map((l) => ({ likelyLang: l.code, name: `from ${l.callerPrefixes.join(' or ')}` }))];
  const firstSituation = situations[0] ?? new Date(0);
  const openings = new Map(callers.map((caller) => [caller, sentencesOf(ctx.reached({ kind: 'answer', likelyLang: caller.likelyLang }, firstSituation)?.outcome.reply ?? [])]));
  const { until112, firstResponseSeconds } = checkOpenings(openings, ctx);
  const { menus, longest } = measureSteps(steps, ctx);

  const summaries = new Map<string, Timing>();
  for (const language of hotline.languages) {
    const list = [...(menus.get(language.code) ?? new Map<string, number>())].map(([name, seconds]) => ({ name, seconds }));
    for (const menu of list) {
      if (menu.seconds > BUDGETS.menu) ctx.report(`${language.code}: the ${menu.name} menu takes ${menu.seconds.toFixed(1)} s; the budget is ${BUDGETS.menu} s.`);
    }
    const byCaller = new Map<Caller, CallerTiming>();
    for (const caller of callers) {
      const timing = timeCaller(language, caller, openings.get(caller) ?? [], ctx);
      if (timing) byCaller.set(caller, timing);
    }
    const ownCountry = [...byCaller].find(([caller]) => caller.likelyLang === language.code)?.[1];
    const noCountry = [...byCaller].find(([caller]) => caller.likelyLang === undefined)?.[1];
    const toPerson = longestOf([...byCaller.values()].map((t) => t.toPerson));
    summaries.set(language.code, { menus: list, longestMenu: longestOf(list), secondsUntil112: until112, firstResponseSeconds, ownCountry, noCountry, toPerson, longestAnswer: longest.get(language.code) });
  }
  return summaries;
}
