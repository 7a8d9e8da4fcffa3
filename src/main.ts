import { createServer, type Server } from 'node:http';
import { createApp } from './server/app.js';
import pino from 'pino';
import { EXIT_OK, EXIT_USAGE, parseCommandLine, processIo, UsageError } from './cli/command-line.js';
import { ConfigError, describeOpenings, describeStartupWarnings, loadConfig } from './settings/load-config.js';
import { describeListening } from './settings/start-lines.js';
import { environmentVariables } from './settings/environment-schema.js';
import { readEnvironment, withSource } from './settings/read-environment.js';
import { DirectoryError, PromptFileError } from './hotline/index.js';
import { defaultPaths, loadHotline } from './load/load-hotline.js';
import { createCallRef, createLogger } from './server/create-logger.js';
import { createCallMetrics } from './server/call-metrics.js';

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

async function start(): Promise<Server> {
  const settings = readEnvironment(process.env);
  const config = loadConfig(settings.env, settings);
  // The log lines and the human start lines share one stream, so they come out in order.
  const output = pino.destination(1);
  const logger = createLogger(config.logLevel, output);
  const hotline = loadHotline(defaultPaths(), { speech: config.speechInput });
  if (settings.envFile) logger.info({ file: settings.envFile }, 'read settings from .env (the environment wins where both set a variable)');
  if (hotline.speech) logger.info({ minConfidence: hotline.speech.minConfidence }, 'spoken answers are on: menus also listen for the number or word said');
  // A line that names a setting says so when .env set it: an operator who never typed NODE_ENV=development must learn that .env did.
  const told = (line: string) => withSource(line, settings);
  for (const opening of describeOpenings(config)) logger.warn(told(opening));
  for (const warning of describeStartupWarnings(config)) logger.warn(told(warning));
  const hashKey = config.logHashKey === undefined ? undefined : Buffer.from(config.logHashKey);
  const callRef = createCallRef(hashKey);
  const clock = () => new Date();
  const metrics = createCallMetrics({ withProcessMetrics: true, line: hotline, clock, dyno: settings.env.DYNO });
  if (config.redisUrl && !config.textMessages) logger.warn(told('REDIS_URL is set, but text messages are off: nothing is kept in Redis, and the server does not connect to it.'));
  // Text messages and their limits are loaded only when they are on.
  const messages =
    config.textMessages && (await (await import('./server/start-text-messages.js')).startTextMessages(config.textMessages, { config, hotline, hashKey, logger, metrics, clock }));
  // The try page (its router, the walker and the XML parser) is loaded on the first request to /try, so a closed server never loads it.
  const tryPage = async () => (await import('./tools/try/try-routes.js')).createTryRouter({ config, hotline, clock });
  const app = createApp({ config, hotline, logger, clock, callRef, metrics, messages, tryPage });

  const server = createServer(app);
  // Only a server that really listens says so; a port that cannot be had is one sentence and exit 1.
  server.once('error', (error: NodeJS.ErrnoException) => stopWith(describeListenError(error, config.port)));
  server.listen(config.port, config.host, () => {
    // A terminal gets the lines a person reads; a log collector gets the JSON line first, then them.
    const human = `${describeListening(config, config.port).map(told).join('\n')}\n`;
    if (process.stdout.isTTY) {
      process.stdout.write(human);
    } else {
      logger.info({ host: config.host, port: config.port }, 'hotline listening');
      output.write(human);
    }
    // Every start line is out before the first request is answered, for whoever watches for them.
    output.flushSync();
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

const USAGE = [
  'Usage: npm start',
  '',
  'Starts the hotline: the Twilio webhooks under /voice, GET /healthz, and /try and /metrics when',
  'they are opened. It reads these settings from the environment, or from .env in the folder it',
  'starts in (the environment wins); .env.example has each with a comment:',
  '',
  ...Object.entries(environmentVariables.shape).map(([name, schema]) => `  ${name.padEnd(19)} ${schema.description ?? ''}`),
  '',
  'SIGTERM or SIGINT stops it gracefully: requests in flight are answered first.',
].join('\n');

/** `npm start -- --help` prints the usage; any other argument is refused, as by every command. */
function readCommandLine(): void {
  try {
    if (parseCommandLine({ usage: USAGE, options: {} }, process.argv.slice(2)) !== undefined) return;
    processIo.out(USAGE);
    process.exit(EXIT_OK);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // The sentence comes last, under the usage, where the eye lands when the command stops.
    processIo.err(`${USAGE}\n\n${error.message}`);
    process.exit(EXIT_USAGE);
  }
}

readCommandLine();

try {
  await start();
} catch (error) {
  if (error instanceof ConfigError || error instanceof DirectoryError || error instanceof PromptFileError) stopWith(error.message);
  throw error;
}
