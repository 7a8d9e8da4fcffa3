/** The line gc-probe writes on stderr and the bench reads: this prefix, then a MemorySample as JSON. */
export const MEMORY_LINE_PREFIX = 'bench-memory ';

/** process.memoryUsage() after two full collections, in bytes (rss is the kernel's VmRSS), and more. */
export interface MemorySample {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  /** V8's young generation (new space), part of heapTotal and of rss. */
  readonly youngGeneration: number;
  /** The longest the app's event loop was held up between the previous reading and this one. */
  readonly loopDelayMaxMs: number;
}

/** The sample in one line of a server's stderr, or undefined for any other line. */
export function parseMemoryLine(line: string): MemorySample | undefined {
  return line.startsWith(MEMORY_LINE_PREFIX) ? (JSON.parse(line.slice(MEMORY_LINE_PREFIX.length)) as MemorySample) : undefined;
}
