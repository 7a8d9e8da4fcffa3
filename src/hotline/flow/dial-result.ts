import { speech, type PromptKey } from '../prompts/prompt-key.js';
import { isAnswered, type DialStatus } from './call-status.js';
import type { CallState, DialState, LangCode } from './call-state.js';
import { chooseFor, helplineName, say, type At } from './flow-context.js';
import { forTheCall } from './message-offer.js';
import type { Reply } from './reply.js';
import { offerRetry, transfer } from './transfers.js';

/**
 * Why a transfer did not connect, as its sentences name it (transfer.<why>, transfer.rollover.<why>),
 * for the outcomes after which "talk to someone now" goes on to the next helpline by itself. Any
 * other outcome (canceled, or one Twilio did not send) is told as a failed transfer, without rolling over.
 */
const ROLLS_OVER: Readonly<Partial<Record<DialStatus, 'busy' | 'noAnswer' | 'failed'>>> = { busy: 'busy', 'no-answer': 'noAnswer', failed: 'failed' };

/**
 * After a transfer: goodbye when the helpline answered. Otherwise, after "talk to someone now" that
 * was busy, not answered or failed, straight on to the next open helpline that fits, in one sentence
 * that gives the failed helpline's number once, as crisis lines roll over to a backup centre. A
 * helpline chosen by name, a transfer the caller or Twilio canceled, or no helpline left: why it did
 * not connect with its number twice, then the next helpline offered or the numbers read.
 */
export function onDialResult(state: DialState, status: DialStatus | undefined, at: At): Reply {
  if (isAnswered(status)) {
    return [...say(at, state.lang, speech('transfer.ended')), { kind: 'hangup' }];
  }
  const retry: CallState & { lang: LangCode } = {
    menu: 'retry',
    lang: state.lang,
    silences: 0,
    tried: [...new Set([...state.tried, state.helpline])],
    young: state.young,
    ...forTheCall(state),
  };
  const helpline = at.flow.ctx.directory.find(state.helpline);
  if (!helpline?.dial) return offerRetry(retry, at, []);
  const failed = { name: helplineName(at.flow, helpline.id), id: helpline.id };
  const rollOver = status && ROLLS_OVER[status];
  if (rollOver && !state.chosen) {
    const next = chooseFor(at.flow, retry, at.now);
    const key: PromptKey = `transfer.rollover.${rollOver}`;
    if (next.helpline) return transfer(retry, next, at, false, (name) => speech(key, { ...failed, next: name }));
  }
  const why: PromptKey = `transfer.${rollOver || 'failed'}`;
  return offerRetry(retry, at, say(at, state.lang, speech(why, failed)));
}
