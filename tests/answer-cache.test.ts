import { describe, expect, it } from 'vitest';
import { START, type LangCode } from '../src/call/call-state.js';
import { inputKey, type FlowInput } from '../src/call/flow-input.js';
import { createAnswerCache } from '../src/twilio/answer-cache.js';

/** A caller in the main menu pressing 1: "talk to someone now", whose answer depends on the hour. */
const talkNow: FlowInput = { kind: 'menu', state: { ...START, menu: 'main', lang: 'uk' as LangCode }, digits: '1', likelyLang: undefined, messageOffer: false };

describe('The answer cache serves an answer only within the minute it was made for', () => {
  it.each([
    ['a minute later', '2026-12-07T09:05:00+01:00', '2026-12-07T09:06:00+01:00'],
    ['the same minute an hour later', '2026-12-07T09:05:00+01:00', '2026-12-07T10:05:00+01:00'],
    ['the same minute a day later', '2026-12-07T09:05:00+01:00', '2026-12-08T09:05:00+01:00'],
  ])('When the same input comes %s, Then its answer is made again, never served from the earlier minute', (_when, first, second) => {
    const cache = createAnswerCache<string>();
    const key = inputKey(talkNow);
    expect(cache.get(key, new Date(first), () => 'earlier')).toBe('earlier');
    expect(cache.get(key, new Date(first), () => 'made twice')).toBe('earlier');
    expect(cache.get(key, new Date(second), () => 'later')).toBe('later');
  });

  it('When an input gains a field, Then two inputs that differ only there get two different answers', () => {
    const withNewField = { ...talkNow, smsAvailable: true } as unknown as FlowInput;
    const cache = createAnswerCache<string>();
    const now = new Date('2026-12-07T09:05:00+01:00');
    expect(cache.get(inputKey(talkNow), now, () => 'without')).toBe('without');
    expect(cache.get(inputKey(withNewField), now, () => 'with')).toBe('with');
  });
});
