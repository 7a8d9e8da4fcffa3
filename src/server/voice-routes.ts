import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import {
  type AnswerEvent,
  type AnswerRequest,
  answerWithEffect,
  asksMessageOffer,
  DIAL_RESULT_PATH,
  type Effect,
  FALLBACK_PATH,
  failSafeAnswer,
  type FailSafeCase,
  failSafeCase,
  failSafeCases,
  FINAL_CALL_STATUSES,
  type Hotline,
  MENU_PATH,
  REVIEW_PATH,
  STATUS_PATH,
  VOICE_PATH,
} from '../hotline/index.js';
import type { Config } from '../settings/load-config.js';
import type { CallMetrics } from './call-metrics.js';
import { callerIdFor } from './caller-id.js';
import { field, pathOnly } from './read-request.js';
import { reportSignatureRejections } from './report-signature-rejections.js';
import { requestOrigin } from './request-origin.js';
import type { NumberMessenger } from './send-numbers-message.js';
import { verifyTwilioSignature } from './verify-twilio-signature.js';

/** Twilio's form posts are small; anything larger is not from Twilio. */
export const BODY_LIMIT = '16kb';

export interface VoiceRouteDeps {
  readonly config: Pick<Config, 'authToken' | 'publicBaseUrl'> & Partial<Pick<Config, 'passCallerNumber' | 'hotlineNumber'>>;
  readonly hotline: Hotline;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly callRef: (callSid: unknown) => string | undefined;
  readonly metrics: CallMetrics;
  /** Sends the numbers in a text message; without it no message is ever offered. */
  readonly messages?: NumberMessenger | undefined;
}

const sendTwiml = (res: Response, xml: string | Buffer) => res.set('Content-Type', 'text/xml; charset=utf-8').send(xml);

/**
 * The origin Twilio called: PUBLIC_BASE_URL when set, else the request's own (the same rule as the
 * signature check, which has already accepted this host for a signed request).
 */

/** The fail-safe answers, which never change but for the origin recordings are played from: made once per origin. */
function perOrigin<T>(make: (origin: string) => T, maxOrigins = 8): (origin: string) => T {
  const made = new Map<string, T>();
  return (origin) => {
    let value = made.get(origin);
    if (value === undefined) {
      value = make(origin);
      // A server answers under one or two origins; a flood of Host headers must not grow this.
      if (made.size < maxOrigins) made.set(origin, value);
    }
    return value;
  };
}

/** Every fail-safe answer, rendered at start-up (for the public origin) so that it cannot fail when it is needed. */
function prepareFailSafe({ hotline, clock, config }: VoiceRouteDeps): (req: Request, which: FailSafeCase) => Buffer {
  const keyOf = (which: FailSafeCase) => `${which.lang ?? ''}|${which.messageSent}`;
  const cases = failSafeCases(hotline);
  const rendered = perOrigin((origin) => new Map(cases.map((which) => [keyOf(which), Buffer.from(failSafeAnswer(hotline, which, origin, clock()).twiml)])));
  // A fail-safe answer that cannot be rendered stops start-up.
  rendered(config.publicBaseUrl?.origin ?? 'https://start-up.invalid');
  return (req, which) => {
    const byCase = rendered(requestOrigin(req, config.publicBaseUrl));
    return byCase.get(keyOf(which)) ?? (byCase.get(keyOf({ lang: undefined, messageSent: which.messageSent })) as Buffer);
  };
}

/**
 * Times the answer (body read and signature checked), counts it by route, and logs path and status
 * only. A handler that waits (for the limits store, or sending a text message) is timed to its end.
 */
function timed(deps: VoiceRouteDeps, route: string, handler: (req: Request, res: Response) => void | Promise<void>): RequestHandler {
  const debug = deps.logger.isLevelEnabled('debug');
  return (req, res) => {
    const started = process.hrtime.bigint();
    const done = () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      deps.metrics.observeRequest(route, seconds);
      // The query holds menu state and the body who called: neither is logged.
      if (debug) deps.logger.debug({ route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, call: deps.callRef(field(req, 'CallSid')) }, 'webhook');
    };
    const waiting = handler(req, res);
    return waiting ? waiting.then(done) : done();
  };
}

/**
 * The request as the line reads it, with what only the server can find out: whether this caller may
 * be offered the numbers in a text message (sending is configured, From looks like a mobile number
 * under today's limit; false when the limits store does not answer in time), and the caller ID.
 */
async function requestOf(deps: VoiceRouteDeps, req: Request, path: string, now: Date): Promise<AnswerRequest> {
  const request: AnswerRequest = { path, query: req.query, form: req.body as AnswerRequest['form'], origin: requestOrigin(req, deps.config.publicBaseUrl), callerId: callerIdFor(deps.config, { From: field(req, 'From'), To: field(req, 'To') }) };
  const messageOffer = deps.messages !== undefined && asksMessageOffer(deps.hotline, request) && (await deps.messages.mayOffer(field(req, 'From'), now));
  return { ...request, messageOffer };
}

/** A failed send's fields for the log: the reason and its codes, without the `sent` flag. */
function omitSent(result: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(result).filter(([name]) => name !== 'sent'));
}

/**
 * The flow's effect: the caller pressed the text-message key where it was offered, so send the
 * numbers to From (at most about 3 s, never the cause of a failed call). Only the outcome is logged:
 * never the number, never the REST client's error text (it may quote the number).
 */
async function sendNumbers({ messages, logger, callRef, clock }: VoiceRouteDeps, req: Request, effect: Effect): Promise<boolean> {
  const call = callRef(field(req, 'CallSid'));
  try {
    if (!messages) throw new Error('no text messages configured');
    const result = await messages.send(field(req, 'From'), effect.lang, clock());
    if (result.sent) {
      logger.info({ call }, 'text message sent');
    } else {
      // The reason from its closed set, with Twilio's status and code or the system's error code.
      logger.warn({ call, ...omitSent(result) }, 'text message not sent');
    }
    return result.sent;
  } catch {
    logger.warn({ call, reason: 'error' }, 'text message not sent');
    return false;
  }
}

/** Counts what an answer means, and logs the start of a call (by its reference, never its number). */
function count({ metrics, logger, callRef }: VoiceRouteDeps, req: Request, events: readonly AnswerEvent[]): void {
  for (const event of events) {
    metrics.record(event);
    if (event.kind === 'call-started') logger.info({ call: callRef(field(req, 'CallSid')) }, 'call started');
  }
}

/** A call's webhook: the line's answer, after performing its effect (and answering with the effect's result). */
function answerCall(deps: VoiceRouteDeps, path?: string) {
  return async (req: Request, res: Response): Promise<void> => {
    const now = deps.clock();
    const request = await requestOf(deps, req, path ?? req.path, now);
    const { last } = await answerWithEffect(deps.hotline, request, now, {
      perform: (effect) => sendNumbers(deps, req, effect),
      later: deps.clock,
      made: (answered) => count(deps, req, answered.events),
    });
    sendTwiml(res, last.twiml);
  };
}

/** Twilio's status callback: counts the calls that ended and how long they took. */
function callStatus({ metrics, logger, callRef }: VoiceRouteDeps) {
  return (req: Request, res: Response): void => {
    const status = field(req, 'CallStatus') ?? 'other';
    const seconds = Number(field(req, 'CallDuration'));
    if (FINAL_CALL_STATUSES.has(status)) {
      metrics.callEnded(status, Number.isFinite(seconds) ? seconds : undefined);
      logger.info({ call: callRef(field(req, 'CallSid')), status }, 'call ended');
    }
    res.status(204).end();
  };
}

/**
 * Twilio's fallback URL: the fail-safe answer for whoever reaches it. It is public information (112,
 * a line open day and night, start again), and a wrong public URL must not leave a caller with
 * Twilio's own English error, so it answers even a request that is not validly signed.
 */
function fallback({ hotline, metrics, logger, callRef }: VoiceRouteDeps, failSafe: ReturnType<typeof prepareFailSafe>) {
  return (req: Request, res: Response): void => {
    const signed = res.locals.signatureValid === true;
    // Only Twilio's own request pages the operator: an unsigned one may be anyone's.
    metrics.failSafe(signed ? 'fallback' : 'fallback-unsigned');
    logger.warn(
      { call: signed ? callRef(field(req, 'CallSid')) : undefined, errorCode: field(req, 'ErrorCode')?.replace(/\D/g, '').slice(0, 6), errorUrl: pathOnly(field(req, 'ErrorUrl')) },
      signed ? 'Twilio used the fallback URL' : 'Answered the fallback URL with the fail-safe TwiML although the request was not validly signed',
    );
    sendTwiml(res, failSafe(req, failSafeCase(hotline, { path: FALLBACK_PATH, form: req.body as AnswerRequest['form'] })));
  };
}

/** Any error inside a voice route still gives the caller 112 and a 24-hour line, as valid TwiML, in the call's language. */
function answerErrors({ hotline, metrics, logger, callRef }: VoiceRouteDeps, failSafe: ReturnType<typeof prepareFailSafe>): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).type('text/plain').send(status === 413 ? 'Request body too large.' : 'Bad request.');
      return;
    }
    metrics.failSafe('error');
    logger.error({ err: error, route: req.path, call: callRef(field(req, 'CallSid')) }, 'voice route failed');
    sendTwiml(res, failSafe(req, failSafeCase(hotline, { path: req.path, query: req.query })));
  };
}

/** The /voice routes, on a router of their own that the app mounts first (nearly every request is a call's). */
export function createVoiceRouter(deps: VoiceRouteDeps): Router {
  const router = express.Router();
  const failSafe = prepareFailSafe(deps);
  // Every voice route reads Twilio's small form body and checks its signature before anything else.
  const formBody = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 });
  const signatureHooks = { onRejected: reportSignatureRejections(deps.logger, deps.metrics, deps.clock) };
  const twilioOnly = [formBody, verifyTwilioSignature(deps.config, signatureHooks)];

  // The listening review (npm run review-speech) is placed by the operator; the line's own menus never lead to it.
  for (const path of [VOICE_PATH, MENU_PATH, DIAL_RESULT_PATH, REVIEW_PATH]) router.post(path, ...twilioOnly, timed(deps, path, answerCall(deps, path)));
  router.post(STATUS_PATH, ...twilioOnly, timed(deps, STATUS_PATH, callStatus(deps)));
  router.post(FALLBACK_PATH, formBody, verifyTwilioSignature(deps.config, signatureHooks, 'mark'), timed(deps, FALLBACK_PATH, fallback(deps, failSafe)));
  // A signed request to a path this version does not know (an old action URL after a deploy): the nearest menu.
  router.post(`${VOICE_PATH}/{*rest}`, ...twilioOnly, timed(deps, 'other', answerCall(deps)));
  router.use(VOICE_PATH, answerErrors(deps, failSafe));
  return router;
}
