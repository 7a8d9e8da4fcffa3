import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import type { CallState, LangCode } from './call-state.js';
import { audienceOf, helplineName, nextHelpline, say, type At, type Audience, type PreparedFlow } from './flow-context.js';
import { buildPartMenu, buildRetryMenu, withMessageOffer, type Menu } from './menus.js';
import { offersMessage, withoutEmergency } from './message-offer.js';
import type { Gather, Reply, Say } from './reply.js';

/** The word said for a key that is not a digit, in every menu. */
export const KEY_WORDS: Readonly<Record<string, PromptKey>> = { '*': 'keys.star', '#': 'keys.hash' };

const keyWord = (key: string): Speech | string => (KEY_WORDS[key] ? speech(KEY_WORDS[key]) : key);

function baseMenu(flow: PreparedFlow, state: CallState, now: Date): Menu {
  if (state.menu === 'part') return buildPartMenu(state.part ?? 1, state.reading ? flow.partsOf(state.reading) : 1);
  if (state.menu !== 'retry') return flow.staticMenus[state.menu];
  const next = nextHelpline(flow, state, now);
  return buildRetryMenu(next && { id: next.id, name: helplineName(flow, next.id) });
}

/** The menu a caller in this state is in; `messageOffer` as in the flow input (the text message is offered where numbers were just heard). */
export const menuFor = (flow: PreparedFlow, state: CallState, now: Date, messageOffer = false): Menu => {
  const menu = baseMenu(flow, state, now);
  return offersMessage(state, messageOffer) ? withMessageOffer(menu) : menu;
};

/** The menu a caller in this state is in at this step. */
export const menuAt = (state: CallState, at: At): Menu => menuFor(at.flow, state, at.now, at.offer);

/** The sentence that offers one language's key, in that language. */
export const languageKey = (at: At, code: LangCode): Say[] => {
  const key = at.flow.languageKeys.get(code) ?? '';
  return say(at, code, speech('language.choose', { key }), key);
};

/** A menu's sentences: each language's key in the language menu; else the title, if wanted, and each option with a label. */
function menuSentences(at: At, menu: Menu, lang: Audience, withTitle: boolean): Say[] {
  if (menu.id === 'language') return (typeof lang === 'string' ? [lang] : lang).flatMap((code) => languageKey(at, code));
  const title = menu.title && withTitle ? say(at, lang, menu.title) : [];
  const options = menu.options.flatMap((o) => (o.label ? say(at, lang, speech('menu.option', { label: o.label, key: keyWord(o.key) }), o.key) : []));
  return [...title, ...options];
}

const menuBody = (state: CallState, at: At, withTitle: boolean): readonly Say[] => menuSentences(at, menuAt(state, at), audienceOf(state, at), withTitle);

export const gather = (state: CallState, at: At, preface: readonly Say[] = [], withTitle = true, after: readonly Say[] = []): Gather => ({
  kind: 'gather',
  state,
  body: [...preface, ...menuBody(state, at, withTitle), ...after],
});

/**
 * The first menu in a language the call did not have before: where menus listen for spoken
 * answers, it ends by saying so, after every option, so "talk to someone now" comes no later for it.
 */
export const firstMenu = (state: CallState & { lang: LangCode }, before: LangCode | undefined, at: At, preface: readonly Say[], withTitle: boolean): Gather =>
  gather(state, at, preface, withTitle, at.flow.ctx.spokenAnswers && before !== state.lang ? say(at, state.lang, speech('spoken.hint')) : []);

export const menuReply = (state: CallState, at: At, preface: readonly Say[] = []): Reply => [gather(state, at, preface)];

/**
 * A menu after a sentence. In the language menu, before a language is chosen, each language's
 * sentence comes just before that language's key, in the order this caller hears the languages:
 * nothing follows the last key, so no key sounds as if it were taken back by what comes after it.
 * `others` is what the later languages hear before their key, when the sentence itself is too long
 * to be said in every language (the emergency answer: each of them hears where to call in danger).
 */
export function menuAfter(state: CallState, at: At, s: Speech, others: Speech = s): Gather {
  const heard = audienceOf(state, at);
  if (typeof heard === 'string') return gather(state, at, say(at, heard, s));
  return { kind: 'gather', state, body: heard.flatMap((code, i) => [...say(at, code, i === 0 ? s : others), ...languageKey(at, code)]) };
}

/** Moves to another menu; only a part menu keeps the reading and part, and no menu keeps the offer after the emergency key. */
export function enter(state: CallState, menu: CallState['menu']): CallState {
  const left = withoutEmergency(state);
  return menu === 'part' ? { ...left, menu } : { ...left, menu, reading: undefined, part: undefined };
}
