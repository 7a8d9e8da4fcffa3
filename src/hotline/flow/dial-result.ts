import { speech } from '../prompts/prompt-key.js';
import type { DialStatus } from './call-status.js';
import type { CallState, DialState, LangCode } from './call-state.js';
import { helplineName, say, type At } from './flow-context.js';
import { forTheCall } from './message-offer.js';
import type { Reply } from './reply.js';
import { offerRetry } from './transfers.js';

/** After a transfer: goodbye when the helpline answered; otherwise why not, and the next helpline or the numbers. */
export function onDialResult(state: DialState, status: DialStatus | undefined, at: At): Reply {
  if (status === 'completed' || status === 'answered') {
    return [...say(at, state.lang, speech('transfer.ended')), { kind: 'hangup' }];
  }
  const retry: CallState & { lang: LangCode } = {
    menu: 'retry',
    lang: state.lang,
    silences: 0,
    tried: [...new Set([...state.tried, state.line])],
    young: state.young,
    ...forTheCall(state),
  };
  const helpline = at.flow.ctx.directory.find(state.line);
  const why = status === 'busy' ? 'transfer.busy' : status === 'no-answer' ? 'transfer.noAnswer' : 'transfer.failed';
  const preface = helpline?.dial ? say(at, state.lang, speech(why, { name: helplineName(at.flow, helpline.id), id: helpline.id })) : [];
  return offerRetry(retry, at, preface);
}
