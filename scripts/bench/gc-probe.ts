/**
 * Bench-only preload: `node --expose-gc --import <this file> dist/src/main.js`.
 *
 * On SIGUSR2 it notes how long the event loop was held up since the last reading, runs two full
 * garbage collections (the second collects what the first only finalised) and writes the process's
 * memory as one line on stderr, so `npm run bench` reads memory without garbage-collection timing
 * in it. The app itself is not changed: production starts without this file, without --expose-gc,
 * and with no route that collects garbage.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { MEMORY_LINE_PREFIX, type MemorySample } from './memory-line.js';

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('gc-probe needs node --expose-gc.');

/**
 * V8 hands the pages a collection freed back to the system from background threads, after gc()
 * returns: read straight away, resident memory still counts them (measured: 10-15 MB, varying).
 */
const SETTLE_AFTER_COLLECTION_MS = 500;
const LOOP_DELAY_RESOLUTION_MS = 5;

const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
loopDelay.enable();

/** V8's young generation as it stands: sized by V8 to the allocation rate, so it moves resident memory without any leak. */
function youngGenerationBytes(): number {
  return getHeapSpaceStatistics()
    .filter((space) => space.space_name === 'new_space' || space.space_name === 'new_large_object_space')
    .reduce((sum, space) => sum + space.physical_space_size, 0);
}

function writeSample(loopDelayMaxMs: number): void {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const sample: MemorySample = { rss, heapUsed, heapTotal, external, youngGeneration: youngGenerationBytes(), loopDelayMaxMs };
  process.stderr.write(`${MEMORY_LINE_PREFIX}${JSON.stringify(sample)}\n`);
}

process.on('SIGUSR2', () => {
  const loopDelayMaxMs = loopDelay.max / 1e6;
  collect();
  collect();
  setTimeout(() => {
    writeSample(loopDelayMaxMs);
    // The next reading starts here, so the pause of these collections is not counted in it.
    loopDelay.reset();
  }, SETTLE_AFTER_COLLECTION_MS);
});
