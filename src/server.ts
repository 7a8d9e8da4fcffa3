import { createServer, type Server } from 'node:http';
import { createApp } from './app.js';
import type { Logger } from 'pino';
import { ConfigError, describeOpenings, describeStartupWarnings, loadConfig, type Config } from './config/load-config.js';
import { readEnvironment } from './config/read-environment.js';
import { DirectoryError } from './helplines/directory.js';
import { loadHotline, type Hotline } from './hotline.js';
import { createCallRef, createLogger } from './logging/create-logger.js';
import { createCallMetrics } from './metrics/call-metrics.js';
import { PromptFileError } from './prompts/languages.js';
import { createMessageLimits } from './twilio/message-limits.js';
import { numbersMessages } from './twilio/numbers-message.js';
import { createNumberMessenger, type NumberMessenger } from './twilio/send-numbers-message.js';
import { loadTwilioMessageClient } from './twilio/twilio-message-client.js';

const SHUTDOWN_GRACE_MS = 9_000;
const IDLE_SWEEP_MS = 100;

/** What an operator reads when the port cannot be had, instead of a stack trace. */
function describeListenError(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EADDRINUSE') return `Port ${port} is in use; set PORT to a free port.`;
  if (error.code === 'EACCES') return `Port ${port} needs administrator rights; set PORT to a port above 1023.`;
  return `Cannot listen on port ${port}: ${error.message}.`;
}

function stopWith(message: string): never {
  process.stderr.write(`Cannot start the hotline: ${message}\n`);
  process.exit(1);
}

/** Text messages with the numbers, sent through the real twilio REST client (loaded in the background). */
function createTextMessages(settings: NonNullable<Config['textMessages']>, hotline: Hotline, hashKey: Buffer | undefined, logger: Logger): NumberMessenger {
  const client = loadTwilioMessageClient(settings);
  // A client that cannot load fails each message (the caller hears the numbers again), and says so once here.
  client.catch((error: unknown) => logger.error({ error: (error as Error).message }, 'text messages are off: the twilio REST client did not load'));
  logger.info({ from: settings.from }, 'text messages with the numbers are on');
  return createNumberMessenger({
    client,
    from: settings.from,
    bodies: numbersMessages(hotline.catalog, hotline.directory),
    limits: createMessageLimits({ key: hashKey, timeZone: hotline.directory.timeZone }),
  });
}

function start(): Server {
  const settings = readEnvironment(process.env);
  const config = loadConfig(settings.env, settings);
  const logger = createLogger(config.logLevel);
  const hotline = loadHotline();
  if (settings.envFile) logger.info({ file: settings.envFile }, 'read settings from .env (the environment wins where both set a variable)');
  for (const opening of describeOpenings(config)) logger.warn(opening);
  for (const warning of describeStartupWarnings(config)) logger.warn(warning);
  const hashKey = config.logHashKey === undefined ? undefined : Buffer.from(config.logHashKey);
  const callRef = createCallRef(hashKey);
  const messages = config.textMessages && createTextMessages(config.textMessages, hotline, hashKey, logger);
  const app = createApp({ config, hotline, logger, clock: () => new Date(), callRef, metrics: createCallMetrics({ withProcessMetrics: true }), messages });

  const server = createServer(app);
  // Only a server that really listens says so; a port that cannot be had is one sentence and exit 1.
  server.once('error', (error: NodeJS.ErrnoException) => stopWith(describeListenError(error, config.port)));
  server.listen(config.port, config.host, () => logger.info({ host: config.host, port: config.port }, 'hotline listening'));

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
  if (error instanceof ConfigError || error instanceof DirectoryError || error instanceof PromptFileError) stopWith(error.message);
  throw error;
}
