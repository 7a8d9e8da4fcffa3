import { speech } from '../prompts/prompt-key.js';
import { MAX_SILENCES, START, type CallState, type LangCode } from './call-state.js';
import { audienceOf, say, type At } from './flow-context.js';
import type { FlowInput } from './flow-input.js';
import { act } from './menu-actions.js';
import { CHANGE_LANGUAGE_KEY, type MenuOption } from './menus.js';
import { forTheCall } from './message-offer.js';
import type { Decision, Reply } from './reply.js';
import { firstMenu, menuAfter, menuAt, menuReply } from './shown-menu.js';

export type MenuInput = Extract<FlowInput, { kind: 'menu' }>;

/** What a key in a menu means: none pressed, a key that is no option of this menu, or an option. */
export type Heard = { readonly kind: 'silence' } | { readonly kind: 'invalid' } | { readonly kind: 'chosen'; readonly option: MenuOption };

export function hear(state: CallState, digits: string | undefined, at: At): Heard {
  if (!digits) return { kind: 'silence' };
  const option = menuAt(state, at).options.find((o) => o.key === digits);
  return option ? { kind: 'chosen', option } : { kind: 'invalid' };
}

/** What the line says and does for a key (or none) in a menu; the text message is an effect the adapter performs first. */
export function onMenuInput(input: MenuInput, heard: Heard, at: At): Decision {
  const { state } = input;
  if (heard.kind === 'silence') return { reply: onSilence(state, input.likelyLang, at) };
  const answered: CallState = { ...state, silences: 0 };
  if (heard.kind === 'invalid') return { reply: [menuAfter(answered, at, speech('menu.notAnOption'))] };
  const { action } = heard.option;
  // The adapter sends the message and comes back with a message-result.
  if (action.kind === 'message') return state.lang ? { reply: [], effects: [{ kind: 'send-numbers-message', lang: state.lang, state }] } : { reply: menuReply(answered, at) };
  return { reply: act(action, answered, at) };
}

/** No key: the menu again, twice; then a language chosen for the caller in the language menu, or goodbye anywhere else. */
function onSilence(state: CallState, likelyLang: LangCode | undefined, at: At): Reply {
  if (state.silences < MAX_SILENCES) return [menuAfter({ ...state, silences: state.silences + 1 }, at, speech('menu.noKeyHeard'))];
  if (state.menu === 'language') {
    // Nobody chose: keep the language already chosen in this call, else the one the caller's
    // country suggests, else the line's first language (a caller from +47 or a withheld number
    // heard it first, and speakers of the other languages understand it best), and say how to change it.
    const lang = state.lang ?? likelyLang ?? at.flow.firstLanguage;
    const guessed = say(at, lang, speech('language.guessed', { key: CHANGE_LANGUAGE_KEY }));
    return [firstMenu({ ...START, menu: 'main', lang, ...forTheCall(state) }, state.lang, at, guessed, true)];
  }
  return [...say(at, audienceOf(state, at), speech('menu.goodbyeNoInput')), { kind: 'hangup' }];
}
