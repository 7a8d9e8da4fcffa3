import type { Logger } from 'pino';
import { errorMessage } from '../content/error-message.js';
import type { Config } from '../settings/load-config.js';
import { redisAddress } from '../settings/redis-address.js';
import { type Directory, numbersMessages, type PromptCatalog } from '../hotline/index.js';
import type { CallMetrics } from './call-metrics.js';
import { createNumberMessenger, type NumberMessenger } from './send-numbers-message.js';
import { loadTwilioMessageClient } from './twilio-message-client.js';
import { memoryLimitStore, type LimitStore } from './limit-store.js';
import { createMessageLimits, MESSAGES_PER_NUMBER_PER_DAY } from './message-limits.js';
import { reportLimitStore } from './report-limit-store.js';

/**
 * The server's text messages with the numbers, loaded only when they are on: the twilio REST client,
 * the message in each language, and the daily limits per number (in memory, or in Redis when
 * REDIS_URL is set), with what the operator sees of them.
 */

export interface TextMessageDeps {
  readonly config: Config;
  /** The loaded line's prompts and directory (the message text is made from them). */
  readonly hotline: { readonly catalog: PromptCatalog; readonly directory: Directory };
  readonly hashKey: Buffer | undefined;
  readonly logger: Logger;
  readonly metrics: CallMetrics;
  readonly clock: () => Date;
}

/**
 * Where the daily limits per number are kept: Redis when REDIS_URL is set (its client loaded only
 * then), shared by every instance; else this process's memory. Failures and recoveries of Redis are
 * logged and counted by one report.
 */
async function createLimitStore({ config, logger, metrics, clock }: TextMessageDeps) {
  if (!config.redisUrl) {
    const store: LimitStore = memoryLimitStore(MESSAGES_PER_NUMBER_PER_DAY);
    return { store, report: reportLimitStore(logger, metrics, clock, store) };
  }
  const { redisLimitStore } = await import('./redis-limit-store.js');
  const report = reportLimitStore(logger, metrics, clock, { kind: 'redis', where: redisAddress(config.redisUrl) });
  const store = redisLimitStore(config.redisUrl, {
    perDay: MESSAGES_PER_NUMBER_PER_DAY,
    onConnectionError: (failure) => report.failed(failure, false),
    onReady: () => report.answered(),
  });
  return { store, report };
}

/** Text messages with the numbers, sent through the real twilio REST client (loaded in the background). */
export async function startTextMessages(settings: NonNullable<Config['textMessages']>, deps: TextMessageDeps): Promise<NumberMessenger> {
  const { hotline, logger } = deps;
  const client = loadTwilioMessageClient(settings);
  // A client that cannot load fails each message (the caller hears the numbers again), and says so once here.
  client.catch((error: unknown) => logger.error({ error: errorMessage(error) }, 'text messages are off: the twilio REST client did not load'));
  const { store, report } = await createLimitStore(deps);
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

