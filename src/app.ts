import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config/load-config.js';
import type { Hotline } from './hotline.js';
import { createCallRef } from './logging/create-logger.js';
import { AUDIO_URL_PREFIX } from './prompts/recordings.js';
import { createVoiceRoutes } from './voice/voice-routes.js';

export interface AppDeps {
  readonly config: Pick<Config, 'authToken' | 'publicBaseUrl' | 'trustProxy'> & Partial<Pick<Config, 'passCallerNumber'>>;
  readonly hotline: Hotline;
  readonly logger: Logger;
  /** The only source of the current instant below the entry file. */
  readonly clock: () => Date;
  readonly callRef?: (callSid: unknown) => string | undefined;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Recordings that replace TTS; their names carry a content hash, so Twilio may cache them for good.
  app.get(`${AUDIO_URL_PREFIX}/:lang/:file`, (req, res) => {
    const recording = deps.hotline.recordings.byUrlPath(req.path);
    if (!recording) {
      res.status(404).type('text/plain').send('No such recording.');
      return;
    }
    res.set('Cache-Control', 'public, max-age=31536000, immutable').type(recording.contentType).send(recording.bytes);
  });

  app.use(
    '/voice',
    createVoiceRoutes({ ...deps, callRef: deps.callRef ?? createCallRef() }),
  );

  return app;
}
