import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { DIAL_RESULT_PATH, DIAL_TIMEOUT_SECONDS, GATHER_TIMEOUT_SECONDS, callStateQuery, type Hotline, type LangCode, MENU_IDS, MENU_PATH, START } from '../src/hotline/index.js';
import { walkReachableSteps } from '../src/tools/walk/reachable.js';
import { fixtureLine, speakingFixtureLine } from './support/fixture-line.js';
import { at, CALLER_UA, LINE_NUMBER, PUBLIC_BASE_URL, TestCall } from './support/test-line.js';
import { descendants, parseTwiml } from './support/twiml.js';

/** Harbour (the fixture's line that keeps hours, in Ukrainian and Russian) is open: Tuesday 11:00 in Oslo. */
const HARBOUR_OPEN = at('2026-12-08T11:00:00+01:00');

/** Every attribute of an element, by name. */
const attributesOf = (element: Element): Record<string, string> => Object.fromEntries(Array.from(element.attributes).map((a) => [a.name, a.value]));

/** What a <Gather> tells Twilio beyond the keys it takes: the attributes that make it listen for speech. */
const listening = (gather: Element) => {
  const { input, hints, language, speechTimeout, speechModel } = attributesOf(gather);
  return { input, hints, language, speechTimeout, speechModel };
};

/**
 * Every answer a call to `line` can reach while Harbour is open, rendered as Twilio receives it,
 * once for each different menu state it ends in (a <Gather>'s attributes depend on nothing else):
 * every menu of the line is among them, the retry menu too, since Beacon is always open.
 */
function reachableDocuments(line: Hotline): string[] {
  const menus = new Set<string>();
  const documents: string[] = [];
  for (const step of walkReachableSteps(line.flow, { instants: [HARBOUR_OPEN], likelyLangs: [undefined, ...line.languages.map((l) => l.code)] })) {
    // An outcome with an effect (the text message) is not sent to Twilio: the adapter performs the effect and answers its result.
    if (step.outcome.effects?.length) continue;
    const states = step.outcome.reply.flatMap((s) => (s.kind === 'gather' ? [callStateQuery(s.state)] : []));
    if (states.every((state) => menus.has(state))) continue;
    for (const state of states) menus.add(state);
    documents.push(line.render(step.outcome.reply, { origin: PUBLIC_BASE_URL, callerId: LINE_NUMBER }));
  }
  return documents;
}

describe('When spoken answers are off (SPEECH_INPUT unset)', () => {
  it('Then no <Gather> of any answer a call can reach listens for speech: keys only, no hints, no speech language', () => {
    const gathers = reachableDocuments(fixtureLine()).flatMap((xml) => descendants(parseTwiml(xml).root, 'Gather'));
    expect(new Set(gathers.map((g) => new URL(g.getAttribute('action')!, PUBLIC_BASE_URL).searchParams.get('menu')))).toEqual(new Set(MENU_IDS));
    const listeningOnes = gathers.map(listening).filter((l) => l.input !== 'dtmf' || l.hints !== undefined || l.language !== undefined || l.speechTimeout !== undefined || l.speechModel !== undefined);
    expect(listeningOnes.slice(0, 3)).toEqual([]);
  });

  it('Then the answers of a live call take keys only too: the opening, a language, a wrong key, silence', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    const turns = [await call.start(), await call.press('1'), await call.press('#'), await call.silence()];
    for (const turn of turns) {
      const gathers = descendants(turn.twiml.root, 'Gather');
      expect(gathers.length).toBeGreaterThan(0);
      for (const gather of gathers) expect(attributesOf(gather)).toEqual({ input: 'dtmf', numDigits: '1', timeout: String(GATHER_TIMEOUT_SECONDS), finishOnKey: '', action: expect.stringMatching(`^${MENU_PATH}\\?`), method: 'POST' });
    }
  });

  it('Then with them on (SPEECH_INPUT=on), the same menu listens for speech in the caller\'s language, with its words as hints', () => {
    const line = speakingFixtureLine();
    const reply = line.flow.step({ kind: 'show-menu', state: { ...START, menu: 'main', lang: 'uk' as LangCode }, messageOffer: false }, HARBOUR_OPEN).reply;
    const gather = descendants(parseTwiml(line.render(reply, { now: HARBOUR_OPEN })).root, 'Gather')[0]!;
    expect(listening(gather)).toMatchObject({ input: 'dtmf speech', language: 'uk-UA', hints: expect.any(String) });
  });
});

describe('When a caller is put through to a helpline', () => {
  it('Then the <Dial> rings the line for the set time, reports its result to the line, and sets no limit on the conversation', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    await call.start();
    await call.press('1');
    await call.press('1');
    const waiting = call.walker.waiting;
    expect(waiting.kind).toBe('dial');
    if (waiting.kind !== 'dial') return;
    // callerId is tested where the caller's number is (tests/call-flow.http.test.ts); every other attribute is here.
    const attributes = attributesOf(waiting.dial);
    delete attributes.callerId;
    expect(attributes).toEqual({ action: expect.any(String), method: 'POST', timeout: String(DIAL_TIMEOUT_SECONDS) });
    const action = new URL(attributes.action!, PUBLIC_BASE_URL);
    expect(action.pathname).toBe(DIAL_RESULT_PATH);
    expect(Object.fromEntries(action.searchParams)).toMatchObject({ lang: 'uk', line: 'harbour' });
    expect(waiting.number).toBe(fixtureLine().directory.find('harbour')!.dialString);
  });
});
