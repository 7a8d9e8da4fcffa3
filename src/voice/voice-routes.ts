import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { Hotline } from '../hotline.js';
import { parseCallState, parseDialState, type StateVocabulary } from './call-state.js';
import type { CallMetrics } from '../metrics/call-metrics.js';
import { guessLanguage } from './guess-language.js';
import { observeMenuStep, observeTransfers } from './observe-call.js';
import type { RenderOptions } from './render-twiml.js';
import { verifyTwilioSignature } from './verify-twilio-signature.js';

/** Twilio's form posts are small; anything larger is not from Twilio. */
export const BODY_LIMIT = '16kb';

const KNOWN_ROUTES = new Set(['/', '/menu', '/dial-result', '/status', '/fallback']);
const FINAL_CALL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

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

const E164 = /^\+[1-9]\d{7,14}$/;

/** One form value as Twilio sends it; repeated or missing values count as absent. */
function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Only a single key is a menu choice; anything else Twilio could not have sent is an invalid key. */
function pressedKey(req: Request): string | undefined {
  const raw = (req.body as Record<string, unknown> | undefined)?.Digits;
  if (raw === undefined || raw === '') return undefined;
  return typeof raw === 'string' && /^[0-9*#]$/.test(raw) ? raw : '?';
}

export function createVoiceRoutes(deps: VoiceRouteDeps): Router {
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

  const sendTwiml = (res: Response, xml: string) => res.type('text/xml').send(xml);
  /**
   * A transfer shows the helpline this line's own number, so callers stay anonymous as the seed
   * promises; an operator may pass the caller's number on, and then only a valid E.164 number.
   */
  const transferOptions = (req: Request): RenderOptions => {
    const valid = (value: string | undefined) => (value && E164.test(value) ? value : undefined);
    const caller = deps.config.passCallerNumber ? valid(field(req, 'From')) : undefined;
    return caller ? { callerId: caller, callerIdIsCaller: true } : { callerId: valid(field(req, 'To')) };
  };

  const router = Router();
  router.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = KNOWN_ROUTES.has(req.path) ? req.path : 'other';
      metrics.observeRequest(route, seconds);
      // Path and status only: the query holds menu state, the body holds who called.
      deps.logger.debug({ route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, call: deps.callRef(field(req, 'CallSid')) }, 'webhook');
    });
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 }), verifyTwilioSignature(deps.config));

  router.post('/', (req, res) => {
    metrics.callStarted();
    deps.logger.info({ call: deps.callRef(field(req, 'CallSid')) }, 'call started');
    sendTwiml(res, render(flow.answer(clock())));
  });

  router.post('/menu', (req, res) => {
    const now = clock();
    const state = parseCallState(req.query, vocabulary);
    const input = { digits: pressedKey(req), likelyLang: guessLanguage(field(req, 'From'), catalog.languages) };
    const reply = flow.onMenuInput(state, input, now);
    observeMenuStep(metrics, flow, state, input, reply, now);
    sendTwiml(res, render(reply, transferOptions(req)));
  });

  router.post('/dial-result', (req, res) => {
    const now = clock();
    const state = parseDialState(req.query, vocabulary);
    if (!state) {
      // Nothing usable in the query: the nearest menu rather than a guess at a line.
      sendTwiml(res, render(flow.showMenu(parseCallState(req.query, vocabulary), now)));
      return;
    }
    const status = field(req, 'DialCallStatus');
    metrics.transfer(state.line, status ?? 'other');
    const reply = flow.onDialResult(state, status, now);
    observeTransfers(metrics, reply);
    sendTwiml(res, render(reply, transferOptions(req)));
  });

  router.post('/status', (req, res) => {
    const status = field(req, 'CallStatus') ?? 'other';
    const seconds = Number(field(req, 'CallDuration'));
    if (FINAL_CALL_STATUSES.has(status)) {
      metrics.callEnded(status, Number.isFinite(seconds) ? seconds : undefined);
      deps.logger.info({ call: deps.callRef(field(req, 'CallSid')), status }, 'call ended');
    }
    res.status(204).end();
  });

  router.post('/fallback', (req, res) => {
    metrics.failSafe('fallback');
    deps.logger.warn(
      { call: deps.callRef(field(req, 'CallSid')), errorCode: field(req, 'ErrorCode')?.replace(/\D/g, '').slice(0, 6), errorUrl: pathOnly(field(req, 'ErrorUrl')) },
      'Twilio used the fallback URL',
    );
    sendTwiml(res, failSafe.get(undefined) as string);
  });

  // A signed request to a path this version does not know (an old action URL after a deploy): the nearest menu.
  router.post('/{*rest}', (req, res) => {
    sendTwiml(res, render(flow.showMenu(parseCallState(req.query, vocabulary), clock())));
  });

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
  router.use(answerErrors);

  return router;
}
