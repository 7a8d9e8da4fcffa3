/**
 * Open-loop load at a fixed rate, as calls arrive: request i goes out when it is due, at
 * start + i ÷ rate, whether or not earlier answers have come back. Its latency counts from then
 * to the end of the answer, including any wait for a free connection, so a server that stalls
 * shows the stall in every request that arrived during it.
 *
 * Why not autocannon's overallRate: autocannon sends each connection's share of a second back to
 * back at the start of every second and then waits, so the server sees a burst of `connections`
 * concurrent requests each second, and its latency correction assumes a 1 ms interval. That
 * measures a queue again, not the answer a caller waits for.
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { HttpCall } from './servers.js';

export interface PacedRun {
  readonly rate: number;
  readonly seconds: number;
  /** Connections kept open at most; requests beyond them wait in the agent, their wait counted. */
  readonly maxSockets: number;
  /** Requests due but unanswered at most; beyond it further requests are not sent but counted as errors. */
  readonly maxInFlight: number;
  readonly timeoutMs: number;
}

export interface PacedResult {
  readonly due: number;
  readonly answered: number;
  /** Socket errors, timeouts, answers other than 200, and requests not sent because too many were in flight. */
  readonly errors: number;
  /** Answered requests per second over the run, from the first due time to the last answer. */
  readonly answeredPerSecond: number;
  /** From sending to the end of the answer, answered requests only. */
  readonly latenciesMs: readonly number[];
  /**
   * The longest this load generator's own event loop was held up during the run. An answer that
   * arrives while it is held up is read late, so a latency near this figure is the machine's (the
   * generator shares the cores with the server and with anything else running), not the server's.
   */
  readonly generatorStallMs: number;
}

/** How often the generator samples its own event-loop delay. */
const LOOP_DELAY_RESOLUTION_MS = 5;
/** After the last request is due, unanswered ones get this long before they count as errors. */
const DRAIN_LIMIT_MS = 5_000;

export async function runAtRate(host: string, port: number, calls: readonly HttpCall[], run: PacedRun): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: run.maxSockets });
  const due = Math.round(run.rate * run.seconds);
  const intervalMs = 1000 / run.rate;
  const latenciesMs: number[] = [];
  let sent = 0;
  let settled = 0;
  let errors = 0;
  let lastAnswerAt = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  const start = performance.now();

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(drainLimit);
      agent.destroy();
      loopDelay.disable();
      errors += due - settled;
      const elapsedSeconds = Math.max(lastAnswerAt - start, run.seconds * 1000) / 1000;
      const generatorStallMs = loopDelay.max / 1e6;
      resolve({ due, answered: latenciesMs.length, errors, answeredPerSecond: latenciesMs.length / elapsedSeconds, latenciesMs, generatorStallMs });
    };
    const settle = (latencyMs: number | undefined) => {
      if (finished) return;
      settled++;
      if (latencyMs === undefined) errors++;
      else {
        latenciesMs.push(latencyMs);
        lastAnswerAt = performance.now();
      }
      if (sent === due && settled === due) finish();
    };
    const fire = (index: number) => {
      // From the send, not the due time: Node's timers fire up to a millisecond or so late, and
      // that lateness is the load generator's, not the server's.
      const sentAt = performance.now();
      const call = calls[index % calls.length] as HttpCall;
      let done = false;
      const once = (latencyMs: number | undefined) => {
        if (done) return;
        done = true;
        settle(latencyMs);
      };
      const headers = { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) };
      const req = request({ host, port, method: call.method, path: call.path, headers, agent, timeout: run.timeoutMs }, (res) => {
        res.resume();
        res.on('end', () => once(res.statusCode === 200 ? performance.now() - sentAt : undefined));
        res.on('error', () => once(undefined));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${run.timeoutMs} ms`)));
      req.on('error', () => once(undefined));
      req.end(call.body);
    };
    const tick = () => {
      if (finished) return;
      const dueNow = Math.min(due, Math.floor((performance.now() - start) / intervalMs) + 1);
      for (; sent < dueNow; sent++) {
        if (sent - settled >= run.maxInFlight) settle(undefined);
        else fire(sent);
      }
      // Sleep until the next request is due, rather than polling: the generator shares the cores.
      if (sent < due) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
      else if (settled === due) finish();
    };
    const drainLimit = setTimeout(finish, run.seconds * 1000 + DRAIN_LIMIT_MS);
    tick();
  });
}
