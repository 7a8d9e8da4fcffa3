import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { Hotline } from '../hotline.js';
import {
  DIAL_RESULT_PATH,
  dialResultUrl,
  FALLBACK_PATH,
  MENU_PATH,
  menuUrl,
  parseCallState,
  parseDialState,
  STATUS_PATH,
  VOICE_PATH,
  type StateVocabulary,
} from './call-state.js';
import type { CallMetrics } from '../metrics/call-metrics.js';
import { guessLanguage } from './guess-language.js';
import { describeMenuStep, describeTransfers, type MetricEvent } from './observe-call.js';
import { createStepCache } from './step-cache.js';
import type { RenderOptions } from './render-twiml.js';
import { DIAL_STATUSES, E164, FINAL_CALL_STATUSES } from './twilio-values.js';
import { reportSignatureRejections } from './report-signature-rejections.js';
import { verifyTwilioSignature } from './verify-twilio-signature.js';

/** Twilio's form posts are small; anything larger is not from Twilio. */
export const BODY_LIMIT = '16kb';

/** The path of a URL Twilio reports, without its query, host or anything else. */
function pathOnly(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname.slice(0, 100);
  } catch {
    return undefined;
  }
}

export interface VoiceRouteDeps {
  readonly config: Pick<Config, 'authToken' | 'publicBaseUrl'> & Partial<Pick<Config, 'passCallerNumber'>>;
  readonly hotline: Hotline;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly callRef: (callSid: unknown) => string | undefined;
  readonly metrics: CallMetrics;
}

/** One form value as Twilio sends it; repeated or missing values count as absent. */
function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Twilio's DialCallStatus; anything else is treated as a transfer that failed. */
function dialStatus(req: Request): string | undefined {
  const status = field(req, 'DialCallStatus');
  return status && DIAL_STATUSES.has(status) ? status : undefined;
}

/** Only a single key is a menu choice; anything else Twilio could not have sent is an invalid key. */
function pressedKey(req: Request): string | undefined {
  const raw = (req.body as Record<string, unknown> | undefined)?.Digits;
  if (raw === undefined || raw === '') return undefined;
  return typeof raw === 'string' && /^[0-9*#]$/.test(raw) ? raw : '?';
}

/**
 * The /voice routes, registered on the app itself rather than a mounted router: every webhook is
 * on the hot path, and each router layer costs time on every request.
 */
export function registerVoiceRoutes(app: Express, deps: VoiceRouteDeps): void {
  const { hotline, clock, metrics } = deps;
  const { flow, render, catalog, directory } = hotline;
  const vocabulary: StateVocabulary = {
    isLanguage: (code) => catalog.language(code) !== undefined,
    isHelpline: (id) => directory.find(id) !== undefined,
  };
  // The fail-safe answers are rendered once, so they cannot fail when they are needed.
  const failSafe = new Map<string | undefined, string>([
    [undefined, render(flow.failSafe(undefined))],
    ...catalog.languages.map((l) => [l.code, render(flow.failSafe(l.code))] as const),
  ]);

  const sendTwiml = (res: Response, xml: string | Buffer) => res.set('Content-Type', 'text/xml; charset=utf-8').send(xml);
  /**
   * A transfer shows the helpline this line's own number, so callers stay anonymous as the seed
   * promises; an operator may pass the caller's number on, and then only a valid E.164 number.
   */
  const transferOptions = (req: Request): RenderOptions & { showsCaller: boolean } => {
    const valid = (value: string | undefined) => (value && E164.test(value) ? value : undefined);
    const caller = deps.config.passCallerNumber ? valid(field(req, 'From')) : undefined;
    return caller ? { callerId: caller, showsCaller: true } : { callerId: valid(field(req, 'To')), showsCaller: false };
  };

  /** A prepared answer: the TwiML and the counts it makes. */
  interface Step {
    /** Kept as bytes, ready to send. */
    readonly xml: Buffer;
    readonly events: readonly MetricEvent[];
  }
  const steps = createStepCache<Step>();
  const answer = (res: Response, step: Step) => {
    for (const event of step.events) event(metrics);
    sendTwiml(res, step.xml);
  };
  /** Transfers that show the caller's own number are answered fresh and never kept. */
  const cached = (key: string, options: ReturnType<typeof transferOptions>, now: Date, compute: () => Step): Step =>
    options.showsCaller ? compute() : steps.get(`${options.callerId ?? ''}|${key}`, now, compute);
  const opening = Buffer.from(render(flow.answer(clock())));

  const debug = deps.logger.isLevelEnabled('debug');
  /** Times the answer (body read and signature checked), counts it by route, and logs path and status only. */
  const timed =
    (route: string, handler: (req: Request, res: Response) => void) =>
    (req: Request, res: Response): void => {
      const started = process.hrtime.bigint();
      handler(req, res);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(route, seconds);
      // The query holds menu state and the body who called: neither is logged.
      if (debug) deps.logger.debug({ route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, call: deps.callRef(field(req, 'CallSid')) }, 'webhook');
    };

  // Every voice route reads Twilio's small form body and checks its signature before anything else.
  const formBody = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 });
  const signatureHooks = { onRejected: reportSignatureRejections(deps.logger, metrics, clock) };
  const twilioOnly = [formBody, verifyTwilioSignature(deps.config, signatureHooks)];

  app.post(VOICE_PATH, ...twilioOnly, timed(VOICE_PATH, (req, res) => {
    metrics.callStarted();
    deps.logger.info({ call: deps.callRef(field(req, 'CallSid')) }, 'call started');
    sendTwiml(res, opening);
  }));

  app.post(MENU_PATH, ...twilioOnly, timed(MENU_PATH, (req, res) => {
    const now = clock();
    const state = parseCallState(req.query, vocabulary);
    const input = { digits: pressedKey(req), likelyLang: guessLanguage(field(req, 'From'), catalog.languages) };
    const options = transferOptions(req);
    const key = `menu|${menuUrl(state)}|${input.digits ?? ''}|${input.likelyLang ?? ''}`;
    answer(res, cached(key, options, now, () => {
      const reply = flow.onMenuInput(state, input, now);
      return { xml: Buffer.from(render(reply, options)), events: describeMenuStep(flow, state, input, reply, now) };
    }));
  }));

  app.post(DIAL_RESULT_PATH, ...twilioOnly, timed(DIAL_RESULT_PATH, (req, res) => {
    const now = clock();
    const state = parseDialState(req.query, vocabulary);
    if (!state) {
      // Nothing usable in the query: the nearest menu rather than a guess at a line.
      sendTwiml(res, render(flow.showMenu(parseCallState(req.query, vocabulary), now)));
      return;
    }
    const status = dialStatus(req);
    const options = transferOptions(req);
    answer(res, cached(`dial|${dialResultUrl(state)}|${status ?? ''}`, options, now, () => {
      const reply = flow.onDialResult(state, status, now);
      const outcome: MetricEvent = (m) => m.transfer(state.line, status ?? 'other');
      return { xml: Buffer.from(render(reply, options)), events: [outcome, ...describeTransfers(reply)] };
    }));
  }));

  app.post(STATUS_PATH, ...twilioOnly, timed(STATUS_PATH, (req, res) => {
    const status = field(req, 'CallStatus') ?? 'other';
    const seconds = Number(field(req, 'CallDuration'));
    if (FINAL_CALL_STATUSES.has(status)) {
      metrics.callEnded(status, Number.isFinite(seconds) ? seconds : undefined);
      deps.logger.info({ call: deps.callRef(field(req, 'CallSid')), status }, 'call ended');
    }
    res.status(204).end();
  }));

  // The fallback helps whoever reaches it: its answer is public information (112, ROSA, start again),
  // and a wrong public URL must not leave a caller with Twilio's own English error.
  app.post(FALLBACK_PATH, formBody, verifyTwilioSignature(deps.config, signatureHooks, 'mark'), timed(FALLBACK_PATH, (req, res) => {
    metrics.failSafe('fallback');
    const signed = res.locals.signatureValid === true;
    deps.logger.warn(
      { call: signed ? deps.callRef(field(req, 'CallSid')) : undefined, errorCode: field(req, 'ErrorCode')?.replace(/\D/g, '').slice(0, 6), errorUrl: pathOnly(field(req, 'ErrorUrl')) },
      signed ? 'Twilio used the fallback URL' : 'Answered the fallback URL with the fail-safe TwiML although the request was not validly signed',
    );
    sendTwiml(res, failSafe.get(undefined) as string);
  }));

  // A signed request to a path this version does not know (an old action URL after a deploy): the nearest menu.
  app.post(`${VOICE_PATH}/{*rest}`, ...twilioOnly, timed('other', (req, res) => {
    sendTwiml(res, render(flow.showMenu(parseCallState(req.query, vocabulary), clock())));
  }));

  // Any error inside a voice route still gives the caller 112 and a 24-hour line, as valid TwiML.
  const answerErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).type('text/plain').send(status === 413 ? 'Request body too large.' : 'Bad request.');
      return;
    }
    metrics.failSafe('error');
    deps.logger.error({ err: error, route: req.path, call: deps.callRef(field(req, 'CallSid')) }, 'voice route failed');
    const lang = parseCallState(req.query, vocabulary).lang;
    sendTwiml(res, failSafe.get(lang) ?? (failSafe.get(undefined) as string));
  };
  app.use(VOICE_PATH, answerErrors);
}
