import type { Server } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { DirectoryError } from './helplines/directory.js';
import { loadHotline } from './hotline.js';
import { createLogger } from './logging/create-logger.js';
import { createCallMetrics } from './metrics/call-metrics.js';
import { PromptFileError } from './prompts/languages.js';

const SHUTDOWN_GRACE_MS = 9_000;
const IDLE_SWEEP_MS = 100;

function start(): Server {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const hotline = loadHotline();
  if (!config.authToken) {
    logger.warn('TWILIO_AUTH_TOKEN is not set: development mode, signatures are NOT checked and the server listens on 127.0.0.1 only.');
  }
  const app = createApp({ config, hotline, logger, clock: () => new Date(), metrics: createCallMetrics({ withProcessMetrics: true }) });
  const server = app.listen(config.port, config.host, () => {
    logger.info({ host: config.host, port: config.port }, 'hotline listening');
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}`);
    process.exit(1);
  });

  // A platform restart sends SIGTERM: stop accepting, finish calls' requests in flight, exit in time.
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    server.close(() => process.exit(0));
    // Connections that finish their request after this point go idle under keep-alive; close them
    // as they do, rather than waiting out the keep-alive timeout.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return server;
}

try {
  start();
} catch (error) {
  if (error instanceof ConfigError || error instanceof DirectoryError || error instanceof PromptFileError) {
    process.stderr.write(`Cannot start the hotline: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
