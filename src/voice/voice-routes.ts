import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { Hotline } from '../hotline.js';
import { parseCallState, parseDialState, type StateVocabulary } from './call-state.js';
import { guessLanguage } from './guess-language.js';
import { verifyTwilioSignature } from './verify-twilio-signature.js';

/** Twilio's form posts are small; anything larger is not from Twilio. */
export const BODY_LIMIT = '16kb';

export interface VoiceRouteDeps {
  readonly config: Pick<Config, 'authToken' | 'publicBaseUrl'> & Partial<Pick<Config, 'passCallerNumber'>>;
  readonly hotline: Hotline;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly callRef: (callSid: unknown) => string | undefined;
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
  const { hotline, clock } = deps;
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
  const lineNumber = (req: Request) => {
    const valid = (value: string | undefined) => (value && E164.test(value) ? value : undefined);
    return (deps.config.passCallerNumber ? valid(field(req, 'From')) : undefined) ?? valid(field(req, 'To'));
  };

  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 }), verifyTwilioSignature(deps.config));

  router.post('/', (_req, res) => {
    sendTwiml(res, render(flow.answer(clock())));
  });

  router.post('/menu', (req, res) => {
    const state = parseCallState(req.query, vocabulary);
    const input = { digits: pressedKey(req), likelyLang: guessLanguage(field(req, 'From'), catalog.languages) };
    sendTwiml(res, render(flow.onMenuInput(state, input, clock()), { callerId: lineNumber(req) }));
  });

  router.post('/dial-result', (req, res) => {
    const state = parseDialState(req.query, vocabulary);
    if (!state) {
      // Nothing usable in the query: start again at the nearest menu rather than guess a line.
      sendTwiml(res, render(flow.showMenu(parseCallState(req.query, vocabulary), clock())));
      return;
    }
    sendTwiml(res, render(flow.onDialResult(state, field(req, 'DialCallStatus'), clock()), { callerId: lineNumber(req) }));
  });

  router.post('/status', (req, res) => {
    deps.logger.info({ call: deps.callRef(field(req, 'CallSid')), status: field(req, 'CallStatus') }, 'call status');
    res.status(204).end();
  });

  router.post('/fallback', (req, res) => {
    deps.logger.warn(
      { call: deps.callRef(field(req, 'CallSid')), errorCode: field(req, 'ErrorCode')?.slice(0, 10), errorUrl: field(req, 'ErrorUrl')?.split('?')[0]?.slice(0, 200) },
      'Twilio used the fallback URL',
    );
    sendTwiml(res, failSafe.get(undefined) as string);
  });

  // Any error inside a voice route still gives the caller 112 and a 24-hour line, as valid TwiML.
  const answerErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).type('text/plain').send(status === 413 ? 'Request body too large.' : 'Bad request.');
      return;
    }
    deps.logger.error({ err: error, path: req.path, call: deps.callRef(field(req, 'CallSid')) }, 'voice route failed');
    const lang = parseCallState(req.query, vocabulary).lang;
    sendTwiml(res, failSafe.get(lang) ?? (failSafe.get(undefined) as string));
  };
  router.use(answerErrors);

  return router;
}
