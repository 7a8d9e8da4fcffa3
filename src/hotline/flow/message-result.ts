import { speech } from '../prompts/prompt-key.js';
import type { CallState } from './call-state.js';
import { say, type At } from './flow-context.js';
import { withoutEmergency } from './message-offer.js';
import { startReading } from './read-aloud.js';
import type { Reply } from './reply.js';
import { menuReply } from './shown-menu.js';

/**
 * After the caller pressed the text-message key and the adapter tried to send the numbers: sent,
 * "the message is on its way" and the same menu; not sent, "I could not send the message" and the
 * numbers read again. Either way no message is offered again in this call (a message that timed
 * out may still arrive, so a second try could send two).
 */
export function onMessageResult(chosenIn: CallState, sent: boolean, at: At): Reply {
  const state: CallState = { ...withoutEmergency(chosenIn), silences: 0, messageSent: true };
  if (!state.lang) return menuReply(state, at);
  const { lang } = state;
  if (sent) return menuReply(state, at, say(at, lang, speech('textMessage.sent')));
  return startReading(state, 'numbers', at, say(at, lang, speech('textMessage.failed')));
}
