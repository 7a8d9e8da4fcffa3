import { describe, expect, it } from 'vitest';
import { START, TOPIC_IDS, type CallState, type DialState, type LangCode } from '../src/hotline/flow/call-state.js';
import { inputKey, type FlowInput } from '../src/hotline/flow/flow-input.js';
import { topicTitle } from '../src/hotline/flow/menus.js';
import type { DialStatus } from '../src/hotline/flow/call-status.js';
import type { FlowEvent, Outcome } from '../src/hotline/flow/reply.js';
import { fixtureLine } from './support/fixture-line.js';
import { at } from './support/test-line.js';

/** The fixture line: Harbour (Ukrainian and Russian) keeps hours, Beacon (English) is always open. */
const hotline = fixtureLine;

/** Tuesday 11:00, Harbour open; Monday 11:00, Harbour closed. */
const HARBOUR_OPEN = at('2026-12-08T11:00:00+01:00');
const HARBOUR_CLOSED = at('2026-12-07T11:00:00+01:00');
const lang = (code: string) => hotline().language(code) as LangCode;
const [uk, ru, en] = [lang('uk'), lang('ru'), lang('en')];
const main = (l: LangCode, extra: Partial<CallState> = {}): CallState => ({ ...START, menu: 'main', lang: l, ...extra });
const menu = (state: CallState, digits: string | undefined, likelyLang?: LangCode, messageOffer = false): FlowInput => ({ kind: 'menu', state, digits, likelyLang, messageOffer });
const dialResult = (state: DialState, status: DialStatus, messageOffer = false): FlowInput => ({ kind: 'dial-result', state, status, messageOffer });

/** What a step does, in the terms a caller notices: the sentences heard (by key), then where the call goes. */
function summarise(outcome: Outcome) {
  const heard = outcome.reply.flatMap((s) => (s.kind === 'say' ? [s.key] : s.kind === 'gather' ? s.body.map((b) => b.key) : []));
  const last = outcome.reply.at(-1);
  const next =
    last?.kind === 'gather'
      ? { menu: last.state.menu, lang: last.state.lang, silences: last.state.silences, tried: last.state.tried, young: last.state.young }
      : last?.kind === 'dial'
        ? { dial: last.helplineId }
        : { hangup: true };
  return { heard, next, languages: [...new Set(outcome.reply.flatMap((s) => (s.kind === 'say' ? [s.lang] : s.kind === 'gather' ? s.body.map((b) => b.lang) : [])))] };
}

const step = (input: FlowInput, now = HARBOUR_OPEN) => hotline().flow.step(input, now);

describe('The pure call flow, step by step: (state, key, instant) → what is said and where the call goes', () => {
  it.each<[string, FlowInput, Date, { first: string; next: object; events: FlowEvent[] }]>([
    ['language menu, key 1', menu(START, '1'), HARBOUR_OPEN, { first: 'menu.option', next: { menu: 'main', lang: uk, silences: 0 }, events: [{ kind: 'menu-choice', menu: 'language', key: '1' }, { kind: 'language-chosen', lang: uk, how: 'key' }] }],
    ['language menu, third silence, a Russian number', menu({ ...START, silences: 2 }, undefined, ru), HARBOUR_OPEN, { first: 'language.guessed', next: { menu: 'main', lang: ru, silences: 0 }, events: [{ kind: 'silence', menu: 'language' }, { kind: 'language-chosen', lang: ru, how: 'guessed' }] }],
    ['Ukrainian main menu, key 1, Harbour open', menu(main(uk), '1'), HARBOUR_OPEN, { first: 'transfer.connecting', next: { dial: 'harbour' }, events: [{ kind: 'menu-choice', menu: 'main', key: '1' }, { kind: 'transfer', helplineId: 'harbour', outcome: 'started' }] }],
    ['Ukrainian main menu, key 1, Harbour closed', menu(main(uk), '1'), HARBOUR_CLOSED, { first: 'transfer.connecting', next: { dial: 'beacon' }, events: [{ kind: 'menu-choice', menu: 'main', key: '1' }, { kind: 'transfer', helplineId: 'beacon', outcome: 'started' }] }],
    ['English main menu, key 1, Harbour open', menu(main(en), '1'), HARBOUR_OPEN, { first: 'transfer.connecting', next: { dial: 'beacon' }, events: [{ kind: 'menu-choice', menu: 'main', key: '1' }, { kind: 'transfer', helplineId: 'beacon', outcome: 'started' }] }],
    ['main menu, key #', menu(main(en), '#'), HARBOUR_OPEN, { first: 'menu.notAnOption', next: { menu: 'main', lang: en, silences: 0 }, events: [{ kind: 'invalid-key', menu: 'main' }] }],
    ['main menu, first silence', menu(main(ru), undefined), HARBOUR_OPEN, { first: 'menu.noKeyHeard', next: { menu: 'main', lang: ru, silences: 1 }, events: [{ kind: 'silence', menu: 'main' }] }],
    ['main menu, third silence', menu(main(ru, { silences: 2 }), undefined), HARBOUR_OPEN, { first: 'menu.goodbyeNoInput', next: { hangup: true }, events: [{ kind: 'silence', menu: 'main' }] }],
    ['main menu, key 2: the first part of the warning signs', menu(main(uk), '2'), HARBOUR_OPEN, { first: 'topicMenu.anyKey', next: { menu: 'part', lang: uk }, events: [{ kind: 'menu-choice', menu: 'main', key: '2' }, { kind: 'topic-heard', topic: 'signs', lang: uk }] }],
    ['the part menu after part 1, key 1', menu({ ...main(uk), menu: 'part', reading: 'signs', part: 1 }, '1'), HARBOUR_OPEN, { first: 'topics.signs.part2.two', next: { menu: 'part', lang: uk }, events: [{ kind: 'menu-choice', menu: 'part', key: '1' }] }],
    ['the part menu after the last part, key 1', menu({ ...main(uk), menu: 'part', reading: 'signs', part: hotline().partsOf('signs') }, '1'), HARBOUR_OPEN, { first: 'transfer.connecting', next: { dial: 'harbour' }, events: [{ kind: 'menu-choice', menu: 'part', key: '1' }, { kind: 'transfer', helplineId: 'harbour', outcome: 'started' }] }],
    ['main menu, key 7', menu(main(uk), '7'), HARBOUR_OPEN, { first: 'topicMenu.anyKey', next: { menu: 'part', lang: uk, young: true }, events: [{ kind: 'menu-choice', menu: 'main', key: '7' }, { kind: 'topic-heard', topic: 'young', lang: uk }] }],
    ['main menu, key 0', menu(main(uk), '0'), HARBOUR_OPEN, { first: 'emergency.say', next: { menu: 'main', lang: uk }, events: [{ kind: 'menu-choice', menu: 'main', key: '0' }] }],
    ['main menu, key 8', menu(main(uk), '8'), HARBOUR_OPEN, { first: 'language.choose', next: { menu: 'language', lang: uk }, events: [{ kind: 'menu-choice', menu: 'main', key: '8' }] }],
    ['Harbour, chosen by name, busy', dialResult({ lang: uk, helpline: 'harbour', tried: [], young: false, chosen: true }, 'busy'), HARBOUR_OPEN, { first: 'transfer.busy', next: { menu: 'retry', lang: uk, tried: ['harbour'] }, events: [{ kind: 'transfer', helplineId: 'harbour', outcome: 'busy' }] }],
    ['Beacon answered', dialResult({ lang: en, helpline: 'beacon', tried: [], young: false }, 'completed'), HARBOUR_OPEN, { first: 'transfer.ended', next: { hangup: true }, events: [{ kind: 'transfer', helplineId: 'beacon', outcome: 'completed' }] }],
  ])('%s', (_name, input, now, expected) => {
    const outcome = step(input, now);
    const summary = summarise(outcome);
    expect(summary.heard[0]).toBe(expected.first);
    expect(summary.next).toMatchObject(expected.next);
    // Every menu shown is counted too (tests/metrics.test.ts); the table names what else a step counts.
    expect(outcome.events.filter((e) => e.kind !== 'menu-shown')).toEqual(expected.events);
  });

  it('When a Ukrainian caller is in the main menu, Then every sentence is in Ukrainian only', () => {
    expect(summarise(step(menu(main(uk), '1'))).languages).toEqual([uk]);
  });

  it('When a caller is put through after Harbour, chosen by name, was busy, Then Harbour is not offered again in that call', () => {
    const afterBusy = step(dialResult({ lang: uk, helpline: 'harbour', tried: [], young: false, chosen: true }, 'busy'));
    const retry = afterBusy.reply.at(-1);
    expect(retry?.kind).toBe('gather');
    const next = step(menu(retry?.kind === 'gather' ? retry.state : START, '1'));
    expect(summarise(next).next).toEqual({ dial: 'beacon' });
  });

  it('When the caller goes through a topic part by part, Then every sentence of it is read once, in order', () => {
    const heard: string[] = [];
    let outcome = step(menu(main(en), '5'));
    for (let part = 1; part <= hotline().partsOf('rights'); part++) {
      heard.push(...summarise(outcome).heard.filter((key) => key.startsWith('topics.')));
      const partMenu = outcome.reply.at(-1);
      if (partMenu?.kind !== 'gather') throw new Error('no part menu');
      outcome = step(menu(partMenu.state, '1'));
    }
    expect(heard).toEqual(hotline().catalog.keysUnder('topics.rights').filter((key) => key !== topicTitle('rights')));
  });

  it.each([uk, ru, en])('When the %s main menu names a topic, Then its label is that topic\'s own title and its key reads that topic', (l) => {
    const options = hotline().flow.menuFor(main(l), HARBOUR_OPEN).options;
    const topics = options.flatMap((o) => (o.action.kind === 'topic' ? [{ key: o.key, label: o.label?.key, topic: o.action.topic }] : []));
    expect(topics.map((t) => t.topic).sort()).toEqual([...TOPIC_IDS].sort());
    const said = step(menu(main(l), '9')).reply.flatMap((s) => (s.kind === 'gather' ? s.body : []));
    for (const { key, label, topic } of topics) {
      expect(label).toBe(topicTitle(topic));
      // What the caller hears for this key is the title, in this language...
      const option = said.find((s) => s.announces === key);
      expect(option?.segments.map((x) => (x.kind === 'text' ? x.text : '')).join('')).toContain(hotline().catalog.text(l, { key: topicTitle(topic) }));
      // ...and pressing it reads that topic and no other.
      const read = summarise(step(menu(main(l), key))).heard.filter((k) => k.startsWith('topics.'));
      expect(read.length).toBeGreaterThan(0);
      expect(read.every((k) => k.startsWith(`topics.${topic}.part`))).toBe(true);
    }
  });
});

/**
 * "Talk to someone now" rolls over, as crisis lines roll over to a backup centre: a transfer that is
 * busy, not answered or failed goes straight on to the next helpline that fits and is open, in one
 * sentence that gives the failed helpline's number once. After a canceled transfer, a helpline
 * chosen by name, or with no helpline left, the next one is offered or the numbers are read.
 */
describe('When a transfer after "talk to someone now" does not connect', () => {
  const talked = (l: LangCode, extra: Partial<DialState> = {}): DialState => ({ lang: l, helpline: 'harbour', tried: [], young: false, ...extra });
  /** How many times a helpline's number is read in an answer. */
  const numberReads = (outcome: Outcome, id: string) =>
    outcome.reply.flatMap((s) => (s.kind === 'say' ? [s] : s.kind === 'gather' ? s.body : [])).flatMap((s) => s.segments).filter((g) => g.kind === 'number' && g.helplineId === id).length;

  it.each<[string, DialState, DialStatus, Date, { heard: string[]; next: object; harbourNumber?: number }]>([
    ['Harbour busy', talked(uk), 'busy', HARBOUR_OPEN, { heard: ['transfer.rollover.busy', 'helplines.beacon.intro'], next: { dial: 'beacon' }, harbourNumber: 1 }],
    ['Harbour not answering', talked(ru), 'no-answer', HARBOUR_OPEN, { heard: ['transfer.rollover.noAnswer', 'helplines.beacon.intro'], next: { dial: 'beacon' }, harbourNumber: 1 }],
    ['Harbour failed', talked(uk), 'failed', HARBOUR_OPEN, { heard: ['transfer.rollover.failed', 'helplines.beacon.intro'], next: { dial: 'beacon' }, harbourNumber: 1 }],
    ['Harbour canceled: no rollover, Beacon offered', talked(uk), 'canceled', HARBOUR_OPEN, { heard: ['transfer.failed', 'retryMenu.title'], next: { menu: 'retry', lang: uk } }],
    ['Harbour chosen by name, busy: Beacon offered', talked(uk, { chosen: true }), 'busy', HARBOUR_OPEN, { heard: ['transfer.busy', 'retryMenu.title'], next: { menu: 'retry', lang: uk } }],
    ['Harbour busy, Beacon already tried: the numbers', talked(uk, { tried: ['beacon'] }), 'busy', HARBOUR_OPEN, { heard: ['transfer.busy', 'transfer.nothingLeft', 'numbers.intro'], next: { menu: 'part', lang: uk } }],
  ])('%s (%s)', (_name, state, status, now, expected) => {
    const outcome = step(dialResult(state, status), now);
    const summary = summarise(outcome);
    expect(summary.heard.slice(0, expected.heard.length)).toEqual(expected.heard);
    expect(summary.next).toMatchObject(expected.next);
    expect(summary.languages).toEqual([state.lang]);
    // The rollover sentence gives the failed helpline's number once; otherwise the fixture's own sentence does.
    if (expected.harbourNumber) expect(numberReads(outcome, 'harbour')).toBe(expected.harbourNumber);
  });

  it.each<[DialStatus]>([['busy'], ['no-answer'], ['failed']])('When Beacon is %s while Harbour is closed, Then the caller is never put through to the closed line: the numbers are read', (status) => {
    const outcome = step(dialResult({ lang: en, helpline: 'beacon', tried: [], young: false }, status), HARBOUR_CLOSED);
    expect(outcome.reply.some((s) => s.kind === 'dial')).toBe(false);
    expect(summarise(outcome).heard.slice(0, 3)).toEqual([`transfer.${status === 'no-answer' ? 'noAnswer' : status}`, 'transfer.nothingLeft', 'numbers.intro']);
  });

  it('When the next helpline is dialled, Then the call counts the failed transfer and the new one, and the new transfer keeps both helplines as tried', () => {
    const outcome = step(dialResult(talked(uk, { messageSent: true }), 'busy'));
    expect(outcome.events).toEqual([
      { kind: 'transfer', helplineId: 'harbour', outcome: 'busy' },
      { kind: 'transfer', helplineId: 'beacon', outcome: 'started' },
    ]);
    const dial = outcome.reply.at(-1);
    expect(dial?.kind === 'dial' && dial.state).toEqual({ lang: uk, helpline: 'beacon', tried: ['harbour'], young: false, messageSent: true });
    // Beacon busy in turn: nothing is left to roll over to, so the caller hears why and the numbers follow.
    const after = step(dialResult(dial?.kind === 'dial' ? dial.state : talked(uk), 'busy'));
    expect(after.reply.some((s) => s.kind === 'dial')).toBe(false);
    expect(summarise(after).heard.slice(0, 2)).toEqual(['transfer.busy', 'transfer.nothingLeft']);
  });
});

describe('A step is looked up in the walk by its whole flow input (the timing check follows a caller through it)', () => {
  it('When an input gains a field, Then two inputs that differ only there have two different keys', () => {
    const base = menu(main(uk), '6');
    // A field the flow does not know yet, as a new feature would add it.
    const withNewField = { ...base, smsAvailable: true } as unknown as FlowInput;
    expect(inputKey(withNewField)).not.toBe(inputKey(base));
  });

  it('When the same input is built with its fields in another order, Then it has the same key', () => {
    const state = main(uk);
    const reordered: FlowInput = { messageOffer: false, likelyLang: undefined, digits: '1', state: { young: false, tried: [], silences: 0, lang: uk, menu: 'main' }, kind: 'menu' };
    expect(inputKey(reordered)).toBe(inputKey(menu(state, '1')));
  });
});

describe('The numbers in a text message, in the pure flow: offered where numbers were just heard, once a call; the flow asks, the adapter sends', () => {
  const OFFER = '#';
  const gatherOf = (outcome: Outcome) => {
    const last = outcome.reply.at(-1);
    if (last?.kind !== 'gather') throw new Error('the answer does not end in a menu');
    return last;
  };
  /** Whether the answer's menu reads out the offer, and whether # is an option there. */
  const offered = (outcome: Outcome, messageOffer = true) => {
    const gather = gatherOf(outcome);
    const announced = gather.body.some((s) => s.announces === OFFER);
    const works = hotline().flow.menuFor(gather.state, HARBOUR_OPEN, messageOffer).options.some((o) => o.key === OFFER && o.action.kind === 'message');
    expect(announced).toBe(works);
    return announced;
  };
  const numbersPart = (l: LangCode, extra: Partial<CallState> = {}): CallState => ({ ...main(l), menu: 'part', reading: 'numbers', part: 1, ...extra });
  const messageResult = (state: CallState, sent: boolean): FlowInput => ({ kind: 'message-result', state, sent });
  const offeredEvent = (l: LangCode): FlowEvent => ({ kind: 'message', lang: l, outcome: 'offered' });

  it.each<[string, FlowInput, boolean]>([
    ['helplines menu, key 3: the numbers, part 1', menu({ ...main(uk), menu: 'helplines' }, '3', undefined, true), true],
    ['the same for a caller who may not get a message', menu({ ...main(uk), menu: 'helplines' }, '3', undefined, false), false],
    ['numbers part 1, key 1: part 2', menu(numbersPart(ru), '1', undefined, true), true],
    ['main menu, key 7: the help for children and young people', menu(main(en), '7', undefined, true), true],
    ['main menu, key 2: a topic without numbers', menu(main(en), '2', undefined, true), false],
    ['Harbour, chosen by name, busy: the retry menu', dialResult({ lang: uk, helpline: 'harbour', tried: [], young: false, chosen: true }, 'busy', true), true],
    ['Harbour, chosen by name, busy, a message already sent in this call', dialResult({ lang: uk, helpline: 'harbour', tried: [], young: false, messageSent: true, chosen: true }, 'busy', true), false],
    ['main menu, key 0: the emergency answer', menu(main(uk), '0', undefined, true), true],
    ['main menu, key 0, for a caller who may not get a message', menu(main(uk), '0', undefined, false), false],
    ['main menu, key 9 (the main menu itself never offers)', menu(main(uk), '9', undefined, true), false],
    ['numbers part 1 after a message was sent', menu(numbersPart(uk, { messageSent: true }), '2', undefined, true), false],
  ])('%s: offered %s', (_name, input, expected) => {
    const outcome = step(input);
    expect(offered(outcome, 'messageOffer' in input ? input.messageOffer : false)).toBe(expected);
    const lang = gatherOf(outcome).state.lang as LangCode;
    expect(outcome.events.filter((e) => e.kind === 'message')).toEqual(expected ? [offeredEvent(lang)] : []);
  });

  it('When the caller hears the offer, Then it is the last option, with the key word and a safety warning in their language', () => {
    for (const l of [uk, ru, en]) {
      const body = gatherOf(step(menu({ ...main(l), menu: 'helplines' }, '3', undefined, true))).body;
      const last = body.at(-1)!;
      expect(last.announces).toBe(OFFER);
      const text = hotline().catalog.text(l, { key: 'menu.option', params: { key: { key: 'keys.hash' }, label: { key: 'textMessage.offer' } } });
      expect(last.segments).toEqual([{ kind: 'text', text }]);
    }
  });

  it('When the message was sent, Then the caller hears so and the same menu without the offer, and the call remembers it', () => {
    const outcome = step(messageResult(numbersPart(uk), true));
    expect(summarise(outcome).heard[0]).toBe('textMessage.sent');
    const gather = gatherOf(outcome);
    expect(gather.state).toMatchObject({ menu: 'part', reading: 'numbers', part: 1, messageSent: true, silences: 0 });
    expect(offered(outcome)).toBe(false);
    expect(outcome.events).toEqual([{ kind: 'menu-choice', menu: 'part', key: OFFER }, { kind: 'message', lang: uk, outcome: 'sent' }, { kind: 'menu-shown', menu: 'part' }]);
  });

  it('When the message could not be sent, Then the caller hears so and the numbers again from the first part, with no second offer', () => {
    const afterEmergency = { ...main(ru), afterEmergency: true } as const;
    const outcome = step(messageResult(afterEmergency, false));
    expect(summarise(outcome).heard.slice(0, 2)).toEqual(['textMessage.failed', 'numbers.intro']);
    expect(gatherOf(outcome).state).toMatchObject({ menu: 'part', reading: 'numbers', part: 1, messageSent: true });
    expect(gatherOf(outcome).state.afterEmergency).toBeUndefined();
    expect(offered(outcome)).toBe(false);
    expect(outcome.events).toEqual([{ kind: 'menu-choice', menu: 'main', key: OFFER }, { kind: 'message', lang: ru, outcome: 'failed' }, { kind: 'menu-shown', menu: 'part' }]);
  });

  it.each<[string, CallState]>([
    ['numbers part 1 (en)', numbersPart(en)],
    ['the menu after the emergency answer (ru)', { ...main(ru), afterEmergency: true }],
    ['the help for children, part 1 (uk)', { ...main(uk), menu: 'part', reading: 'young', part: 1 }],
  ])('When # is pressed where it is offered (%s), Then the outcome is the effect "send the numbers by text message" for the adapter to perform, with nothing said yet', (_name, state) => {
    expect(step(menu(state, OFFER, undefined, true))).toEqual({ reply: [], events: [], effects: [{ kind: 'send-numbers-message', lang: state.lang, state }] });
  });

  it('When no key is pressed or another key is, Then the outcome carries no effect', () => {
    for (const input of [menu(numbersPart(en), '1', undefined, true), menu(numbersPart(en), undefined, undefined, true), messageResult(numbersPart(en), true), messageResult(numbersPart(en), false)]) {
      expect(step(input).effects ?? []).toEqual([]);
    }
  });

  it('When # is pressed where nothing is offered, Then it is not an option', () => {
    for (const input of [menu(main(en), OFFER, undefined, true), menu(numbersPart(en), OFFER, undefined, false), menu(numbersPart(en, { messageSent: true }), OFFER, undefined, true)]) {
      expect(summarise(step(input)).heard[0]).toBe('menu.notAnOption');
    }
  });

  it('When the caller heard the emergency answer, Then the offer stays while that menu is repeated, and goes with the next choice', () => {
    const emergency = gatherOf(step(menu(main(uk), '0', undefined, true)));
    expect(emergency.state.afterEmergency).toBe(true);
    const repeated = step(menu(emergency.state, '9', undefined, true));
    expect(offered(repeated)).toBe(true);
    const silence = step(menu(emergency.state, undefined, undefined, true));
    expect(offered(silence)).toBe(true);
    const helplines = step(menu(emergency.state, '6', undefined, true));
    expect(gatherOf(helplines).state.afterEmergency).toBeUndefined();
    expect(offered(helplines)).toBe(false);
  });

  it('When a message was sent, Then the call keeps that through a transfer and a change of language', () => {
    const sent = { ...main(uk), messageSent: true } as const;
    const dial = step(menu(sent, '1', undefined, true)).reply.at(-1);
    expect(dial?.kind === 'dial' && dial.state.messageSent).toBe(true);
    const language = gatherOf(step(menu({ ...sent, menu: 'language' }, '3', undefined, true)));
    expect(language.state).toMatchObject({ menu: 'main', lang: en, messageSent: true });
  });
});
