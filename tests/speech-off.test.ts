import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inputKey } from '../src/hotline/flow/flow-input.js';
import { walkLine } from '../src/tools/walk/walk-week.js';
import { CallWalker } from '../src/tools/walk/walk-call.js';
import { appTransport, at, CALLER_UA, hotline, LINE_NUMBER, TestCall } from './support/test-line.js';

/**
 * With spoken answers off, the line answers byte for byte as it did before they existed. The
 * fixture holds a hash of every different answer a call can reach (two situations of the week, each
 * named by a hash of its instant and flow input),
 * and of a few answers taken through HTTP, made from the line before spoken answers were added (main at 83db6f4, the last commit before they were merged; the same at 8d59344 and eaec8d2),
 * then rewritten once by issue 21, which changes the TwiML on purpose (names through the pronunciation table, hours in words, numbers introduced with words),
 * and once more when "four p.m.." lost its doubled full stop (English answers that say an opening time ending in p.m. before a full stop).
 * A change that means to alter the TwiML rewrites it: WRITE_TWIML_BEFORE=1 npx vitest run tests/speech-off.test.ts
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/twiml-before-speech.json', import.meta.url));
const ORIGIN = 'https://hotline.example.org';
const CALLER_ID = '+4721000000';
/** Caritas open (Monday 11:00), and closed until Monday (Friday 20:00). */
const INSTANTS = [at('2026-12-07T11:00:00+01:00'), at('2026-12-11T20:00:00+01:00')];

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** Every different reply of the walk (told apart by its sentences, keys and URLs), rendered, in walk order. */
function reachableAnswers(): Record<string, string> {
  const line = hotline();
  const answers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const step of walkLine(line, INSTANTS).steps) {
    // An outcome with an effect (the text message) is never rendered: the adapter performs the effect and answers its result.
    if (step.outcome.effects?.length) continue;
    const shape = JSON.stringify(step.outcome.reply);
    if (seen.has(shape)) continue;
    seen.add(shape);
    // Named by a hash of the step (instant and flow input), to keep the fixture small.
    answers[sha(`${step.now.toISOString()} ${inputKey(step.input)}`)] = sha(line.render(step.outcome.reply, { origin: ORIGIN, callerId: CALLER_ID }));
  }
  return answers;
}

/** A few whole answers as the HTTP routes send them: the opening, a language, a transfer, a wrong key, silence. */
async function httpAnswers(): Promise<Record<string, string>> {
  const call = new TestCall(INSTANTS[0]!);
  const bodies: string[] = [];
  const transport = appTransport(call.app);
  const walker = new CallWalker({
    transport: { ...transport, post: async (path, params) => { const res = await transport.post(path, params); bodies.push(res.body); return res; } },
    from: CALLER_UA,
    to: LINE_NUMBER,
  });
  const answers: Record<string, string> = {};
  const keep = async (name: string, step: Promise<unknown>) => {
    await step;
    answers[name] = sha(bodies.at(-1) ?? '');
  };
  await keep('opening', walker.start());
  await keep('language 1', walker.press('1'));
  await keep('wrong key', walker.press('#'));
  await keep('silence', walker.silence());
  await keep('talk', walker.press('1'));
  await keep('busy', walker.dialEnds('busy'));
  return answers;
}

describe('When spoken answers are off', () => {
  it('Then every answer a call can reach, and the answers of the HTTP routes, are byte for byte those of the line before spoken answers', { timeout: 240_000 }, async () => {
    const now = { reachable: reachableAnswers(), http: await httpAnswers() };
    if (process.env.WRITE_TWIML_BEFORE === '1') writeFileSync(FIXTURE, `${JSON.stringify(now, null, 0)}\n`);
    const before = JSON.parse(readFileSync(FIXTURE, 'utf8')) as typeof now;
    expect(now.http).toEqual(before.http);
    const changed = Object.keys(before.reachable).filter((step) => now.reachable[step] !== before.reachable[step]);
    expect(changed.slice(0, 5)).toEqual([]);
    expect(Object.keys(now.reachable).length).toBe(Object.keys(before.reachable).length);
  });
});
