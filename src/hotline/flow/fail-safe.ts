import { speech } from '../prompts/prompt-key.js';
import { START, type CallState, type LangCode } from './call-state.js';
import { say, type At, type Audience, type PreparedFlow } from './flow-context.js';
import { forTheCall } from './message-offer.js';
import type { Reply } from './reply.js';
import { gather, menuAfter } from './shown-menu.js';

const ANY_INSTANT = new Date(0);

/** When anything fails: the emergency number, a 24-hour helpline, and a way to start again. It offers no text message. */
export function failSafe(flow: PreparedFlow, lang: LangCode | undefined, messageSent: true | undefined): Reply {
  const audience: Audience = lang ?? flow.everyone;
  // A call that already asked for the text message keeps that in its state: one message a call.
  const start: CallState = { ...START, ...forTheCall({ messageSent }) };
  const at: At = { flow, now: ANY_INSTANT, offer: false, order: flow.everyone };
  const message = speech('failSafe.message');
  return [
    // Inside the menu, so a key stops it. Before a language is known it is said in the first
    // language, and each other language hears its 112 warning just before its key (the whole
    // message in every language would outlast the answer's budget as languages are added).
    // The language menu is the same at every instant, so this answer can be prepared at start-up.
    { ...(lang ? gather(start, at, say(at, lang, message)) : menuAfter(start, at, message, speech('opening.danger'))), onSilence: 'continue' },
    ...say(at, audience, speech('failSafe.goodbye')),
    { kind: 'hangup' },
  ];
}
