import { chooseHelpline, type HelplineChoice } from '../helplines/choose-helpline.js';
import { describeOpening } from '../helplines/describe-hours.js';
import type { Directory, Helpline } from '../helplines/directory.js';
import type { Language } from '../prompts/languages.js';
import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import { MAX_SILENCES, START, type CallState, type DialState } from './call-state.js';
import {
  buildRetryMenu,
  buildStaticMenus,
  CHANGE_LANGUAGE_KEY,
  helplineIntroKey,
  helplineNameKey,
  helplineNumberKey,
  type Action,
  type Menu,
  type TopicId,
} from './menus.js';
import { say, type Audience, type Reply, type Say } from './reply.js';

export interface FlowContext {
  readonly languages: readonly Language[];
  readonly directory: Directory;
  /** The prompt keys of each topic, in the order they are read. */
  readonly topicParts: Readonly<Record<TopicId, readonly PromptKey[]>>;
}

export interface MenuInput {
  /** Keys pressed; absent or empty when the caller pressed nothing. */
  readonly digits: string | undefined;
  /** The language the caller's country code suggests, used when nothing is chosen. */
  readonly likelyLang: string | undefined;
}

/** The pure call flow: each function maps (state, input, instant) to what the line does next. */
export interface CallFlow {
  answer(now: Date): Reply;
  onMenuInput(state: CallState, input: MenuInput, now: Date): Reply;
  onDialResult(state: DialState, status: string | undefined, now: Date): Reply;
  /** When anything fails: the emergency number, a 24-hour line, and a way to start again. */
  failSafe(lang: string | undefined): Reply;
  menuFor(state: CallState, now: Date): Menu;
  showMenu(state: CallState, now: Date): Reply;
}

const ANY_INSTANT = new Date(0);
const KEY_WORDS: Record<string, PromptKey> = { '*': 'keys.star', '#': 'keys.hash' };
const keySpeech = (key: string): Speech | string => (KEY_WORDS[key] ? speech(KEY_WORDS[key]) : key);

export function createCallFlow(ctx: FlowContext): CallFlow {
  const staticMenus = buildStaticMenus(ctx);
  // The language menu speaks every language, even to a caller who came back to it to change language.
  const audience = (state: CallState): Audience => (state.menu === 'language' ? 'all' : (state.lang ?? 'all'));

  const menuFor = (state: CallState, now: Date): Menu =>
    state.menu === 'retry' ? buildRetryMenu(nextLine(state, now)?.id) : staticMenus[state.menu];

  const choose = (state: CallState & { lang: string }, now: Date, directory = ctx.directory) =>
    chooseHelpline({ lang: state.lang, instant: now, tried: state.tried, young: state.young }, directory);

  function nextLine(state: CallState, now: Date): Helpline | undefined {
    return state.lang ? choose({ ...state, lang: state.lang }, now).line : undefined;
  }

  function menuBody(state: CallState, now: Date): Say[] {
    const menu = menuFor(state, now);
    if (menu.id === 'language') {
      return ctx.languages.map((l) => say(l.code, speech('language.choose', { key: l.key })));
    }
    const lang = audience(state);
    const title = menu.title ? [say(lang, menu.title)] : [];
    const options = menu.options.flatMap((o) =>
      o.label ? [say(lang, speech('menu.option', { label: o.label, key: keySpeech(o.key) }))] : [],
    );
    return [...title, ...options];
  }

  const menuReply = (state: CallState, now: Date, preface: readonly Say[] = []): Reply => [
    { kind: 'gather', state, body: [...preface, ...menuBody(state, now)] },
  ];

  const nameOf = (line: Helpline) => speech(helplineNameKey(line.id));

  /** Every number in the directory, each twice, one <Say> per line, then how to dial from a foreign SIM card. */
  const allNumbers = (lang: Audience): Say[] => [
    say(lang, speech('numbers.intro')),
    ...ctx.directory.helplines.map((h) => say(lang, speech(helplineNumberKey(h.id)))),
    say(lang, speech('numbers.foreignSim')),
  ];

  function explainClosed(lang: string, choice: HelplineChoice): Say[] {
    return choice.closed.map(({ line, opens }) =>
      say(
        lang,
        opens
          ? speech('transfer.closed', { name: nameOf(line), opens: describeOpening(opens) })
          : speech('transfer.closedNoOpening', { name: nameOf(line) }),
      ),
    );
  }

  /** Puts the caller through to the chosen line, or, if none is open, gives the numbers to dial. */
  function transfer(state: CallState & { lang: string }, choice: HelplineChoice, now: Date): Reply {
    const lang = state.lang;
    const tried = [...state.tried, ...choice.closed.map((c) => c.line.id)];
    const explained = explainClosed(lang, choice);
    if (!choice.line) {
      return offerRetry({ ...state, tried }, now, explained);
    }
    const line = choice.line;
    return [
      ...explained,
      say(lang, speech(helplineIntroKey(line.id))),
      say(lang, speech('transfer.connecting', { name: nameOf(line) })),
      { kind: 'dial', helplineId: line.id, state: { lang, line: line.id, tried, young: state.young } },
    ];
  }

  function offerRetry(state: CallState & { lang: string }, now: Date, preface: Say[]): Reply {
    const retry: CallState = { ...state, menu: 'retry', silences: 0 };
    const numbers = nextLine(retry, now)
      ? []
      : [say(state.lang, speech('transfer.nothingLeft')), ...allNumbers(state.lang)];
    return menuReply(retry, now, [...preface, ...numbers]);
  }

  function act(action: Action, state: CallState, now: Date): Reply {
    const lang = audience(state);
    switch (action.kind) {
      case 'language':
        return menuReply({ ...START, menu: 'main', lang: action.lang }, now, [say(action.lang, speech('main.welcome'))]);
      case 'topic': {
        // Choosing the help for children and young people puts their lines first for the rest of the call.
        const main: CallState = { ...state, menu: 'main', young: state.young || action.topic === 'young' };
        const parts = ctx.topicParts[action.topic].map((key) => say(lang, speech(key)));
        return menuReply(main, now, parts);
      }
      case 'menu':
        return menuReply({ ...state, menu: action.menu }, now);
      case 'repeat':
        return menuReply(state, now);
      case 'back':
        return menuReply({ ...state, menu: menuFor(state, now).parent }, now);
      case 'emergency':
        return menuReply(state, now, [say(lang, speech('emergency.say'))]);
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

  function onSilence(state: CallState, input: MenuInput, now: Date): Reply {
    if (state.silences < MAX_SILENCES) {
      return menuReply({ ...state, silences: state.silences + 1 }, now, [say(audience(state), speech('menu.noKeyHeard'))]);
    }
    if (state.menu === 'language') {
      // Nobody chose: keep the language already chosen in this call, else the one the caller's
      // country suggests, and say how to change it.
      const lang = state.lang ?? input.likelyLang ?? ctx.languages.at(-1)?.code ?? 'en';
      return menuReply({ ...START, menu: 'main', lang }, now, [
        say(lang, speech('language.guessed', { key: CHANGE_LANGUAGE_KEY })),
        say(lang, speech('main.welcome')),
      ]);
    }
    return [say(audience(state), speech('menu.goodbyeNoInput')), { kind: 'hangup' }];
  }

  return {
    menuFor,
    showMenu: (state, now) => menuReply(state, now),
    answer: (now) => menuReply(START, now, [say('all', speech('opening.danger'))]),

    onMenuInput(state, input, now) {
      if (!input.digits) return onSilence(state, input, now);
      const chosen = menuFor(state, now).options.find((o) => o.key === input.digits);
      const answered: CallState = { ...state, silences: 0 };
      if (!chosen) return menuReply(answered, now, [say(audience(state), speech('menu.notAnOption'))]);
      return act(chosen.action, answered, now);
    },

    failSafe(lang) {
      const audience: Audience = lang ?? 'all';
      return [
        say(audience, speech('failSafe.message')),
        // The language menu is the same at every instant, so this answer can be prepared at start-up.
        { kind: 'gather', state: START, body: menuBody(START, ANY_INSTANT), onSilence: 'continue' },
        say(audience, speech('failSafe.goodbye')),
        { kind: 'hangup' },
      ];
    },

    onDialResult(state, status, now) {
      const line = ctx.directory.find(state.line);
      if (status === 'completed' || status === 'answered') {
        return [say(state.lang, speech('transfer.ended')), { kind: 'hangup' }];
      }
      const callState: CallState & { lang: string } = {
        menu: 'retry',
        lang: state.lang,
        silences: 0,
        tried: [...new Set([...state.tried, state.line])],
        young: state.young,
      };
      const why = status === 'busy' ? 'transfer.busy' : status === 'no-answer' ? 'transfer.noAnswer' : 'transfer.failed';
      const preface = line ? [say(state.lang, speech(why, { name: nameOf(line), id: line.id }))] : [];
      return offerRetry(callState, now, preface);
    },
  };
}
