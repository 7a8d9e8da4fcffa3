import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { Hotline } from '../../hotline/index.js';
import { findProjectRoot } from '../../load/load-hotline.js';
import { requestOrigin } from '../../server/request-origin.js';
import type { Config } from '../../settings/load-config.js';
import { describeDialledNumber } from '../simulator/call-simulator.js';
import { readCallFlowDocument, type FlowDiagram } from '../walk/call-flow-document.js';
import { DEFAULT_FROM, WITHHELD_FROM } from '../walk/simulated-caller.js';
import { TryCalls, TryError, wallTime, type TryLimits } from './try-calls.js';

export interface TryApiDeps {
  readonly config: Partial<Pick<Config, 'publicBaseUrl' | 'hotlineNumber' | 'passCallerNumber' | 'textMessages'>>;
  readonly hotline: Hotline;
  /** The current instant: the page's default clock. */
  readonly clock: () => Date;
  readonly limits?: TryLimits | undefined;
}

/** The calls the page walks, answered as this server answers: its caller ID, and the text message offered when it sends them. */
function tryCalls({ config, hotline, clock, limits }: TryApiDeps): TryCalls {
  const server = { hotlineNumber: config.hotlineNumber, passCallerNumber: config.passCallerNumber, textMessages: config.textMessages !== undefined };
  return new TryCalls({ line: hotline, server, describeNumber: describeDialledNumber(hotline), clock, timeZone: hotline.directory.timeZone, limits });
}

/** The origin the server's own answers use (recordings play from it): PUBLIC_BASE_URL, else the page's. */
function originOf(req: Request, publicBaseUrl: URL | undefined): URL | undefined {
  const origin = requestOrigin(req, publicBaseUrl);
  return URL.canParse(origin) ? new URL(origin) : undefined;
}

/**
 * The diagrams `npm run flow` wrote into docs/call-flow.md (a test keeps that file current with the
 * line), read by the same module that writes it: drawing them here would walk every step of a week
 * for seconds, while the server answers calls. Undefined when the file is not what it writes.
 */
function committedDiagrams(hotline: Hotline): FlowDiagram[] | undefined {
  return readCallFlowDocument(readFileSync(join(findProjectRoot(), 'docs', 'call-flow.md'), 'utf8'), hotline.languages);
}

/** JSON only, never cached: a form on another site cannot post it without asking first (CORS), and is not asked. */
const jsonOnly: RequestHandler = (req, res, next) => {
  res.set('Cache-Control', 'no-store');
  if (req.method === 'POST' && !req.is('application/json')) {
    res.status(415).json({ error: 'Send JSON (Content-Type: application/json).' });
    return;
  }
  next();
};

const apiErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof TryError) {
    res.status(error.status).json({ error: error.message });
    return;
  }
  const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  res.status(status).json({ error: status === 500 ? 'The try page failed; see the server log.' : 'The request is not valid JSON of the right size.' });
};

/** /try/api: the page's setup, the call-flow diagrams, and the calls it walks. */
export function createTryApi(deps: TryApiDeps): express.Router {
  const { hotline, clock, config } = deps;
  const calls = tryCalls(deps);
  let diagrams: FlowDiagram[] | undefined;
  const api = express.Router();
  api.use(jsonOnly, express.json({ limit: '2kb' }));
  api.get('/setup', (_req, res) => {
    res.json({
      now: wallTime(clock(), hotline.directory.timeZone),
      timeZone: hotline.directory.timeZone,
      from: DEFAULT_FROM,
      withheld: WITHHELD_FROM,
      textMessages: config.textMessages !== undefined,
      languages: hotline.languages.map((l) => ({ code: l.code, key: l.key, language: l.language, voice: l.voice, callerPrefixes: l.callerPrefixes })),
    });
  });
  api.get('/flow', (_req, res) => {
    diagrams ??= committedDiagrams(hotline);
    if (diagrams) res.json({ diagrams });
    else res.status(503).json({ error: 'docs/call-flow.md is not the diagram of this line: run npm run flow, and deploy the file it writes.' });
  });
  api.post('/call', async (req, res) => {
    res.status(201).json(await calls.start(req.body, originOf(req, config.publicBaseUrl)));
  });
  api.post('/call/:id/step', async (req, res) => {
    res.json(await calls.step(req.params.id, req.body));
  });
  api.use((_req, res) => {
    res.status(404).json({ error: 'No such address of the try page.' });
  });
  api.use(apiErrors);
  return api;
}
