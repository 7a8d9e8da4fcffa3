import type { LangCode } from '../flow/call-state.js';
import { isAnswered } from '../flow/call-status.js';
import type { FlowInput } from '../flow/flow-input.js';
import type { FlowEvent, Reply } from '../flow/reply.js';
import { CALL_START_PARAM, VOICE_PATH } from '../twiml/webhook-paths.js';
import { formField, type AnswerRequest } from './answer-request.js';

/** Twilio ends a call after four hours: a start further back than that was not this call's. */
const LONGEST_CALL_SECONDS = 4 * 60 * 60;
/** Instances' clocks may differ a little: a start this far ahead of now is still believed (and counted as no wait). */
const CLOCK_SKEW_SECONDS = 60;

const wholeSeconds = (instant: Date): number => Math.floor(instant.getTime() / 1000);

/**
 * When the call came in, in whole seconds since 1970 (UTC): now for the first ring, else what the
 * line wrote into its own action URL (Twilio signs it with the rest of the URL). Undefined for a
 * request that does not carry it: an action URL of the fail-safe answer (rendered before any call)
 * or of an older version, so such a call is never given a wait it did not have.
 */
export function callStartOf(request: Pick<AnswerRequest, 'path' | 'query'>, now: Date): number | undefined {
  if (request.path === VOICE_PATH) return wholeSeconds(now);
  const raw = request.query?.[CALL_START_PARAM];
  if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw)) return undefined;
  const start = Number(raw);
  const elapsed = wholeSeconds(now) - start;
  return elapsed >= -CLOCK_SKEW_SECONDS && elapsed <= LONGEST_CALL_SECONDS ? start : undefined;
}

/** How long a caller waited, counted without keeping anything but the call's start in its own URLs. */
export type WaitEvent =
  /** A transfer starts ringing: seconds from the first ring of the call. */
  | { readonly kind: 'transfer-ringing'; readonly lang: LangCode; readonly helplineId: string; readonly seconds: number }
  /** A helpline answered a transfer: seconds from the first ring to the helpline picking up. */
  | { readonly kind: 'person-reached'; readonly lang: LangCode; readonly helplineId: string; readonly seconds: number };

/**
 * The waits one answer shows: each transfer its reply starts ringing, and, when a transfer ended
 * answered, when the helpline picked up (now minus Twilio's DialCallDuration, the seconds the
 * caller talked). Nothing without a known start.
 */
export function waitEvents(input: FlowInput, request: Pick<AnswerRequest, 'form'>, flowEvents: readonly FlowEvent[], reply: Reply, start: number | undefined, now: Date): WaitEvent[] {
  if (start === undefined) return [];
  const since = (instant: number) => Math.max(0, instant - start);
  const waits: WaitEvent[] = [];
  if (input.kind === 'dial-result') {
    const talked = Number(formField(request, 'DialCallDuration') ?? 'NaN');
    const answered = flowEvents.find((e) => e.kind === 'transfer' && isAnswered(e.outcome));
    if (answered?.kind === 'transfer' && Number.isInteger(talked) && talked >= 0) {
      waits.push({ kind: 'person-reached', lang: input.state.lang, helplineId: answered.helplineId, seconds: since(wholeSeconds(now) - talked) });
    }
  }
  for (const step of reply) {
    if (step.kind === 'dial' && step.onEnd !== 'continue') waits.push({ kind: 'transfer-ringing', lang: step.state.lang, helplineId: step.helplineId, seconds: since(wholeSeconds(now)) });
  }
  return waits;
}
