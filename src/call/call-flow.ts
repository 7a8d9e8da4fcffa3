import { chooseHelpline, type HelplineChoice } from '../helplines/choose-helpline.js';
import { describeOpening } from '../helplines/describe-hours.js';
import type { Directory, Helpline } from '../helplines/directory.js';
import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import type { Segment } from '../prompts/segments.js';
import type { DialStatus } from './call-status.js';
import { MAX_SILENCES, START, type CallState, type DialState, type LangCode, type LineLanguage } from './call-state.js';
import type { FlowInput } from './flow-input.js';
import type { HelplineKeys } from './helpline-keys.js';
import { buildPartMenu, buildRetryMenu, buildStaticMenus, CHANGE_LANGUAGE_KEY, type Action, type Menu, type ReadingId, type TopicId } from './menus.js';
import type { CallEvent, Gather, Outcome, Reply, Say } from './reply.js';

export interface FlowContext {
  readonly languages: readonly LineLanguage[];
  readonly directory: Directory;
  /** The prompt keys of each topic, part by part, in the order they are read. */
  readonly topicParts: Readonly<Record<TopicId, readonly (readonly PromptKey[])[]>>;
  readonly helplineKeys: (id: string) => HelplineKeys;
  /** A sentence in one language as words and numbers (the prompt catalog resolves it). */
  readonly speak: (lang: LangCode, s: Speech) => readonly Segment[];
}

/** The pure call flow: one function from (input, instant) to what the line says and does, and what to count. */
export interface CallFlow {
  step(input: FlowInput, now: Date): Outcome;
  menuFor(state: CallState, now: Date): Menu;
  /** How many parts a reading is read in. */
  partsOf(reading: ReadingId): number;
}

/** Numbers read in one part of the list of numbers: two numbers, each twice, stay well under a minute. */
const NUMBERS_PER_PART = 2;

/** Who hears a sentence: one language, or every language in menu order (before the caller chose one). */
type Audience = LangCode | 'all';

const ANY_INSTANT = new Date(0);
const KEY_WORDS: Readonly<Record<string, PromptKey>> = { '*': 'keys.star', '#': 'keys.hash' };

const said = (reply: Reply, events: CallEvent[] = []): Outcome => ({ reply, events: [...events, ...transfersStarted(reply)] });

function transfersStarted(reply: Reply): CallEvent[] {
  return reply.flatMap((step) => (step.kind === 'dial' ? [{ kind: 'transfer', helplineId: step.helplineId, outcome: 'started' } as const] : []));
}

export function createCallFlow(ctx: FlowContext): CallFlow {
  const staticMenus = buildStaticMenus(ctx);
  const everyone = ctx.languages.map((l) => l.code);
  const nameOf = (id: string): Speech => {
    const key = ctx.helplineKeys(id).name;
    if (!key) throw new Error(`"${id}" cannot be dialled, so it has no spoken name.`);
    return speech(key);
  };

  const say = (audience: Audience, s: Speech, announces?: string): Say[] =>
    (audience === 'all' ? everyone : [audience]).map((lang) => ({ kind: 'say', lang, key: s.key, segments: ctx.speak(lang, s), ...(announces ? { announces } : {}) }));
  const keyWord = (key: string): Speech | string => (KEY_WORDS[key] ? speech(KEY_WORDS[key]) : key);

  // The language menu speaks every language, even to a caller who came back to it to change language.
  const audience = (state: CallState): Audience => (state.menu === 'language' ? 'all' : (state.lang ?? 'all'));

  const choose = (state: CallState & { lang: LangCode }, now: Date, directory = ctx.directory) =>
    chooseHelpline({ lang: state.lang, instant: now, tried: state.tried, young: state.young }, directory);
  const nextLine = (state: CallState, now: Date): Helpline | undefined => (state.lang ? choose({ ...state, lang: state.lang }, now).line : undefined);

  const menuFor = (state: CallState, now: Date): Menu => {
    if (state.menu === 'part') return buildPartMenu(state.part ?? 1, state.reading ? partsOf(state.reading) : 1);
    if (state.menu !== 'retry') return staticMenus[state.menu];
    const next = nextLine(state, now);
    return buildRetryMenu(next && { id: next.id, name: nameOf(next.id) });
  };

  // A menu's sentences depend only on the menu (with the retry menu's offer) and the language.
  const bodies = new Map<string, readonly Say[]>();
  function menuBody(state: CallState, now: Date, withTitle: boolean): readonly Say[] {
    const menu = menuFor(state, now);
    const offer = menu.options[0]?.action.kind === 'connect' ? menu.options[0].action.helplineId : '';
    const key = `${menu.id}|${audience(state)}|${offer}|${state.reading ?? ''}|${state.part ?? ''}|${withTitle}`;
    let body = bodies.get(key);
    if (!body) {
      body = buildMenuBody(menu, state, withTitle);
      bodies.set(key, body);
    }
    return body;
  }

  function buildMenuBody(menu: Menu, state: CallState, withTitle: boolean): Say[] {
    if (menu.id === 'language') return ctx.languages.flatMap((l) => say(l.code, speech('language.choose', { key: l.key }), l.key));
    const lang = audience(state);
    const title = menu.title && withTitle ? say(lang, menu.title) : [];
    const options = menu.options.flatMap((o) => (o.label ? say(lang, speech('menu.option', { label: o.label, key: keyWord(o.key) }), o.key) : []));
    return [...title, ...options];
  }

  const gather = (state: CallState, now: Date, preface: readonly Say[] = [], withTitle = true): Gather => ({
    kind: 'gather',
    state,
    body: [...preface, ...menuBody(state, now, withTitle)],
  });
  const menuReply = (state: CallState, now: Date, preface: readonly Say[] = []): Reply => [gather(state, now, preface)];
  /** Moves to another menu; only a part menu keeps the reading and part. */
  const enter = (state: CallState, menu: CallState['menu']): CallState =>
    menu === 'part' ? { ...state, menu } : { ...state, menu, reading: undefined, part: undefined };

  /** The sentences of one part of a reading. */
  const readPart = (lang: Audience, reading: ReadingId, part: number): Say[] => (readingParts(reading)[part - 1] ?? []).flatMap((s) => say(lang, s));
  /** Starts reading something out: its first part, then the menu that goes on to the next. A topic says once that any key stops it. */
  const startReading = (state: CallState, reading: ReadingId, now: Date, preface: readonly Say[] = []): Reply => {
    const lang = audience(state);
    const announce = reading === 'numbers' ? [] : say(lang, speech('topicMenu.anyKey'));
    return menuReply({ ...enter(state, 'part'), reading, part: 1 }, now, [...preface, ...announce, ...readPart(lang, reading, 1)]);
  };

  /**
   * Every number in the directory, each twice, one sentence per line, a few lines a part: the
   * introduction first, how to dial from a foreign SIM card last.
   */
  const numberParts: readonly (readonly Speech[])[] = (() => {
    const lines = ctx.directory.helplines.map((h) => speech(ctx.helplineKeys(h.id).number));
    const parts: Speech[][] = [];
    for (let i = 0; i < lines.length; i += NUMBERS_PER_PART) parts.push(lines.slice(i, i + NUMBERS_PER_PART));
    parts[0]?.unshift(speech('numbers.intro'));
    parts.at(-1)?.push(speech('numbers.foreignSim'));
    return parts;
  })();
  const readingParts = (reading: ReadingId): readonly (readonly Speech[])[] =>
    reading === 'numbers' ? numberParts : ctx.topicParts[reading].map((keys) => keys.map((key) => speech(key)));
  const partsOf = (reading: ReadingId) => readingParts(reading).length;

  const explainClosed = (lang: LangCode, choice: HelplineChoice): Say[] =>
    choice.closed.flatMap(({ line, opens }) =>
      say(lang, opens ? speech('transfer.closed', { name: nameOf(line.id), opens: describeOpening(opens) }) : speech('transfer.closedNoOpening', { name: nameOf(line.id) })),
    );

  /**
   * Puts the caller through to the chosen line, or, if none is open, gives the numbers to dial.
   * A caller who asked for a particular line hears why it is closed; one who asked for anyone is
   * put through at once (the helplines menu gives every line's hours).
   */
  function transfer(state: CallState & { lang: LangCode }, choice: HelplineChoice, now: Date, explain: boolean): Reply {
    const { lang } = state;
    const tried = [...state.tried, ...choice.closed.map((c) => c.line.id)];
    const explained = explain || !choice.line ? explainClosed(lang, choice) : [];
    if (!choice.line) return offerRetry({ ...state, tried }, now, explained);
    const line = choice.line;
    const intro = ctx.helplineKeys(line.id).intro;
    return [
      ...explained,
      ...say(lang, speech('transfer.connecting', { name: nameOf(line.id) })),
      ...(intro ? say(lang, speech(intro)) : []),
      { kind: 'dial', helplineId: line.id, state: { lang, line: line.id, tried, young: state.young } },
    ];
  }

  /** After a transfer did not happen: the next open line to try, or, when none is left, the numbers to dial. */
  function offerRetry(state: CallState & { lang: LangCode }, now: Date, preface: readonly Say[]): Reply {
    const retry: CallState = { ...enter(state, 'retry'), silences: 0 };
    if (nextLine(retry, now)) return menuReply(retry, now, preface);
    return startReading(retry, 'numbers', now, [...preface, ...say(state.lang, speech('transfer.nothingLeft'))]);
  }

  function act(action: Action, state: CallState, now: Date): Reply {
    const lang = audience(state);
    switch (action.kind) {
      case 'language':
        // Straight to the options, "talk to someone now" first: a caller who wants a person hears it at once.
        return [gather({ ...START, menu: 'main', lang: action.lang }, now, [], false)];
      case 'topic':
        // Choosing the help for children and young people puts their lines first for the rest of the call.
        return startReading({ ...state, young: state.young || action.topic === 'young' }, action.topic, now);
      case 'part': {
        if (!state.reading) return menuReply(enter(state, 'main'), now);
        const part = Math.min((state.part ?? 1) + action.step, partsOf(state.reading));
        return menuReply({ ...state, part }, now, readPart(lang, state.reading, part));
      }
      case 'menu':
        return menuReply(enter(state, action.menu), now);
      case 'repeat':
        return menuReply(state, now);
      case 'back':
        return menuReply(enter(state, menuFor(state, now).parent), now);
      case 'emergency':
        return menuReply(state, now, say(lang, speech('emergency.say')));
      case 'numbers':
        return startReading(state, 'numbers', now);
      case 'talk':
      case 'connect': {
        if (!state.lang) return menuReply({ ...state, menu: 'language' }, now);
        const withLang = { ...state, lang: state.lang };
        if (action.kind === 'talk') return transfer(withLang, choose(withLang, now), now, false);
        const wanted = ctx.directory.find(action.helplineId);
        if (!wanted?.dial) return menuReply(state, now);
        // Only this line, and only if it was not already tried in this call.
        const only = { ...ctx.directory, helplines: state.tried.includes(wanted.id) ? [] : [wanted] };
        return transfer(withLang, choose(withLang, now, only), now, true);
      }
    }
  }

  function onSilence(state: CallState, likelyLang: LangCode | undefined, now: Date): Outcome {
    const silence: CallEvent = { kind: 'silence', menu: state.menu };
    if (state.silences < MAX_SILENCES) {
      return said(menuReply({ ...state, silences: state.silences + 1 }, now, say(audience(state), speech('menu.noKeyHeard'))), [silence]);
    }
    if (state.menu === 'language') {
      // Nobody chose: keep the language already chosen in this call, else the one the caller's
      // country suggests, else the last in the menu, and say how to change it.
      const lang = state.lang ?? likelyLang ?? (ctx.languages.at(-1)?.code as LangCode);
      const reply = menuReply({ ...START, menu: 'main', lang }, now, say(lang, speech('language.guessed', { key: CHANGE_LANGUAGE_KEY })));
      return said(reply, [silence, ...(state.lang ? [] : [{ kind: 'language-chosen', lang, how: 'guessed' } as const])]);
    }
    return said([...say(audience(state), speech('menu.goodbyeNoInput')), { kind: 'hangup' }], [silence]);
  }

  function onMenuInput(state: CallState, digits: string | undefined, likelyLang: LangCode | undefined, now: Date): Outcome {
    if (!digits) return onSilence(state, likelyLang, now);
    const chosen = menuFor(state, now).options.find((o) => o.key === digits);
    const answered: CallState = { ...state, silences: 0 };
    if (!chosen) return said(menuReply(answered, now, say(audience(state), speech('menu.notAnOption'))), [{ kind: 'invalid-key', menu: state.menu }]);
    const { action } = chosen;
    const events: CallEvent[] = [{ kind: 'menu-choice', menu: state.menu, key: chosen.key }];
    if (action.kind === 'language') events.push({ kind: 'language-chosen', lang: action.lang, how: 'key' });
    if (action.kind === 'topic' && state.lang) events.push({ kind: 'topic-heard', topic: action.topic, lang: state.lang });
    return said(act(action, answered, now), events);
  }

  function onDialResult(state: DialState, status: DialStatus | undefined, now: Date): Outcome {
    const outcome: CallEvent = { kind: 'transfer', helplineId: state.line, outcome: status ?? 'other' };
    if (status === 'completed' || status === 'answered') {
      return said([...say(state.lang, speech('transfer.ended')), { kind: 'hangup' }], [outcome]);
    }
    const retry: CallState & { lang: LangCode } = { menu: 'retry', lang: state.lang, silences: 0, tried: [...new Set([...state.tried, state.line])], young: state.young };
    const line = ctx.directory.find(state.line);
    const why = status === 'busy' ? 'transfer.busy' : status === 'no-answer' ? 'transfer.noAnswer' : 'transfer.failed';
    const preface = line?.dial ? say(state.lang, speech(why, { name: nameOf(line.id), id: line.id })) : [];
    return said(offerRetry(retry, now, preface), [outcome]);
  }

  function failSafe(lang: LangCode | undefined): Reply {
    const audience: Audience = lang ?? 'all';
    return [
      // Inside the menu, so a key stops it: before a language is known it is said in every language.
      // The language menu is the same at every instant, so this answer can be prepared at start-up.
      { ...gather(START, ANY_INSTANT, say(audience, speech('failSafe.message'))), onSilence: 'continue' },
      ...say(audience, speech('failSafe.goodbye')),
      { kind: 'hangup' },
    ];
  }

  return {
    menuFor,
    partsOf,
    step(input, now) {
      switch (input.kind) {
        case 'answer':
          return said(menuReply(START, now, say('all', speech('opening.danger'))), [{ kind: 'call-started' }]);
        case 'menu':
          return onMenuInput(input.state, input.digits, input.likelyLang, now);
        case 'dial-result':
          return onDialResult(input.state, input.status, now);
        case 'show-menu':
          return said(menuReply(input.state, now));
        case 'fail-safe':
          return said(failSafe(input.lang));
      }
    },
  };
}
