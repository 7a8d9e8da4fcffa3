import { speech } from '../prompts/prompt-key.js';
import { START, type CallState } from './call-state.js';
import { audienceOf, chooseFor, type At } from './flow-context.js';
import type { Action } from './menus.js';
import { forTheCall, offersMessage, withoutEmergency } from './message-offer.js';
import { readPart, startReading } from './read-aloud.js';
import type { Reply } from './reply.js';
import { enter, firstMenu, menuAfter, menuFor, menuReply } from './shown-menu.js';
import { transfer } from './transfers.js';

/** What a chosen option does, besides the text message (an effect the adapter performs). */
export function act(action: Exclude<Action, { kind: 'message' }>, chosenIn: CallState, at: At): Reply {
  const lang = audienceOf(chosenIn, at);
  // The offer after the emergency key's answer lasts while that menu is repeated, until another choice.
  const state = action.kind === 'repeat' ? chosenIn : withoutEmergency(chosenIn);
  switch (action.kind) {
    case 'language':
      // Straight to the options, "talk to someone now" first: a caller who wants a person hears it at once.
      return [firstMenu({ ...START, menu: 'main', lang: action.lang, ...forTheCall(state) }, state.lang, at, [], false)];
    case 'topic':
      // Choosing the help for children and young people puts their helplines first for the rest of the call.
      return startReading({ ...state, young: state.young || action.topic === 'young' }, action.topic, at);
    case 'part': {
      if (!state.reading) return menuReply(enter(state, 'main'), at);
      const part = Math.min((state.part ?? 1) + action.step, at.flow.partsOf(state.reading));
      return menuReply({ ...state, part }, at, readPart(at, lang, state.reading, part));
    }
    case 'menu':
      return menuReply(enter(state, action.menu), at);
    case 'repeat':
      return menuReply(state, at);
    case 'back':
      return menuReply(enter(state, menuFor(at.flow, state, at.now).parent), at);
    case 'emergency': {
      // The menu that follows offers the numbers in a text message, where this caller may get one.
      const marked: CallState = { ...state, afterEmergency: true };
      const mark = offersMessage(marked, at.offer) && !offersMessage(state, at.offer);
      // Before a language is chosen the full answer is said in the caller's first language only;
      // each other language hears its short 112 warning just before its key.
      return [menuAfter(mark ? marked : state, at, speech('emergency.say'), speech('opening.danger'))];
    }
    case 'numbers':
      return startReading(state, 'numbers', at);
    case 'talk':
    case 'connect':
      return putThrough(action, state, at);
  }
}

/** "Talk to someone now" puts the caller through to anyone open; choosing a helpline, to that one only. */
function putThrough(action: Extract<Action, { kind: 'talk' | 'connect' }>, state: CallState, at: At): Reply {
  if (!state.lang) return menuReply({ ...state, menu: 'language' }, at);
  const withLang = { ...state, lang: state.lang };
  if (action.kind === 'talk') return transfer(withLang, chooseFor(at.flow, withLang, at.now), at, false);
  const wanted = at.flow.ctx.directory.find(action.helplineId);
  if (!wanted?.dial) return menuReply(state, at);
  // Only this helpline, and only if it was not already tried in this call.
  const only = { ...at.flow.ctx.directory, helplines: state.tried.includes(wanted.id) ? [] : [wanted] };
  return transfer(withLang, chooseFor(at.flow, withLang, at.now, only), at, true);
}
