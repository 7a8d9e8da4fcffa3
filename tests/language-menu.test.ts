import { describe, expect, it } from 'vitest';
import { CHANGE_LANGUAGE_KEY, type CallState, type FlowInput, type LangCode, type Outcome } from '../src/hotline/index.js';
import { fixtureLine } from './support/fixture-line.js';
import { at } from './support/test-line.js';

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
