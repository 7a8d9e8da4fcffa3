import { chooseHelpline, type HelplineChoice } from '../helplines/choose-helpline.js';
import { describeOpening } from '../helplines/describe-hours.js';
import type { Directory, Helpline } from '../helplines/directory.js';
import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import type { Segment } from '../prompts/segments.js';
import type { DialStatus } from './call-status.js';
import { MAX_SILENCES, START, type CallState, type DialState, type LangCode, type LineLanguage } from './call-state.js';
import type { FlowInput } from './flow-input.js';
import type { HelplineKeys } from './helpline-keys.js';
import { buildRetryMenu, buildStaticMenus, CHANGE_LANGUAGE_KEY, type Action, type Menu, type TopicId } from './menus.js';
import type { CallEvent, Gather, Outcome, Reply, Say } from './reply.js';

export interface FlowContext {
  readonly languages: readonly LineLanguage[];
  readonly directory: Directory;
  /** The prompt keys of each topic, in the order they are read. */
  readonly topicParts: Readonly<Record<TopicId, readonly PromptKey[]>>;
  readonly helplineKeys: (id: string) => HelplineKeys;
  /** A sentence in one language as words and numbers (the prompt catalog resolves it). */
  readonly speak: (lang: LangCode, s: Speech) => readonly Segment[];
}

/** The pure call flow: one function from (input, instant) to what the line says and does, and what to count. */
export interface CallFlow {
  step(input: FlowInput, now: Date): Outcome;
  menuFor(state: CallState, now: Date): Menu;
}

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

  const say = (audience: Audience, s: Speech): Say[] =>
    (audience === 'all' ? everyone : [audience]).map((lang) => ({ kind: 'say', lang, key: s.key, segments: ctx.speak(lang, s) }));
  const keyWord = (key: string): Speech | string => (KEY_WORDS[key] ? speech(KEY_WORDS[key]) : key);

  // The language menu speaks every language, even to a caller who came back to it to change language.
  const audience = (state: CallState): Audience => (state.menu === 'language' ? 'all' : (state.lang ?? 'all'));

  const choose = (state: CallState & { lang: LangCode }, now: Date, directory = ctx.directory) =>
    chooseHelpline({ lang: state.lang, instant: now, tried: state.tried, young: state.young }, directory);
  const nextLine = (state: CallState, now: Date): Helpline | undefined => (state.lang ? choose({ ...state, lang: state.lang }, now).line : undefined);

  const menuFor = (state: CallState, now: Date): Menu => {
    if (state.menu !== 'retry') return staticMenus[state.menu];
    const next = nextLine(state, now);
    return buildRetryMenu(next && { id: next.id, name: nameOf(next.id) });
  };

  // A menu's sentences depend only on the menu (with the retry menu's offer) and the language.
  const bodies = new Map<string, readonly Say[]>();
  function menuBody(state: CallState, now: Date): readonly Say[] {
    const menu = menuFor(state, now);
    const key = `${menu.id}|${audience(state)}|${menu.options[0]?.action.kind === 'connect' ? menu.options[0].action.helplineId : ''}`;
    let body = bodies.get(key);
    if (!body) {
      body = buildMenuBody(menu, state);
      bodies.set(key, body);
    }
    return body;
  }

  function buildMenuBody(menu: Menu, state: CallState): Say[] {
    if (menu.id === 'language') return ctx.languages.flatMap((l) => say(l.code, speech('language.choose', { key: l.key })));
    const lang = audience(state);
    const title = menu.title ? say(lang, menu.title) : [];
    const options = menu.options.flatMap((o) => (o.label ? say(lang, speech('menu.option', { label: o.label, key: keyWord(o.key) })) : []));
    return [...title, ...options];
  }

  const gather = (state: CallState, now: Date, preface: readonly Say[] = []): Gather => ({ kind: 'gather', state, body: [...preface, ...menuBody(state, now)] });
  const menuReply = (state: CallState, now: Date, preface: readonly Say[] = []): Reply => [gather(state, now, preface)];

  /** Every number in the directory, each twice, one sentence per line, then how to dial from a foreign SIM card. */
  const allNumbers = (lang: Audience): Say[] => [
    ...say(lang, speech('numbers.intro')),
    ...ctx.directory.helplines.flatMap((h) => say(lang, speech(ctx.helplineKeys(h.id).number))),
    ...say(lang, speech('numbers.foreignSim')),
  ];

  const explainClosed = (lang: LangCode, choice: HelplineChoice): Say[] =>
    choice.closed.flatMap(({ line, opens }) =>
      say(lang, opens ? speech('transfer.closed', { name: nameOf(line.id), opens: describeOpening(opens) }) : speech('transfer.closedNoOpening', { name: nameOf(line.id) })),
    );

  /** Puts the caller through to the chosen line, or, if none is open, gives the numbers to dial. */
  function transfer(state: CallState & { lang: LangCode }, choice: HelplineChoice, now: Date): Reply {
    const { lang } = state;
    const tried = [...state.tried, ...choice.closed.map((c) => c.line.id)];
    const explained = explainClosed(lang, choice);
    if (!choice.line) return offerRetry({ ...state, tried }, now, explained);
    const line = choice.line;
    const intro = ctx.helplineKeys(line.id).intro;
    return [
      ...explained,
      ...(intro ? say(lang, speech(intro)) : []),
      ...say(lang, speech('transfer.connecting', { name: nameOf(line.id) })),
      { kind: 'dial', helplineId: line.id, state: { lang, line: line.id, tried, young: state.young } },
    ];
  }

  function offerRetry(state: CallState & { lang: LangCode }, now: Date, preface: readonly Say[]): Reply {
    const retry: CallState = { ...state, menu: 'retry', silences: 0 };
    const numbers = nextLine(retry, now) ? [] : [...say(state.lang, speech('transfer.nothingLeft')), ...allNumbers(state.lang)];
    return menuReply(retry, now, [...preface, ...numbers]);
  }

  function act(action: Action, state: CallState, now: Date): Reply {
    const lang = audience(state);
    switch (action.kind) {
      case 'language':
        return menuReply({ ...START, menu: 'main', lang: action.lang }, now, say(action.lang, speech('main.welcome')));
      case 'topic': {
        // Choosing the help for children and young people puts their lines first for the rest of the call.
        const main: CallState = { ...state, menu: 'main', young: state.young || action.topic === 'young' };
        return menuReply(main, now, ctx.topicParts[action.topic].flatMap((key) => say(lang, speech(key))));
      }
      case 'menu':
        return menuReply({ ...state, menu: action.menu }, now);
      case 'repeat':
        return menuReply(state, now);
      case 'back':
        return menuReply({ ...state, menu: menuFor(state, now).parent }, now);
      case 'emergency':
        return menuReply(state, now, say(lang, speech('emergency.say')));
      case 'numbers':
        return menuReply(state, now, allNumbers(lang));
      case 'talk':
      case 'connect': {
        if (!state.lang) return menuReply({ ...state, menu: 'language' }, now);
        const withLang = { ...state, lang: state.lang };
        if (action.kind === 'talk') return transfer(withLang, choose(withLang, now), now);
        const wanted = ctx.directory.find(action.helplineId);
        if (!wanted?.dial) return menuReply(state, now);
        // Only this line, and only if it was not already tried in this call.
        const only = { ...ctx.directory, helplines: state.tried.includes(wanted.id) ? [] : [wanted] };
        return transfer(withLang, choose(withLang, now, only), now);
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
      const reply = menuReply({ ...START, menu: 'main', lang }, now, [
        ...say(lang, speech('language.guessed', { key: CHANGE_LANGUAGE_KEY })),
        ...say(lang, speech('main.welcome')),
      ]);
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
