import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { type CallEvent, type CallFlow, type CallState, DIAL_RESULT_PATH, type Directory, type Effect, FALLBACK_PATH, FINAL_CALL_STATUSES, type FlowInput, guessLanguage, keyForSpokenAnswer, type LangCode, MENU_PATH, type Outcome, parseCallState, parseDialState, type ReadingId, type RenderOptions, type SpokenWords, type StateVocabulary, STATUS_PATH, type TwimlRenderer, VOICE_PATH } from '../hotline/index.js';
import type { Config } from '../settings/load-config.js';
import type { CallMetrics } from './call-metrics.js';
import { callerIdFor } from './caller-id.js';
import { dialStatus, field, pathOnly, pressedKey } from './read-request.js';
import { reportSignatureRejections } from './report-signature-rejections.js';
import { registerReviewRoute, type ReviewLine } from './review-route.js';
import type { NumberMessenger } from './send-numbers-message.js';
import { verifyTwilioSignature } from './verify-twilio-signature.js';

/** Twilio's form posts are small; anything larger is not from Twilio. */
export const BODY_LIMIT = '16kb';

export interface VoiceLine {
  readonly flow: CallFlow;
  readonly render: TwimlRenderer;
  readonly directory: Directory;
  readonly languages: readonly { readonly code: LangCode; readonly callerPrefixes: readonly string[] }[];
  readonly language: (code: string) => LangCode | undefined;
  readonly partsOf: (reading: ReadingId) => number;
  /** Spoken answers, when on: an answer Twilio is less sure of than `minConfidence` is not understood. */
  readonly speech?: { readonly minConfidence: number } | undefined;
  readonly spokenWords?: SpokenWords | undefined;
}

export interface VoiceRouteDeps {
  readonly config: Pick<Config, 'authToken' | 'publicBaseUrl'> & Partial<Pick<Config, 'passCallerNumber' | 'hotlineNumber'>>;
  readonly line: VoiceLine;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly callRef: (callSid: unknown) => string | undefined;
  readonly metrics: CallMetrics;
  /** Sends the numbers in a text message; without it no message is ever offered. */
  readonly messages?: NumberMessenger | undefined;
  /** The listening review's call (POST /voice/review); without it that path is unknown like any other. */
  readonly review?: ReviewLine | undefined;
}

/** An answer: the TwiML to send, the counts it makes, and what the adapter must do first. */
interface Answer {
  readonly xml: string;
  readonly events: readonly CallEvent[];
  readonly effects: readonly Effect[];
}

const sendTwiml = (res: Response, xml: string | Buffer) => res.set('Content-Type', 'text/xml; charset=utf-8').send(xml);

/**
 * The origin Twilio called: PUBLIC_BASE_URL when set, else the request's own (the same rule as the
 * signature check, which has already accepted this host for a signed request).
 */
const originOf = (req: Request, publicBaseUrl: URL | undefined): string => publicBaseUrl?.origin ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** Answers that never change but for the origin recordings are played from: made once per origin. */
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

/**
 * The language a caller who has not chosen one is listened to in: the one their country code
 * suggests, else the first of the language menu.
 */
const listenLanguage = (line: VoiceLine, req: Request): LangCode | undefined => guessLanguage(field(req, 'From'), line.languages) ?? line.languages[0]?.code;

/** Turns a request's flow input into TwiML, made afresh for every request. */
function createAnswerer({ line, config }: VoiceRouteDeps) {
  /**
   * A transfer shows the helpline this line's own number, so callers stay anonymous as the seed
   * promises; an operator may pass the caller's number on, and then only a valid E.164 number.
   */
  const renderOptions = (req: Request): RenderOptions => {
    const origin = originOf(req, config.publicBaseUrl);
    const listenLang = line.speech ? listenLanguage(line, req) : undefined;
    return { callerId: callerIdFor(config, { From: field(req, 'From'), To: field(req, 'To') }), origin, listenLang };
  };
  return (req: Request, input: FlowInput, now: Date): Answer => {
    const { reply, events, effects = [] } = line.flow.step(input, now);
    return { xml: line.render(reply, { ...renderOptions(req), now }), events, effects };
  };
}

/**
 * Times the answer (body read and signature checked), counts it by route, and logs path and status
 * only. A handler that waits (sending a text message) returns its promise, and is timed to its end.
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

/** The /voice routes, on a router of their own that the app mounts first (nearly every request is a call's). */
export function createVoiceRouter(deps: VoiceRouteDeps): Router {
  const router = express.Router();
  const { line, clock, metrics, logger, callRef } = deps;
  const vocabulary: StateVocabulary = { language: line.language, isHelpline: (id) => line.directory.find(id) !== undefined, partsOf: line.partsOf };
  const answerFor = createAnswerer(deps);
  /** Answers an input: performs the flow's effect first (and answers with its result), else sends the TwiML and counts. */
  const answer = (req: Request, res: Response, input: FlowInput, now: Date): void | Promise<void> => {
    const ready = answerFor(req, input, now);
    const effect = ready.effects[0];
    if (effect) return perform(req, res, effect);
    for (const event of ready.events) metrics.record(event);
    sendTwiml(res, ready.xml);
  };
  // The opening and the fail-safe answers are prepared once per origin (and at start-up for the
  // public one), from replies made at start-up, so they cannot fail when they are needed.
  const prepare = (input: FlowInput) => line.flow.step(input, clock());
  // One opening per language a caller's country may suggest (that language first), and one in the line's order.
  const guesses = [undefined, ...line.languages.map((l) => l.code)];
  const openingSteps = new Map(guesses.map((likelyLang) => [likelyLang ?? '', prepare({ kind: 'answer', likelyLang })] as const));
  const likelyLangOf = (req: Request): LangCode | undefined => guessLanguage(field(req, 'From'), line.languages);
  // One fail-safe answer per language (or none yet), and per whether the call already asked for the text message.
  const failSafeKey = (lang: LangCode | undefined, messageSent: boolean) => `${lang ?? ''}|${messageSent}`;
  const failSafeSteps = new Map(
    [undefined, ...line.languages.map((l) => l.code)].flatMap((lang) =>
      [false, true].map((sent) => [failSafeKey(lang, sent), prepare({ kind: 'fail-safe', lang, ...(sent ? { messageSent: true } : {}) }).reply] as const),
    ),
  );
  // With spoken answers, the language menu listens in the language the caller's country suggests (else the first).
  const openings = perOrigin((origin) => new Map([...openingSteps].map(([key, step]) => [key, Buffer.from(line.render(step.reply, { origin, listenLang: line.language(key) }))])));
  const failSafe = perOrigin(
    (origin) => new Map([...failSafeSteps].map(([key, reply]) => [key, Buffer.from(line.render(reply, { origin, listenLang: line.language(key.split('|')[0] ?? '') }))])),
  );
  const failSafeFor = (req: Request, state: Pick<CallState, 'lang' | 'messageSent'>) => {
    const byKey = failSafe(originOf(req, deps.config.publicBaseUrl));
    const sent = state.messageSent === true;
    return byKey.get(failSafeKey(state.lang, sent)) ?? (byKey.get(failSafeKey(undefined, sent)) as Buffer);
  };
  // Rendered now for the public origin, or for a stand-in one: a reply that cannot be rendered stops start-up.
  openings(deps.config.publicBaseUrl?.origin ?? 'https://start-up.invalid');
  failSafe(deps.config.publicBaseUrl?.origin ?? 'https://start-up.invalid');

  // Every voice route reads Twilio's small form body and checks its signature before anything else.
  const formBody = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 });
  const signatureHooks = { onRejected: reportSignatureRejections(logger, metrics, clock) };
  const twilioOnly = [formBody, verifyTwilioSignature(deps.config, signatureHooks)];
  /**
   * Whether this caller may be offered the numbers in a text message: sending is configured, none
   * was asked for in this call, From looks like a mobile number and is under today's limit (false
   * when the limits store does not answer in time). The number goes no further than this check.
   */
  const messageOffer = async (req: Request, state: Pick<CallState, 'messageSent'>, now: Date): Promise<boolean> =>
    deps.messages !== undefined && state.messageSent !== true && (await deps.messages.mayOffer(field(req, 'From'), now));
  const showMenu = async (req: Request, res: Response) => {
    const now = clock();
    const state = parseCallState(req.query, vocabulary);
    return answer(req, res, { kind: 'show-menu', state, messageOffer: await messageOffer(req, state, now) }, now);
  };

  /**
   * The flow's effect: the caller pressed the text-message key where it was offered, so send the
   * numbers to From (at most about 3 s, never the cause of a failed call), then answer with the
   * flow's result. Only the outcome is logged: never the number, never the REST client's error text
   * (it may quote the number).
   */
  async function perform(req: Request, res: Response, effect: Effect): Promise<void> {
    const call = callRef(field(req, 'CallSid'));
    let sent = false;
    try {
      if (!deps.messages) throw new Error('no text messages configured');
      const result = await deps.messages.send(field(req, 'From'), effect.lang, clock());
      sent = result.sent;
      if (result.sent) logger.info({ call }, 'text message sent');
      else logger.warn({ call, reason: result.reason, code: result.code, status: result.status }, 'text message not sent');
    } catch {
      logger.warn({ call, reason: 'error' }, 'text message not sent');
    }
    await answer(req, res, { kind: 'message-result', state: effect.state, sent }, clock());
  }

  router.post(VOICE_PATH, ...twilioOnly, timed(deps, VOICE_PATH, (req, res) => {
    const key = likelyLangOf(req) ?? '';
    for (const event of (openingSteps.get(key) as Outcome).events) metrics.record(event);
    logger.info({ call: callRef(field(req, 'CallSid')) }, 'call started');
    sendTwiml(res, openings(originOf(req, deps.config.publicBaseUrl)).get(key) as Buffer);
  }));

  /**
   * With spoken answers on, what the caller said instead of a key: the key it means in this menu,
   * or '?' (not an option) when it was not understood. Only whether it was understood is counted;
   * the words are never logged, counted or kept.
   */
  const spokenKey = (req: Request, state: CallState, now: Date, offer: boolean): string | undefined => {
    const said = line.speech && line.spokenWords ? field(req, 'SpeechResult') : undefined;
    if (!said?.trim() || !line.speech || !line.spokenWords) return undefined;
    const lang = state.lang ?? listenLanguage(line, req);
    if (!lang) return undefined;
    const confidence = Number.parseFloat(field(req, 'Confidence') ?? '');
    const menu = line.flow.menuFor(state, now, offer);
    const key = keyForSpokenAnswer({ said, confidence: Number.isNaN(confidence) ? undefined : confidence }, menu, lang, line.spokenWords, line.speech.minConfidence);
    metrics.spokenAnswer(lang, key !== undefined);
    return key ?? '?';
  };

  router.post(MENU_PATH, ...twilioOnly, timed(deps, MENU_PATH, async (req, res) => {
    const state = parseCallState(req.query, vocabulary);
    const now = clock();
    const offer = await messageOffer(req, state, now);
    const digits = pressedKey(req) ?? spokenKey(req, state, now, offer);
    return answer(req, res, { kind: 'menu', state, digits, likelyLang: likelyLangOf(req), messageOffer: offer }, now);
  }));

  router.post(DIAL_RESULT_PATH, ...twilioOnly, timed(deps, DIAL_RESULT_PATH, async (req, res) => {
    const state = parseDialState(req.query, vocabulary);
    // Nothing usable in the query: the nearest menu rather than a guess at a line.
    if (!state) return showMenu(req, res);
    const now = clock();
    return answer(req, res, { kind: 'dial-result', state, status: dialStatus(req), messageOffer: await messageOffer(req, state, now) }, now);
  }));

  router.post(STATUS_PATH, ...twilioOnly, timed(deps, STATUS_PATH, (req, res) => {
    const status = field(req, 'CallStatus') ?? 'other';
    const seconds = Number(field(req, 'CallDuration'));
    if (FINAL_CALL_STATUSES.has(status)) {
      metrics.callEnded(status, Number.isFinite(seconds) ? seconds : undefined);
      logger.info({ call: callRef(field(req, 'CallSid')), status }, 'call ended');
    }
    res.status(204).end();
  }));

  // The fallback helps whoever reaches it: its answer is public information (112, ROSA, start again),
  // and a wrong public URL must not leave a caller with Twilio's own English error.
  router.post(FALLBACK_PATH, formBody, verifyTwilioSignature(deps.config, signatureHooks, 'mark'), timed(deps, FALLBACK_PATH, (req, res) => {
    metrics.failSafe('fallback');
    const signed = res.locals.signatureValid === true;
    logger.warn(
      { call: signed ? callRef(field(req, 'CallSid')) : undefined, errorCode: field(req, 'ErrorCode')?.replace(/\D/g, '').slice(0, 6), errorUrl: pathOnly(field(req, 'ErrorUrl')) },
      signed ? 'Twilio used the fallback URL' : 'Answered the fallback URL with the fail-safe TwiML although the request was not validly signed',
    );
    sendTwiml(res, failSafeFor(req, { lang: undefined }));
  }));

  if (deps.review) {
    registerReviewRoute(router, deps.review, twilioOnly, sendTwiml, (req) => originOf(req, deps.config.publicBaseUrl));
  }

  // A signed request to a path this version does not know (an old action URL after a deploy): the nearest menu.
  router.post(`${VOICE_PATH}/{*rest}`, ...twilioOnly, timed(deps, 'other', showMenu));

  // Any error inside a voice route still gives the caller 112 and a 24-hour line, as valid TwiML.
  const answerErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).type('text/plain').send(status === 413 ? 'Request body too large.' : 'Bad request.');
      return;
    }
    metrics.failSafe('error');
    logger.error({ err: error, route: req.path, call: callRef(field(req, 'CallSid')) }, 'voice route failed');
    sendTwiml(res, failSafeFor(req, parseCallState(req.query, vocabulary)));
  };
  router.use(VOICE_PATH, answerErrors);
  return router;
}
