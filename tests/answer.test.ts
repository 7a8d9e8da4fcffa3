import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { answer, asksMessageOffer } from '../src/hotline/answer/answer.js';
import type { Answer, AnswerRequest } from '../src/hotline/answer/answer-request.js';
import { createReviewScripts } from '../src/hotline/flow/review-reply.js';
import type { LangCode } from '../src/hotline/flow/call-state.js';
import { buildHotline, type Hotline } from '../src/hotline/hotline.js';
import { createRecordings } from '../src/hotline/prompts/recordings.js';
import { DIAL_RESULT_PATH, FALLBACK_PATH, MENU_PATH, REVIEW_PATH, reviewUrl, STATIC_FALLBACK_PATH, VOICE_PATH } from '../src/hotline/twiml/webhook-paths.js';
import { fixtureLine, fixtureSources, speakingFixtureLine } from './support/fixture-line.js';
import { descendants, parseTwiml, sayAsDigits, spoken } from './support/twiml.js';

/** Tuesday 11:00 in Oslo: Harbour (Ukrainian, Russian) and Beacon (English, always) are open. */
const TUESDAY_11 = new Date('2026-12-08T11:00:00+01:00');
const ORIGIN = 'https://line.example.org';
const LINE_NUMBER = '+4721000000';
const FROM_UKRAINE = { From: '+380501234567', To: LINE_NUMBER, CallSid: 'CA1' };
const line = fixtureLine();
const en = line.language('en') as LangCode;

const ask = (request: AnswerRequest, hotline: Hotline = line): Answer => answer(hotline, { origin: ORIGIN, callerId: LINE_NUMBER, ...request }, TUESDAY_11);
const verbsOf = (a: Answer) => parseTwiml(a.twiml).verbs;
const tagsOf = (a: Answer) => verbsOf(a).map((v) => v.tagName);
/** The state a menu's <Gather> sends the next key to. */
const actionOf = (a: Answer): URLSearchParams => new URL(descendants(parseTwiml(a.twiml).root, 'Gather')[0]!.getAttribute('action')!, ORIGIN).searchParams;
const saidIn = (a: Answer) => spoken(parseTwiml(a.twiml).root).map((s) => s.text);
const dialOf = (a: Answer): Element => verbsOf(a).find((v) => v.tagName === 'Dial')!;
const main = { menu: 'main', lang: 'en', silences: '0' };

describe('answer(hotline, request, now): the line answers one request of a call, with no server around it', () => {
  it('When a call comes in from Ukraine, Then the language menu starts with the Ukrainian 112 warning inside one <Gather>, and the call is counted as started', () => {
    const opened = ask({ path: VOICE_PATH, form: FROM_UKRAINE });
    expect(tagsOf(opened)).toEqual(['Gather', 'Redirect']);
    expect(actionOf(opened).get('menu')).toBe('language');
    expect(spoken(verbsOf(opened)[0]!)[0]).toMatchObject({ language: 'uk-UA' });
    expect(sayAsDigits(verbsOf(opened)[0]!)[0]).toBe('112');
    expect(opened.events).toEqual([{ kind: 'call-started' }]);
    expect(opened.effects).toEqual([]);
  });

  it('When the caller presses the English key, Then the main menu follows in English and the choice is counted', () => {
    const chosen = ask({ path: MENU_PATH, query: { menu: 'language', silences: '0' }, form: { ...FROM_UKRAINE, Digits: '3' } });
    expect(Object.fromEntries(actionOf(chosen))).toMatchObject({ menu: 'main', lang: 'en' });
    expect(spoken(parseTwiml(chosen.twiml).root).every((s) => s.language === 'en-GB')).toBe(true);
    expect(chosen.events).toContainEqual({ kind: 'language-chosen', lang: en, how: 'key' });
  });

  it('When an English caller says "person" on a line that takes spoken answers, Then they are put through to Beacon showing the line\'s number, and only "understood" is counted, never the word', () => {
    const speaking = speakingFixtureLine();
    const put = ask({ path: MENU_PATH, query: main, form: { ...FROM_UKRAINE, SpeechResult: 'person', Confidence: '0.9' } }, speaking);
    expect(descendants(dialOf(put), 'Number').map((n) => n.textContent)).toEqual([speaking.directory.find('beacon')!.dialString]);
    expect(dialOf(put).getAttribute('callerId')).toBe(LINE_NUMBER);
    expect(put.events).toContainEqual({ kind: 'spoken-answer', lang: en, understood: true });
    expect(JSON.stringify(put.events)).not.toContain('person');

    const unclear = ask({ path: MENU_PATH, query: main, form: { ...FROM_UKRAINE, SpeechResult: 'banana bread', Confidence: '0.9' } }, speaking);
    expect(saidIn(unclear)[0]).toBe('No such option.');
    expect(unclear.events).toContainEqual({ kind: 'spoken-answer', lang: en, understood: false });
  });

  it('When the transfer to Beacon was busy, Then the caller hears so, and the busy transfer is counted', () => {
    const busy = ask({ path: DIAL_RESULT_PATH, query: { lang: 'en', line: 'beacon' }, form: { ...FROM_UKRAINE, DialCallStatus: 'busy' } });
    expect(saidIn(busy)[0]).toMatch(/^Beacon is busy\. Dial/);
    expect(busy.events).toContainEqual({ kind: 'transfer', helplineId: 'beacon', outcome: 'busy' });
  });

  it.each([
    ['a path this version does not know', '/voice/old-menu', { menu: 'main', lang: 'uk', silences: '0' }],
    ['a dial result naming no helpline', DIAL_RESULT_PATH, { menu: 'main', lang: 'uk', silences: '0', line: '+19005550000' }],
  ])('When the request is %s, Then the caller hears the nearest menu again', (_what, path, query) => {
    const nearest = ask({ path, query, form: FROM_UKRAINE });
    expect(tagsOf(nearest)).toEqual(['Gather', 'Redirect']);
    expect(Object.fromEntries(actionOf(nearest))).toMatchObject({ menu: 'main', lang: 'uk' });
  });

  it('When the caller asks for the numbers by text, Then the answer is the effect alone; answered again with its result, they hear it was sent and are never offered it again', () => {
    const numbersMenu = { menu: 'part', lang: 'en', silences: '0', reading: 'numbers', part: '1' };
    const request: AnswerRequest = { path: MENU_PATH, query: numbersMenu, form: { ...FROM_UKRAINE, Digits: '#' }, messageOffer: true };
    const asked = ask(request);
    expect(asked.twiml).toBe('');
    expect(asked.effects).toEqual([{ kind: 'send-numbers-message', lang: en, state: expect.objectContaining({ menu: 'part', reading: 'numbers' }) }]);

    const sent = ask({ ...request, messageResult: { sent: true } });
    expect(saidIn(sent)[0]).toBe('Text on its way.');
    expect(actionOf(sent).get('sms')).toBe('1');
    expect(sent.events).toContainEqual({ kind: 'message', lang: en, outcome: 'sent' });
    expect(asksMessageOffer(line, { path: MENU_PATH, query: Object.fromEntries(actionOf(sent)) })).toBe(false);

    const failed = ask({ ...request, messageResult: { sent: false } });
    expect(saidIn(failed)[0]).toBe('Text not sent.');
    expect(failed.events).toContainEqual({ kind: 'message', lang: en, outcome: 'failed' });
  });

  it('When it is asked which requests may offer the text message, Then the start of a call, the fallback and the review never do, and a menu does until a message was asked for', () => {
    for (const path of [VOICE_PATH, FALLBACK_PATH, REVIEW_PATH, STATIC_FALLBACK_PATH]) expect(asksMessageOffer(line, { path, query: main }), path).toBe(false);
    expect(asksMessageOffer(line, { path: MENU_PATH, query: main })).toBe(true);
    expect(asksMessageOffer(line, { path: DIAL_RESULT_PATH, query: { lang: 'en', line: 'beacon' } })).toBe(true);
    expect(asksMessageOffer(line, { path: DIAL_RESULT_PATH, query: { lang: 'en', line: 'beacon', sms: '1' } })).toBe(false);
  });

});

describe('answer(hotline, request, now): the fail-safe, the listening review and the static fallback are answers too', () => {
  it('When Twilio uses the fallback URL, Then the answer is the fail-safe: 112 and Beacon, a language menu to start again, then goodbye', () => {
    const failSafe = ask({ path: FALLBACK_PATH, form: FROM_UKRAINE });
    expect(tagsOf(failSafe).at(-1)).toBe('Hangup');
    expect(actionOf(failSafe).get('menu')).toBe('language');
    expect(sayAsDigits(parseTwiml(failSafe.twiml).root)).toContain('112');
  });

  it('When the listening review starts and the reviewer presses 1, Then each step is said inside a one-key <Gather> whose action is the next step, fingerprinted', () => {
    const script = createReviewScripts(line)(en);
    const start = ask({ path: REVIEW_PATH, query: { lang: 'en' }, form: { CallSid: 'CA1' } });
    expect(tagsOf(start)).toEqual(['Say', 'Say', 'Gather', 'Redirect']);
    const gather = verbsOf(start)[2]!;
    const action = reviewUrl({ lang: en, index: 0, verdicts: [], retried: false }, script.fingerprint);
    expect([gather.getAttribute('action'), gather.getAttribute('input'), gather.getAttribute('numDigits'), verbsOf(start)[3]!.textContent]).toEqual([action, 'dtmf', '1', action]);

    const next = ask({ path: REVIEW_PATH, query: Object.fromEntries(new URL(action, ORIGIN).searchParams), form: { CallSid: 'CA1', Digits: '1' } });
    expect(saidIn(next)[0]).toBe(`Item 2 of ${script.sentences.length}.`);
    expect(next.events).toEqual([]);
  });

  it('When the static fallback is asked for, Then it says 112 and transfers to Beacon with no action, showing the hotline number, reads the numbers after and hangs up, one verb per line, and plays no recording even where the line has one', () => {
    const recorded = createRecordings([{ lang: 'en', key: 'staticFallback.danger', urlPath: '/audio/en/danger.mp3', contentType: 'audio/mpeg', bytes: Buffer.from('') }]);
    const withRecording = buildHotline({ ...fixtureSources(), recordings: recorded });
    const document = ask({ path: STATIC_FALLBACK_PATH }, withRecording);
    const tags = tagsOf(document);
    expect(new Set(tags)).toEqual(new Set(['Say', 'Dial', 'Hangup']));
    expect(tags.at(-1)).toBe('Hangup');
    expect(['action', 'method'].filter((name) => dialOf(document).hasAttribute(name))).toEqual([]);
    // The helpline sees the line's own number, as on every transfer.
    expect(dialOf(document).getAttribute('callerId')).toBe(LINE_NUMBER);
    expect(descendants(dialOf(document), 'Number').map((n) => n.textContent)).toEqual([line.directory.find('beacon')!.dialString]);
    expect(sayAsDigits(parseTwiml(document.twiml).root)[0]).toBe('112');
    // The declaration, <Response>, each verb and </Response> on lines of their own.
    expect(document.twiml.split('\n').filter((l) => l !== '')).toHaveLength(tags.length + 3);
  });
});
