import type { CallState } from './call-state.js';
import type { FlowInput } from './flow-input.js';
import type { Heard } from './menu-input.js';
import { MESSAGE_KEY } from './menus.js';
import { offersMessage } from './message-offer.js';
import type { FlowEvent, Gather, Reply } from './reply.js';

/**
 * What one step counts, derived here and nowhere else from what came in and what the line answers:
 * what the input was (a call, a key, a transfer's end, a message's result), then each transfer the
 * reply starts, then each menu in it that offers the text message. Never who called.
 */
export function eventsOf(input: FlowInput, heard: Heard | undefined, reply: Reply, offer: boolean): FlowEvent[] {
  return [...inputEvents(input, heard, reply), ...menusShown(reply), ...transfersStarted(reply), ...offersMade(reply, offer)];
}

function inputEvents(input: FlowInput, heard: Heard | undefined, reply: Reply): FlowEvent[] {
  switch (input.kind) {
    case 'answer':
      return [{ kind: 'call-started' }, { kind: 'language-suggested', lang: input.likelyLang ?? 'none' }];
    case 'menu':
      return heard ? menuEvents(input.state, heard, reply) : [];
    case 'dial-result':
      return [{ kind: 'transfer', helplineId: input.state.helpline, outcome: input.status ?? 'other' }];
    case 'message-result': {
      const { state } = input;
      const choice: FlowEvent = { kind: 'menu-choice', menu: state.menu, key: MESSAGE_KEY };
      return state.lang ? [choice, { kind: 'message', lang: state.lang, outcome: input.sent ? 'sent' : 'failed' }] : [choice];
    }
    case 'show-menu':
    case 'fail-safe':
    case 'static-fallback':
      return [];
  }
}

function menuEvents(state: CallState, heard: Heard, reply: Reply): FlowEvent[] {
  if (heard.kind === 'silence') {
    // A call without a language that has one after a silence: the line chose it for the caller.
    const guessed = state.lang ? undefined : lastMenu(reply)?.state.lang;
    return [{ kind: 'silence', menu: state.menu }, ...(guessed ? [{ kind: 'language-chosen', lang: guessed, how: 'guessed' } as const] : [])];
  }
  if (heard.kind === 'invalid') return [{ kind: 'invalid-key', menu: state.menu }];
  const { key, action } = heard.option;
  // The text message's key is counted with its result, when the adapter comes back with it.
  if (action.kind === 'message') return [];
  const events: FlowEvent[] = [{ kind: 'menu-choice', menu: state.menu, key }];
  if (action.kind === 'language') events.push({ kind: 'language-chosen', lang: action.lang, how: 'key' });
  if (action.kind === 'topic' && state.lang) events.push({ kind: 'topic-heard', topic: action.topic, lang: state.lang });
  return events;
}

const lastMenu = (reply: Reply): Gather | undefined => reply.findLast((step): step is Gather => step.kind === 'gather');

/**
 * Each menu of the reply that comes back to the line when nothing is pressed, so that every showing
 * ends in a request (a key, a spoken answer, a silence) or in the caller leaving. A menu that goes on
 * by itself after silence (the fail-safe's) is not counted: the line never hears that a listener
 * went on, and would count them as a leaver.
 */
const menusShown = (reply: Reply): FlowEvent[] =>
  reply.flatMap((step) => (step.kind === 'gather' && step.onSilence !== 'continue' ? [{ kind: 'menu-shown', menu: step.state.menu } as const] : []));

const transfersStarted = (reply: Reply): FlowEvent[] =>
  reply.flatMap((step) => (step.kind === 'dial' ? [{ kind: 'transfer', helplineId: step.helplineId, outcome: 'started' } as const] : []));

/** Each menu of the reply that offers the text message: where the offer is made, it is counted. */
const offersMade = (reply: Reply, offer: boolean): FlowEvent[] =>
  reply.flatMap((step) => (step.kind === 'gather' && step.state.lang && offersMessage(step.state, offer) ? [{ kind: 'message', lang: step.state.lang, outcome: 'offered' } as const] : []));
