import { describe, expect, it } from 'vitest';
import { CHANGE_LANGUAGE_KEY, type CallState, type FlowInput, type Hotline, type LangCode, type Outcome } from '../src/hotline/index.js';
import { speechOf } from './support/expect-speech.js';
import { fixtureLine } from './support/fixture-line.js';
import { at, TestCall, type Turn } from './support/test-line.js';
import { spoken } from './support/twiml.js';

/** The fixture line: uk (key 1, +380), ru (key 2, +7), en (key 3). Tuesday 11:00 in Oslo. */
const hotline = fixtureLine;
const NOW = at('2026-12-08T11:00:00+01:00');
const lang = (code: string) => hotline().language(code) as LangCode;

/** The state of the menu an answer ends in (every answer here ends waiting for a key). */
function menuState(outcome: Outcome): CallState {
  const last = outcome.reply.at(-1);
  if (last?.kind !== 'gather') throw new Error(`The answer ends in ${last?.kind ?? 'nothing'}, not a menu.`);
  return last.state;
}

/** The languages the sentences of an answer are said in, in order, without repeats. */
const languagesHeard = (outcome: Outcome) => [...new Set(outcome.reply.flatMap((s) => (s.kind === 'say' ? [s.lang] : s.kind === 'gather' ? s.body.map((b) => b.lang) : [])))];

describe('A caller who chose a language keeps it when they go back to the language menu and then press nothing', () => {
  it('When a +7 caller chooses Ukrainian, presses the change-language key, then stays silent to the end of the language menu, Then the call goes on in Ukrainian', () => {
    const uk = lang('uk');
    const ru = lang('ru');
    const step = (input: FlowInput) => hotline().flow.step(input, NOW);
    const press = (state: CallState, digits: string | undefined) => step({ kind: 'menu', state, digits, likelyLang: ru, messageOffer: false });

    let state = menuState(step({ kind: 'answer', likelyLang: ru }));
    const ukKey = hotline().languages.find((l) => l.code === 'uk')!.key;
    state = menuState(press(state, ukKey));
    expect(state).toMatchObject({ menu: 'main', lang: uk });
    state = menuState(press(state, CHANGE_LANGUAGE_KEY));
    expect(state.menu).toBe('language');

    let outcome: Outcome | undefined;
    for (let silence = 0; silence < 10 && state.menu === 'language'; silence += 1) {
      outcome = press(state, undefined);
      state = menuState(outcome);
    }
    expect(state).toMatchObject({ menu: 'main', lang: uk });
    expect(languagesHeard(outcome!)).toEqual([uk]);
    // The language was chosen by a key earlier in this call: nothing is counted as guessed.
    expect(outcome!.events).not.toContainEqual(expect.objectContaining({ kind: 'language-chosen' }));
  });
});

/**
 * Before a language is chosen, whatever the line says in the language menu ends
 * on a key sentence, so no key sounds as if what follows took it back. One row per kind of caller
 * (the country code decides the order of the languages), and each way back into the menu.
 */
describe('Before a language is chosen, the language menu ends on a key sentence, whoever calls', () => {
  const CALLERS = [
    ['+380 (Ukrainian)', '+380501234567', 'uk'],
    ['+7 (Russian)', '+79161234567', 'ru'],
    ['+47 (Norwegian)', '+4791234567', 'uk'],
    ['a withheld number', 'anonymous', 'uk'],
    ['+44 (British)', '+447700900123', 'uk'],
  ] as const;
  const { words } = speechOf(hotline);
  const KEY_OF: Record<string, string> = { uk: '1', ru: '2', en: '3' };
  const keySentences = new Set(hotline().languages.map((l) => words(l.code, 'language.choose', { key: l.key })));
  /** What the caller hears inside the answer's <Gather>, in order. */
  const inGather = (turn: Turn) => {
    const gather = turn.twiml.verbs.find((v) => v.tagName === 'Gather');
    if (!gather) throw new Error('The answer has no menu.');
    return spoken(gather).map((s) => s.text);
  };
  /** The fixture line whose menus all fail, so every key pressed in a menu gets the fail-safe answer. */
  const failing = (): Hotline => {
    const line = fixtureLine();
    const step = (input: FlowInput, now: Date) => {
      if (input.kind === 'menu') throw new Error('a bug in a menu');
      return line.flow.step(input, now);
    };
    return { ...line, flow: { ...line.flow, step } };
  };

  it.each(CALLERS)('From %s (%s, first language %s): after a wrong key, silence, key 0 and the fail-safe, the last sentence before the menu ends offers a key, and every key is offered', async (_name, from, first) => {
    const call = new TestCall(NOW, from, { line: hotline() });
    await call.start();
    const answers = { 'a wrong key': await call.press('7'), silence: await call.silence(), 'key 0': await call.press('0') };
    const failSafe = new TestCall(NOW, from, { line: failing() });
    await failSafe.start();
    const all = { ...answers, 'the fail-safe': await failSafe.press('7') };
    for (const [what, turn] of Object.entries(all)) {
      const said = inGather(turn);
      expect(keySentences.has(said.at(-1)!), `after ${what}, the last sentence is "${said.at(-1)}"`).toBe(true);
      for (const sentence of keySentences) expect(said, `after ${what}`).toContain(sentence);
    }
    // The caller's first language is spoken first, and its key follows its own sentence at once.
    expect(inGather(answers['a wrong key']).slice(0, 2)).toEqual([words(first, 'menu.notAnOption'), words(first, 'language.choose', { key: KEY_OF[first]! })]);
    // 112 is said in every language after key 0, each just before that language's key.
    for (const l of hotline().languages) {
      const said = inGather(answers['key 0']);
      const key = said.indexOf(words(l.code, 'language.choose', { key: l.key }));
      expect(said[key - 1]).toMatch(/112/);
    }
  });
});

/** A caller whose country suggests no language goes on in the line's first language. */
describe('A caller who presses nothing in the language menu', () => {
  it.each([
    ['+47 (Norwegian)', '+4791234567', 'uk'],
    ['a withheld number', 'anonymous', 'uk'],
    ['+44 (British)', '+447700900123', 'uk'],
    ['+380 (Ukrainian)', '+380501234567', 'uk'],
    ['+7 (Russian)', '+79161234567', 'ru'],
  ] as const)('From %s (%s), Then the call goes on in %s, and the caller hears how to change it', async (_name, from, expected) => {
    const { words, voices } = speechOf(hotline);
    const call = new TestCall(NOW, from, { line: hotline() });
    await call.start();
    let turn = await call.silence();
    for (let i = 0; i < 5 && turn.said.some((s) => s.language !== voices[expected]!.language); i += 1) turn = await call.silence();
    expect(turn.said.every((s) => s.voice === voices[expected]!.voice)).toBe(true);
    expect(turn.said[0]!.text).toBe(words(expected, 'language.guessed', { key: CHANGE_LANGUAGE_KEY }));
  });
});
