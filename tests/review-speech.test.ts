import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element } from '@xmldom/xmldom';
import nock from 'nock';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import type { LangCode } from '../src/hotline/flow/call-state.js';
import { walkReachableSteps } from '../src/tools/walk/reachable.js';
import { reviewSentences } from '../src/hotline/flow/review-call.js';
import { checkSpokenWords } from '../src/tools/checks/check-spoken-text.js';
import { checkTwimlDocument } from '../src/tools/checks/check-twiml-limits.js';
import { buildHotline, type Hotline } from '../src/hotline/hotline.js';
import { runReviewSpeechCli, type ReviewSpeechDeps } from '../src/tools/operations/review-speech-cli.js';
import { createReviewScripts } from '../src/hotline/flow/review-reply.js';
import { sayText } from '../src/tools/walk/twiml-document.js';
import { fixtureLine, fixtureSources } from './support/fixture-line.js';
import { AUTH_TOKEN, hotline, PUBLIC_BASE_URL, signedPost } from './support/test-line.js';
import { interceptTwilio } from './support/twilio-nock.js';
import { childElements, descendants, parseTwiml, spoken, type Twiml } from './support/twiml.js';

const NOW = new Date('2026-12-07T10:00:00Z');
// Twilio's REST API through nock only; the line's app is served on 127.0.0.1 by supertest.
const twilioRequests = interceptTwilio({ localServer: true });
const appFor = (line: Hotline) =>
  createApp({
    config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false },
    hotline: line,
    logger: pino({ level: 'silent' }),
    clock: () => NOW,
  });

const fixture = fixtureLine();
const fixtureApp = appFor(fixture);
/** A language code as the line knows it. */
const code = (line: Hotline, lang: string): LangCode => line.language(lang) as LangCode;
const script = (line: Hotline, lang: string) => createReviewScripts(line)(code(line, lang));

/** A path and query as Twilio posts it, from a URL the line gave (relative, or absolute for the call's start). */
const pathOf = (url: string) => {
  const parsed = new URL(url, PUBLIC_BASE_URL);
  return `${parsed.pathname}${parsed.search}`;
};
const gatherOf = (twiml: Twiml) => twiml.verbs.find((v) => v.tagName === 'Gather') as Element;
const textOf = (element: Element) => (element.tagName === 'Say' ? sayText(element) : spoken(element).map((s) => s.text).join(' '));

describe('The sentences a native speaker reviews are drawn from the line itself', () => {
  it("When the line is the fixture line, Then the review holds the opening's warning, every name, every number, every sentence with hours, the closed line's opening, what is said before each transfer and the text-message offer, in that order", () => {
    const sentences = reviewSentences(fixture, code(fixture, 'en'));
    expect(sentences.map((s) => s.key)).toEqual([
      'opening.danger',
      'helplines.harbour.name',
      'helplines.beacon.name',
      'numbers.lines.emergency',
      'numbers.lines.harbour',
      'numbers.lines.beacon',
      'numbers.lines.kids',
      'menu.goodbyeNoInput',
      'helplinesMenu.labels.harbour',
      'helplinesMenu.labels.beacon',
      'failSafe.message',
      'transfer.closed (harbour)',
      'transfer.connecting + helplines.harbour.intro',
      'transfer.connecting + helplines.beacon.intro',
      'textMessage.offer',
      'textMessage.sent',
    ]);
    const text = new Map(sentences.map((s) => [s.key, s.text]));
    // Numbers as the directory writes them; hours and the opening as the voice says them.
    expect(text.get('numbers.lines.harbour')).toBe('Harbour, from Tuesday to Friday, from nine a.m. to three p.m.: +47 21 00 00 01.');
    expect(text.get('transfer.closed (harbour)')).toBe('Harbour is closed; it opens on Tuesday at nine a.m.');
    expect(text.get('transfer.connecting + helplines.beacon.intro')).toBe('To Beacon now. In English.');
    expect(text.get('textMessage.offer')).toBe('hash: the numbers by text.');
  });

  it('When a helpline is added to the directory and the prompts, Then it is reviewed with no change to code', () => {
    const sources = fixtureSources();
    const added = { id: 'lighthouse', number: '+47 21 00 00 03', dial: true, languages: ['en'], interpreter: false, hours: { sat: [{ start: '12:00', end: '18:00' }] }, closedDates: [] };
    const directory = { ...sources.directory, helplines: [...sources.directory.helplines, added] } as unknown as typeof sources.directory;
    directory.find = (id: string) => directory.helplines.find((h) => h.id === id);
    for (const tree of Object.values(sources.files) as Record<string, Record<string, Record<string, unknown>>>[]) {
      (tree.numbers!.lines as Record<string, string>).lighthouse = 'Lighthouse, {{hours.lighthouse}}: [[lighthouse]].';
      tree.helplines!.lighthouse = { name: 'Lighthouse', intro: 'In English.' };
      (tree.helplinesMenu!.labels as Record<string, string>).lighthouse = 'Lighthouse, {{hours.lighthouse}}';
    }
    const line = buildHotline({ ...sources, directory: { ...directory, find: directory.find } });
    const keys = reviewSentences(line, code(line, 'en')).map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['helplines.lighthouse.name', 'numbers.lines.lighthouse', 'helplinesMenu.labels.lighthouse', 'transfer.closed (lighthouse)', 'transfer.connecting + helplines.lighthouse.intro']));
    expect(reviewSentences(line, code(line, 'en')).find((s) => s.key === 'transfer.closed (lighthouse)')?.text).toBe('Lighthouse is closed; it opens on Saturday at noon.');
  });

  it.each(['uk', 'ru', 'en'] as const)('When the shipped %s line is reviewed, Then every name of its pronunciation table is heard in a reviewed sentence, and ROSA\'s transfer instruction is one', (lang) => {
    const line = hotline();
    const sentences = reviewSentences(line, code(line, lang));
    for (const entry of line.pronunciations.get(lang) ?? []) expect(sentences.some((s) => s.text.includes(entry.written)), entry.written).toBe(true);
    expect(sentences.map((s) => s.key)).toContain('transfer.connecting + helplines.rosa.intro');
  });

  it('When the shipped Russian line is reviewed, Then its first sentence asks the caller to hang up with «Положите трубку», a word the voice may stress wrongly', () => {
    const line = hotline();
    const [first] = reviewSentences(line, code(line, 'ru'));
    expect(first?.key).toBe('opening.danger');
    expect(first?.text).toContain('Положите трубку');
  });
});

/** Walks a review call on an app as Twilio would: each answer's <Gather> action with the reviewer's key, or its <Redirect> on silence. */
async function walkReview(app: Parameters<typeof signedPost>[0], startUrl: string, keys: readonly (string | undefined)[]) {
  const requests: { path: string; digits: string | undefined; twiml: Twiml }[] = [];
  let path = pathOf(startUrl);
  let twiml = parseTwiml((await signedPost(app, path, { CallSid: 'CA1' })).text);
  requests.push({ path, digits: undefined, twiml });
  for (const key of keys) {
    const gather = gatherOf(twiml);
    if (!gather) break;
    path = pathOf(key === undefined ? (twiml.verbs.at(-1)?.textContent ?? '') : (gather.getAttribute('action') ?? ''));
    const res = await signedPost(app, path, key === undefined ? { CallSid: 'CA1' } : { CallSid: 'CA1', Digits: key });
    expect(res.status).toBe(200);
    twiml = parseTwiml(res.text);
    requests.push({ path, digits: key, twiml });
  }
  return requests;
}

describe('POST /voice/review plays the review call, one sentence a step', () => {
  const en = script(fixture, 'en');
  const start = `/voice/review?lang=en&h=${en.fingerprint}`;

  it('When the reviewer answers, Then the line introduces the review, says the position, and plays the sentence and the instruction inside a one-key <Gather> that comes back to the same step on silence', async () => {
    const twiml = parseTwiml((await signedPost(fixtureApp, start, { CallSid: 'CA1' })).text);
    expect(twiml.verbs.map((v) => v.tagName)).toEqual(['Say', 'Say', 'Gather', 'Redirect']);
    expect(twiml.verbs.slice(0, 2).map(textOf)).toEqual(['Review: 1 right, 2 wrong, 3 again.', `Item 1 of ${en.sentences.length}.`]);
    const gather = gatherOf(twiml);
    const action = `/voice/review?lang=en&i=0&v=&h=${en.fingerprint}`;
    expect({ numDigits: gather.getAttribute('numDigits'), finishOnKey: gather.getAttribute('finishOnKey'), input: gather.getAttribute('input'), action: gather.getAttribute('action') }).toEqual({
      numDigits: '1',
      finishOnKey: '',
      input: 'dtmf',
      action,
    });
    expect(childElements(gather).map(textOf)).toEqual(['Danger? Call 112.', '1 right, 2 wrong, 3 again.']);
    expect(twiml.verbs[3]?.textContent).toBe(action);
    // The production voice of the language, as the line's own answers use it.
    expect(spoken(twiml.root).map((s) => s.voice)).toEqual(Array(4).fill('Polly.Amy-Neural'));
  });

  it('When the reviewer presses 1, 2, 3, nothing, and a key that is no option, Then 1 and 2 move on, 3 plays the sentence again, and silence or a wrong key asks once more before counting as no answer', async () => {
    const steps = await walkReview(fixtureApp, start, ['1', '2', '3', '1', undefined, undefined, '7', '2']);
    const actions = steps.map((s) => gatherOf(s.twiml)?.getAttribute('action'));
    const h = `&h=${en.fingerprint}`;
    expect(actions).toEqual([
      `/voice/review?lang=en&i=0&v=${h}`,
      `/voice/review?lang=en&i=1&v=r${h}`,
      `/voice/review?lang=en&i=2&v=rw${h}`,
      `/voice/review?lang=en&i=2&v=rw${h}`, // 3: again
      `/voice/review?lang=en&i=3&v=rwr${h}`,
      `/voice/review?lang=en&i=3&v=rwr&t=1${h}`, // silence: asked once more
      `/voice/review?lang=en&i=4&v=rwrn${h}`, // silence again: no answer
      `/voice/review?lang=en&i=4&v=rwrn&t=1${h}`, // 7: not an option, asked once more
      `/voice/review?lang=en&i=5&v=rwrnw${h}`, // 2 on the second asking still counts
    ]);
    // The sentence played again is the same one, with its position and without the introduction.
    expect(textOf(gatherOf(steps[3]!.twiml))).toBe(textOf(gatherOf(steps[2]!.twiml)));
    expect(textOf(steps[3]!.twiml.verbs[0]!)).toBe(`Item 3 of ${en.sentences.length}.`);
    expect(textOf(steps[5]!.twiml.verbs[0]!)).toBe('No key heard.');
    expect(textOf(steps[7]!.twiml.verbs[0]!)).toBe('No such option.');
  });

  it('When the last sentence is answered, Then the line thanks the reviewer and hangs up', async () => {
    const steps = await walkReview(fixtureApp, start, Array(en.sentences.length).fill('1'));
    const last = steps.at(-1)!.twiml;
    expect(last.verbs.map((v) => v.tagName)).toEqual(['Say', 'Hangup']);
    expect(textOf(last.verbs[0]!)).toBe('Thanks, goodbye.');
  });

  it.each([
    ['forged', 'bm90IGEgc2lnbmF0dXJl'],
    ['missing', undefined],
  ])('When a request to /voice/review has a %s signature, Then it is refused without TwiML', async (_what, signature) => {
    const post = request(fixtureApp).post(start).type('form');
    const res = await (signature ? post.set('X-Twilio-Signature', signature) : post).send({ CallSid: 'CA1', Digits: '1' });
    expect([400, 403]).toContain(res.status);
    if (signature) expect(res.status).toBe(403);
    expect(res.text).not.toContain('<Response');
  });

  it("When every answer the line's own menus can give is rendered, Then none leads to the review", () => {
    // One moment, callers not offered a text message: the answers differ there only in sentences, not in where they lead.
    const steps = walkReachableSteps(fixture.flow, { instants: [NOW], likelyLangs: [undefined], messageOffers: [false] });
    expect(steps.length).toBeGreaterThan(20);
    const leads = new Set<string>();
    for (const step of steps) for (const match of fixture.render(step.outcome.reply, { now: NOW }).matchAll(/(?:action="|<Redirect[^>]*>)(\/voice\/[a-z-]+)/g)) leads.add(match[1]!);
    expect([...leads].sort()).toEqual(['/voice/dial-result', '/voice/menu']);
  });

  it.each(['uk', 'ru'] as const)(
    'When the shipped %s review is walked to its end, Then every step is valid for its voice, holds no Latin word outside the pronunciation table and no clock in digits, and ROSA is said through the table',
    async (lang) => {
      const line = hotline();
      const shipped = script(line, lang);
      const steps = await walkReview(appFor(line), `/voice/review?lang=${lang}&h=${shipped.fingerprint}`, Array(shipped.sentences.length).fill('1'));
      expect(steps).toHaveLength(shipped.sentences.length + 1);
      const ssmlOn = (voice: string) => line.languages.some((l) => l.voice === voice && l.ssml);
      const voice = line.languages.find((l) => l.code === lang)!.voice;
      for (const step of steps) {
        expect(checkTwimlDocument(step.twiml.root.toString(), ssmlOn)).toEqual([]);
        for (const say of descendants(step.twiml.root, 'Say')) {
          expect(say.getAttribute('voice')).toBe(voice);
          expect(checkSpokenWords(say)).toEqual([]);
        }
      }
      const rosa = line.pronunciations.get(lang)!.find((e) => e.written === 'Роса')!;
      const subs = steps.flatMap((s) => descendants(s.twiml.root, 'sub')).filter((s) => s.textContent === 'Роса');
      expect(subs.length).toBeGreaterThan(0);
      for (const sub of subs) expect(sub.getAttribute('alias')).toBe(rosa.alias);
    },
    30_000,
  );
});

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const REST_TOKEN = 'rest-auth-token-that-must-never-be-printed';
const HOTLINE = '+4721000000';
const REVIEWER = '+4790000001';
const CALL_SID = `CA${'e'.repeat(32)}`;
const API = 'https://api.twilio.com';
const ACCOUNT_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}`;
const CALL_PATH = `${ACCOUNT_PATH}/Calls/${CALL_SID}.json`;
const EVENTS_PATH = `${ACCOUNT_PATH}/Calls/${CALL_SID}/Events.json`;
const FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

function callResource(status: string) {
  return { sid: CALL_SID, account_sid: ACCOUNT_SID, to: REVIEWER, from: HOTLINE, status, duration: FINAL.has(status) ? '312' : null, direction: 'outbound-api', uri: CALL_PATH };
}

function mockCreateCall() {
  const bodies: Record<string, string>[] = [];
  nock(API)
    .replyContentLength()
    .post(`${ACCOUNT_PATH}/Calls.json`, (body: Record<string, string>) => {
      bodies.push({ ...body });
      return true;
    })
    .reply(201, callResource('queued'));
  return bodies;
}

function mockCallStatuses(statuses: readonly string[]) {
  for (const status of statuses) nock(API).replyContentLength().get(CALL_PATH).reply(200, callResource(status));
}

/** The Call Event Twilio records for one request it made to the line: its URL, method and parameters (snake_case), and the answer. */
const eventOf = (path: string, digits: string | undefined) => ({
  request: { url: `${PUBLIC_BASE_URL}${path}`, method: 'POST', parameters: { account_sid: ACCOUNT_SID, call_sid: CALL_SID, call_status: 'in-progress', direction: 'outbound-api', ...(digits === undefined ? {} : { digits }) } },
  response: { response_code: 200, content_type: 'text/xml; charset=utf-8', date_created: 'Mon, 07 Dec 2026 10:01:00 +0000', request_duration: 12, response_body: '<Response/>' },
});
/** The REST request that created the call, which Twilio lists among the call's events too. */
const CREATE_EVENT = { request: { url: `${API}${ACCOUNT_PATH}/Calls.json`, method: 'POST', parameters: { to: REVIEWER, from: HOTLINE, url: `${PUBLIC_BASE_URL}/voice/review` } }, response: { response_code: 201 } };

/** One GET of the call's events per list given, in order: what each read of Twilio's record sees. */
function mockEventPolls(polls: readonly unknown[][]) {
  for (const events of polls) {
    nock(API)
      .replyContentLength()
      .get(EVENTS_PATH)
      .query(true)
      .reply(200, { events, start: 0, end: events.length, page: 0, page_size: 1000, uri: `${EVENTS_PATH}?PageSize=1000&Page=0`, first_page_uri: `${EVENTS_PATH}?PageSize=1000&Page=0`, next_page_uri: null, previous_page_uri: null });
  }
}

interface Run {
  code: number;
  out: string[];
  err: string[];
  questions: string[];
  sleeps: number[];
  written: { path: string; text: string }[];
}

async function reviewSpeech(argv: string[], options: { answer?: boolean; deps?: ReviewSpeechDeps } = {}): Promise<Run> {
  const run: Run = { code: -1, out: [], err: [], questions: [], sleeps: [], written: [] };
  run.code = await runReviewSpeechCli(
    argv,
    { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: REST_TOKEN, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL },
    { out: (line) => run.out.push(line), err: (line) => run.err.push(line) },
    {
      line: fixture,
      now: () => NOW,
      sleep: async (ms) => {
        run.sleeps.push(ms);
      },
      confirm: async (question) => {
        run.questions.push(question);
        return options.answer ?? true;
      },
      timing: { eventsWaitMs: 120_000 },
      writeFile: (path, text) => run.written.push({ path, text }),
      ...options.deps,
    },
  );
  return run;
}

function expectAllRequestsMade() {
  expect(nock.pendingMocks()).toEqual([]);
  expect(twilioRequests.unmatched()).toEqual([]);
}

describe('npm run review-speech', () => {
  const en = script(fixture, 'en');
  const total = en.sentences.length;
  const startUrl = `${PUBLIC_BASE_URL}/voice/review?lang=en&h=${en.fingerprint}`;

  it('When the operator agrees and the reviewer answers every sentence but the last, Then it calls from the hotline, waits for the end and for Twilio\'s record, and reports each sentence with its key, text and verdict, in the terminal and as Markdown (exit 1: not all right)', async () => {
    // The reviewer: right, wrong, again then right, silence twice, a wrong key then wrong, then right up to the last sentence, and hangs up.
    const keys = ['1', '2', '3', '1', undefined, undefined, '7', '2', ...Array<string>(total - 6).fill('1')];
    const steps = await walkReview(fixtureApp, startUrl, keys);
    expect(gatherOf(steps.at(-1)!.twiml)?.getAttribute('action')).toContain(`i=${total - 1}&`);
    const bodies = mockCreateCall();
    mockCallStatuses(['ringing', 'in-progress', 'completed']);
    // The first read finds only the call's creation; the second its steps too, in whatever order Twilio lists them.
    mockEventPolls([[CREATE_EVENT], [CREATE_EVENT, ...steps.map((s) => eventOf(s.path, s.digits)).reverse()]]);
    const dir = mkdtempSync(join(tmpdir(), 'review-speech-'));
    try {
      const run = await reviewSpeech(['--to', REVIEWER, '--lang', 'en', '--out', join(dir, 'review.md')], { deps: { writeFile: undefined } });

      expect(run.err).toEqual([]);
      expect(run.code).toBe(1);
      expect(bodies).toEqual([{ To: REVIEWER, From: HOTLINE, Url: startUrl }]);
      expect(run.questions).toEqual([`Call ${REVIEWER} from ${HOTLINE} now for the listening review in en (${total} sentences, each followed by a key: 1 right, 2 wrong, 3 again)? [y/N] `]);
      expect(run.sleeps).toEqual([5000, 5000, 5000, 15 * 60_000, 60_000]);
      const out = run.out.join('\n');
      // The reviewer's number is asked about, never printed or written.
      expect(out).not.toContain(REVIEWER);
      expect(run.out.slice(0, 6)).toEqual([
        `Calling the reviewer from ${HOTLINE} (call ${CALL_SID}).`,
        "  The reviewer hears each sentence on the line's voice, then presses 1 if it sounded right, 2 if wrong, 3 to hear it again.",
        '  Waiting for the call to end (at most 30 minutes)…',
        "  The reviewer's phone is ringing.",
        '  The call is answered.',
        '✓ The review call ended after 312 seconds.',
      ]);
      const report = run.out.slice(run.out.indexOf('') + 1);
      expect(report[0]).toBe(`Listening review in en on Polly.Amy-Neural (call ${CALL_SID}): ${total - 4} right, 2 wrong, 1 without an answer, 1 not heard.`);
      expect(report.slice(1, 11)).toEqual([
        '✓  1. right: opening.danger',
        '      Danger? Call 112.',
        '✗  2. WRONG: helplines.harbour.name',
        '      Harbour',
        '✓  3. right: helplines.beacon.name',
        '      Beacon',
        '?  4. no answer: numbers.lines.emergency',
        '      Emergency: 112.',
        '✗  5. WRONG: numbers.lines.harbour',
        '      Harbour, from Tuesday to Friday, from nine a.m. to three p.m.: +47 21 00 00 01.',
      ]);
      expect(report.at(-3)).toBe(`– ${total}. not heard (the call ended before it): textMessage.sent`);
      expect(report.at(-1)).toBe(`The report is written to ${join(dir, 'review.md')}: keep it with the deploy.`);

      const markdown = readFileSync(join(dir, 'review.md'), 'utf8');
      expect(markdown).not.toContain(REVIEWER);
      const lines = markdown.split('\n');
      expect(lines.slice(0, 6)).toEqual(['# Listening review: en', '', `- Call: ${CALL_SID}`, '- Voice: Polly.Amy-Neural', '- Report made: 2026-12-07T10:00:00Z', `- ${total} sentences: ${total - 4} right, 2 wrong, 1 without an answer, 1 not heard`]);
      const rows = lines.filter((l) => /^\| \d+ \|/.test(l)).map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '')));
      expect(rows).toHaveLength(total);
      expect(rows.slice(0, 5).map(([n, verdict, key]) => [n, verdict, key])).toEqual([
        ['1', 'right', '`opening.danger`'],
        ['2', 'WRONG', '`helplines.harbour.name`'],
        ['3', 'right', '`helplines.beacon.name`'],
        ['4', 'no answer', '`numbers.lines.emergency`'],
        ['5', 'WRONG', '`numbers.lines.harbour`'],
      ]);
      expect(rows.at(-1)).toEqual([String(total), 'not heard (the call ended before it)', '`textMessage.sent`', 'Text on its way.']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expectAllRequestsMade();
  });

  it('When --call gives an earlier review call, Then it only reads that call\'s record, at once, and an all-right review exits 0 with the report under its default name', async () => {
    const steps = await walkReview(fixtureApp, startUrl, Array<string>(total).fill('1'));
    mockEventPolls([[CREATE_EVENT, ...steps.map((s) => eventOf(s.path, s.digits))]]);

    const run = await reviewSpeech(['--call', CALL_SID]);

    expect(run.code).toBe(0);
    expect(run.questions).toEqual([]);
    expect(run.sleeps).toEqual([]);
    expect(run.out[1]).toBe(`Listening review in en on Polly.Amy-Neural (call ${CALL_SID}): ${total} right.`);
    expect(run.written.map((w) => w.path)).toEqual(['review-speech-en-2026-12-07T1000Z.md']);
    expect(run.written[0]!.text).toContain(`- ${total} sentences: ${total} right`);
    expectAllRequestsMade();
  });

  it('When the call played other sentences than this checkout has, Then the report says its rows may be misnamed', async () => {
    const steps = await walkReview(fixtureApp, startUrl, ['1']);
    mockEventPolls([steps.map((s) => eventOf(s.path.replace(en.fingerprint, '000000000000'), s.digits))]);
    const run = await reviewSpeech(['--call', CALL_SID]);
    expect(run.out).toContain('! The prompts or helplines here differ from those the call played, so a row may name another sentence than the one heard: run the review again from the deployed version.');
    expect(run.code).toBe(1);
  });

  it('When Twilio\'s record holds no step of a review (the deployed service is older), Then after the bounded wait it says so and how to fetch the report later (exit 1)', async () => {
    mockCreateCall();
    mockCallStatuses(['in-progress', 'completed']);
    mockEventPolls([[CREATE_EVENT, eventOf('/voice/menu?menu=main&lang=en', '1')], [CREATE_EVENT, eventOf('/voice/menu?menu=main&lang=en', '1')]]);
    const run = await reviewSpeech(['--to', REVIEWER, '--lang', 'en']);
    expect(run.code).toBe(1);
    expect(run.out.at(-1)).toBe(
      `✗ Twilio's record of call ${CALL_SID} holds no step of a listening review yet. It is readable about 15 minutes after the call ends: run npm run review-speech -- --call ${CALL_SID} again later. If it still holds none, the call did not reach the review at PUBLIC_BASE_URL: deploy this version there and review again.`,
    );
    expect(run.written).toEqual([]);
    expectAllRequestsMade();
  });

  it('When the operator says no, Then no call is placed and nothing is asked of Twilio', async () => {
    const run = await reviewSpeech(['--to', REVIEWER, '--lang', 'uk'], { answer: false });
    expect(run.code).toBe(1);
    expect(run.out).toEqual(['– No call was placed; run the command again (or add --yes) when the reviewer is ready to answer.']);
    expectAllRequestsMade();
  });

  it('When nobody answers the review call, Then it says so and reads nothing more', async () => {
    mockCreateCall();
    mockCallStatuses(['ringing', 'no-answer']);
    const run = await reviewSpeech(['--to', REVIEWER, '--lang', 'ru', '--yes']);
    expect(run.code).toBe(1);
    expect(run.questions).toEqual([]);
    expect(run.out.at(-1)).toBe('✗ Nobody answered the review call, so nothing was reviewed: run the command again when the reviewer is ready.');
    expectAllRequestsMade();
  });

  it.each([
    [['--lang', 'en'], "Give the reviewer's phone with --to, in international format such as +4790000000 (or --call with an earlier review call's SID)."],
    [['--to', REVIEWER], 'Give the language to review with --lang: one of uk, ru, en.'],
    [['--to', REVIEWER, '--lang', 'pl'], '--lang pl is not a language of the line: give one of uk, ru, en.'],
    [['--to', REVIEWER, '--call', CALL_SID], 'Give either --to, to call a reviewer, or --call, to fetch the report of an earlier call; not both.'],
    [['--call', 'CA123'], '--call takes the SID of the review call, "CA" and 32 letters and digits, as the command printed it.'],
    [['--to', HOTLINE, '--lang', 'en'], "--to is the hotline number itself: give the reviewer's phone, so the hotline can call it."],
  ])('When the command line is %j, Then it says what to give in one sentence and exits 2', async (argv, sentence) => {
    const run = await reviewSpeech(argv);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([sentence]);
    expectAllRequestsMade();
  });

  it('When the operator asks for --help, Then the usage says what the review plays and what the keys mean', async () => {
    const run = await reviewSpeech(['--help']);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^Usage: npm run review-speech -- --to <reviewer-phone> --lang/);
    expect(run.out[0]).toContain('1 if it sounded right, 2 if wrong, 3 to hear it again');
  });
});
