import { createServer, type Server } from 'node:http';
import { createApp } from './app.js';
import type { Logger } from 'pino';
import { ConfigError, describeOpenings, describeStartupWarnings, loadConfig, type Config } from './config/load-config.js';
import { readEnvironment } from './config/read-environment.js';
import { DirectoryError } from './helplines/directory.js';
import { loadHotline, type Hotline } from './hotline.js';
import { createCallRef, createLogger } from './logging/create-logger.js';
import { createCallMetrics, type CallMetrics } from './metrics/call-metrics.js';
import { PromptFileError } from './prompts/languages.js';
import { memoryLimitStore, type LimitStore } from './text-message/limit-store.js';
import { createMessageLimits, MESSAGES_PER_NUMBER_PER_DAY } from './text-message/message-limits.js';
import { reportLimitStore } from './text-message/report-limit-store.js';
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

interface TextMessageDeps {
  readonly config: Config;
  readonly hotline: Hotline;
  readonly hashKey: Buffer | undefined;
  readonly logger: Logger;
  readonly metrics: CallMetrics;
}

/**
 * Where the daily limits per number are kept: Redis when REDIS_URL is set (its client loaded only
 * then), shared by every instance; else this process's memory. Failures and recoveries of Redis are
 * logged and counted by one report.
 */
async function createLimitStore({ config, logger, metrics }: TextMessageDeps, clock: () => Date) {
  if (!config.redisUrl) {
    const store: LimitStore = memoryLimitStore(MESSAGES_PER_NUMBER_PER_DAY);
    return { store, report: reportLimitStore(logger, metrics, clock, store) };
  }
  const { redisLimitStore, redisWhere } = await import('./text-message/redis-limit-store.js');
  const report = reportLimitStore(logger, metrics, clock, { kind: 'redis', where: redisWhere(config.redisUrl) });
  const store = redisLimitStore(config.redisUrl, {
    perDay: MESSAGES_PER_NUMBER_PER_DAY,
    onConnectionError: (failure) => report.failed(failure, false),
    onReady: () => report.answered(),
  });
  return { store, report };
}

/** Text messages with the numbers, sent through the real twilio REST client (loaded in the background). */
async function createTextMessages(settings: NonNullable<Config['textMessages']>, deps: TextMessageDeps, clock: () => Date): Promise<NumberMessenger> {
  const { hotline, logger } = deps;
  const client = loadTwilioMessageClient(settings);
  // A client that cannot load fails each message (the caller hears the numbers again), and says so once here.
  client.catch((error: unknown) => logger.error({ error: (error as Error).message }, 'text messages are off: the twilio REST client did not load'));
  const { store, report } = await createLimitStore(deps, clock);
  const limits =
    store.kind === 'memory'
      ? `at most ${MESSAGES_PER_NUMBER_PER_DAY} a day to one number per instance, counted in this instance's memory (set REDIS_URL to share the count between instances)`
      : `at most ${MESSAGES_PER_NUMBER_PER_DAY} a day to one number across every instance, counted in ${store.where}`;
  logger.info({ from: settings.from, limits: store.kind === 'memory' ? 'per instance' : store.where }, `text messages with the numbers are on: ${limits}`);
  return createNumberMessenger({
    client,
    from: settings.from,
    bodies: numbersMessages(hotline.catalog, hotline.directory),
    limits: createMessageLimits({
      key: deps.hashKey,
      timeZone: hotline.directory.timeZone,
      store,
      onStoreFailure: (failure) => report.failed(failure, true),
      onStoreAnswer: () => report.answered(),
    }),
  });
}

async function start(): Promise<Server> {
  const settings = readEnvironment(process.env);
  const config = loadConfig(settings.env, settings);
  const logger = createLogger(config.logLevel);
  const hotline = loadHotline();
  if (settings.envFile) logger.info({ file: settings.envFile }, 'read settings from .env (the environment wins where both set a variable)');
  for (const opening of describeOpenings(config)) logger.warn(opening);
  for (const warning of describeStartupWarnings(config)) logger.warn(warning);
  const hashKey = config.logHashKey === undefined ? undefined : Buffer.from(config.logHashKey);
  const callRef = createCallRef(hashKey);
  const clock = () => new Date();
  const metrics = createCallMetrics({ withProcessMetrics: true });
  if (config.redisUrl && !config.textMessages) logger.warn('REDIS_URL is set, but text messages are off: nothing is kept in Redis, and the server does not connect to it.');
  const messages = config.textMessages && (await createTextMessages(config.textMessages, { config, hotline, hashKey, logger, metrics }, clock));
  const app = createApp({ config, hotline, logger, clock, callRef, metrics, messages });

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
  await start();
} catch (error) {
  if (error instanceof ConfigError || error instanceof DirectoryError || error instanceof PromptFileError) stopWith(error.message);
  throw error;
}
