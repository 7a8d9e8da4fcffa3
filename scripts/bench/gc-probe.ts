/**
 * Bench-only preload: `node --expose-gc --import <this file> dist/src/server.js`.
 *
 * On SIGUSR2 it runs two full garbage collections (the second collects what the first only
 * finalised) and writes the process's memory as one line on stderr, so `npm run bench` reads
 * memory without garbage-collection timing in it. The app itself is not changed: production
 * starts without this file, without --expose-gc, and with no route that collects garbage.
 */
import { MEMORY_LINE_PREFIX, type MemorySample } from './memory-line.js';

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('gc-probe needs node --expose-gc.');

/**
 * V8 hands the pages a collection freed back to the system from background threads, after gc()
 * returns: read straight away, resident memory still counts them (measured: 10-15 MB, varying).
 */
const SETTLE_AFTER_COLLECTION_MS = 500;

function writeSample(): void {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const sample: MemorySample = { rss, heapUsed, heapTotal, external };
  process.stderr.write(`${MEMORY_LINE_PREFIX}${JSON.stringify(sample)}\n`);
}

process.on('SIGUSR2', () => {
  collect();
  collect();
  setTimeout(writeSample, SETTLE_AFTER_COLLECTION_MS);
});
