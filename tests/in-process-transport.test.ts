import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { inProcessLine } from '../src/tools/simulator/in-process-line.js';
import { CallWalker, type DialOutcome, type Waiting } from '../src/tools/walk/walk-call.js';
import { fixtureLine, speakingFixtureLine } from './support/fixture-line.js';
import { appTransport, at, AUTH_TOKEN, LINE_NUMBER, PUBLIC_BASE_URL } from './support/test-line.js';

/**
 * The try page and `npm run call` answer in this process (inProcessLine) and promise to answer as the
 * server does. The same call, walked once over HTTP through the server and once in this process,
 * must give the caller the same words, menus and transfers at every step, or the tools show an
 * operator a line that is not the one callers reach.
 */
const HARBOUR_OPEN = at('2026-12-08T11:00:00+01:00');
const SATURDAY_NIGHT = at('2026-12-12T23:30:00+01:00');

type Step = { readonly key: string } | { readonly say: string } | { readonly silence: true } | { readonly dial: DialOutcome };

async function walk(walker: CallWalker, steps: readonly Step[]): Promise<void> {
  let waiting: Waiting = await walker.start();
  for (const step of steps) {
    if (waiting.kind === 'ended') break;
    if ('key' in step) waiting = await walker.press(step.key);
    else if ('say' in step) waiting = await walker.say(step.say);
    else if ('silence' in step) waiting = await walker.silence();
    else waiting = await walker.dialEnds(step.dial);
  }
}

/** What a caller met along the call, both ways: the server's answers over HTTP, and the line's answers in this process. */
async function bothWays(now: Date, from: string, steps: readonly Step[], speech = false) {
  const line = speech ? speakingFixtureLine() : fixtureLine();
  const app = createApp({
    config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false, hotlineNumber: LINE_NUMBER },
    hotline: line,
    logger: pino({ level: 'silent' }),
    clock: () => now,
  });
  const overHttp = new CallWalker({ transport: appTransport(app), from, to: LINE_NUMBER, maxRequests: 1000 });
  const inProcess = new CallWalker({ transport: inProcessLine(line, new URL(PUBLIC_BASE_URL), () => now, { textMessages: false, hotlineNumber: LINE_NUMBER }), from, to: LINE_NUMBER, maxRequests: 1000 });
  await walk(overHttp, steps);
  await walk(inProcess, steps);
  return { overHttp: overHttp.events, inProcess: inProcess.events };
}

describe('The line answering in this process answers as the server does', () => {
  it.each([
    ['talk to someone now, the first helpline busy, rolled over, then not answered', HARBOUR_OPEN, '+380501234567', [{ key: '1' }, { key: '1' }, { dial: 'busy' }, { dial: 'no-answer' }, { silence: true }, { silence: true }, { silence: true }]],
    ['a topic read part by part, back to the main menu, the emergency key', HARBOUR_OPEN, '+79161234567', [{ key: '2' }, { key: '2' }, { key: '1' }, { key: '*' }, { key: '0' }, { silence: true }]],
    ['a wrong key and silence before a language, from a number that suggests none', SATURDAY_NIGHT, '+4791234567', [{ key: '9' }, { silence: true }, { key: '3' }, { key: '1' }, { dial: 'completed' }]],
    ['silence to the end', SATURDAY_NIGHT, '+380501234567', [{ silence: true }, { silence: true }, { silence: true }, { silence: true }]],
  ] as const)('When a caller walks %s, Then both give the same words, menus and transfers', async (_what, now, from, steps) => {
    const { overHttp, inProcess } = await bothWays(now, from, steps);
    expect(overHttp.length).toBeGreaterThan(steps.length);
    expect(inProcess).toEqual(overHttp);
  });

  it('When spoken answers are on and the caller says words instead of keys, Then both understand them alike', async () => {
    const { overHttp, inProcess } = await bothWays(HARBOUR_OPEN, '+380501234567', [{ say: 'українська' }, { say: 'людина' }, { dial: 'busy' }], true);
    expect(overHttp.some((e) => e.kind === 'transfer')).toBe(true);
    expect(inProcess).toEqual(overHttp);
  });
});
