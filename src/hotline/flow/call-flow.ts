import type { CallState, ReadingId } from './call-state.js';
import { onDialResult } from './dial-result.js';
import { failSafe } from './fail-safe.js';
import { atStep, prepareFlow, type At, type FlowContext } from './flow-context.js';
import { eventsOf } from './flow-events.js';
import type { FlowInput } from './flow-input.js';
import { hear, onMenuInput, type Heard } from './menu-input.js';
import type { Menu } from './menus.js';
import { onMessageResult } from './message-result.js';
import { opening } from './opening.js';
import type { Decision, Outcome } from './reply.js';
import { menuFor, menuReply } from './shown-menu.js';
import { staticFallbackReply } from './static-fallback.js';

/** The pure call flow: one function from (input, instant) to what the line says and does, and what to count. */
export interface CallFlow {
  step(input: FlowInput, now: Date): Outcome;
  /** The menu a caller in this state is in; `messageOffer` as in the flow input (the text message is offered where numbers were just heard). */
  menuFor(state: CallState, now: Date, messageOffer?: boolean): Menu;
  /** How many parts a reading is read in. */
  partsOf(reading: ReadingId): number;
}

/** One step, by the kind of its input; a key in a menu is read once, for the answer and for what it counts. */
function decide(input: FlowInput, at: At): { readonly decision: Decision; readonly heard?: Heard } {
  switch (input.kind) {
    case 'answer':
      return { decision: { reply: opening(at) } };
    case 'menu': {
      const heard = hear(input.state, input.digits, at);
      return { decision: onMenuInput(input, heard, at), heard };
    }
    case 'dial-result':
      return { decision: { reply: onDialResult(input.state, input.status, at) } };
    case 'show-menu':
      return { decision: { reply: menuReply(input.state, at) } };
    case 'message-result':
      return { decision: { reply: onMessageResult(input.state, input.sent, at) } };
    case 'fail-safe':
      return { decision: { reply: failSafe(at.flow, input.lang, input.messageSent) } };
    case 'static-fallback':
      return { decision: { reply: staticFallbackReply(at.flow.ctx) } };
  }
}

export function createCallFlow(ctx: FlowContext): CallFlow {
  const flow = prepareFlow(ctx);
  return {
    menuFor: (state, now, messageOffer) => menuFor(flow, state, now, messageOffer),
    partsOf: flow.partsOf,
    step(input, now) {
      const at = atStep(flow, input, now);
      const { decision, heard } = decide(input, at);
      const events = eventsOf(input, heard, decision.reply, at.offer);
      return decision.effects ? { reply: decision.reply, events, effects: decision.effects } : { reply: decision.reply, events };
    },
  };
}
