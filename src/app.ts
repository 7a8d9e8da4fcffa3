import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config/load-config.js';
import type { Hotline } from './hotline.js';
import { createCallRef } from './logging/create-logger.js';
import { createVoiceRoutes } from './voice/voice-routes.js';

export interface AppDeps {
  readonly config: Pick<Config, 'authToken' | 'publicBaseUrl' | 'trustProxy'>;
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

  app.use(
    '/voice',
    createVoiceRoutes({ ...deps, callRef: deps.callRef ?? createCallRef() }),
  );

  return app;
}
