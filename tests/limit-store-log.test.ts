import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createCallMetrics } from '../src/server/call-metrics.js';
import { reportLimitStore } from '../src/server/report-limit-store.js';

const START = Date.parse('2026-12-07T10:00:00Z');

/** The store's report with a clock the test moves, and the log lines it wrote. */
function report() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string }), done()) });
  let now = START;
  const store = reportLimitStore(pino({ level: 'info' }, stream), createCallMetrics(), () => new Date(now), { kind: 'redis', where: 'redis://10.0.0.5:6379' });
  const at = (seconds: number) => (now = START + seconds * 1000);
  const down = () => store.failed({ reason: 'unreachable', code: 'ECONNREFUSED' }, false);
  return { lines, store, at, down };
}

/** An outage at 10 s (warned of), the store back at 20 s, and a second outage beginning at 30 s, within the minute. */
function secondOutageWithinAMinute() {
  const reported = report();
  const { store, at, down } = reported;
  store.answered();
  at(10);
  down();
  at(20);
  store.answered();
  at(30);
  down();
  return reported;
}

describe('Every outage of the limits store reaches the log, at most one warning a minute', () => {
  it('When Redis stops answering twice within a minute and the second outage lasts, Then its warning comes at the first failure after the minute', () => {
    const { lines, at, down } = secondOutageWithinAMinute();
    for (let s = 31; s <= 70; s++) {
      at(s);
      down();
    }
    const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toBe(
      "The text-message limits store redis://10.0.0.5:6379 does not answer (unreachable, ECONNREFUSED) (40 more failures since the last such line): no text message is offered, and # answers as if today's limit were reached, until it does.",
    );
  });

  it('When the second outage ends within the minute, Then the line saying Redis answers again tells of it', () => {
    const { lines, store, at } = secondOutageWithinAMinute();
    at(42);
    store.answered();
    expect(lines.map((l) => l.msg).slice(-1)).toEqual([
      'The text-message limits store redis://10.0.0.5:6379 answers again after 12 s without answering (not warned of then: a warning had gone out less than a minute before; no text message was offered meanwhile): text messages are offered again.',
    ]);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
  });
});
