import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import nock from 'nock';
import { callEndResult } from '../src/tools/operations/preflight.js';
import type { AlertRecord } from '../src/tools/operations/preflight-client.js';
import { checkHealth } from '../src/tools/operations/preflight-checks.js';
import { alertResult, explainAlert } from '../src/tools/operations/preflight-alerts.js';
import { runPreflightCli, type PreflightDeps } from '../src/tools/operations/preflight-cli.js';
import { interceptTwilio } from './support/twilio-nock.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'auth-token-that-must-never-be-printed';
const API_KEY = `SK${'5'.repeat(32)}`;
const API_SECRET = 'api-secret-that-must-never-be-printed';
const HOTLINE = '+4721000000';
const OPERATOR = '+4790000000';
const NUMBER_SID = `PN${'a'.repeat(32)}`;
const CALL_SID = `CA${'e'.repeat(32)}`;
const OTHER_CALL_SID = `CA${'f'.repeat(32)}`;
const NOW = new Date('2026-03-02T10:00:00Z');

const API = 'https://api.twilio.com';
const VOICE_API = 'https://voice.twilio.com';
const MONITOR_API = 'https://monitor.twilio.com';
const ACCOUNT_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}`;
const LIST_PATH = `${ACCOUNT_PATH}/IncomingPhoneNumbers.json`;
const CALLS_PATH = `${ACCOUNT_PATH}/Calls.json`;
const CALL_PATH = `${ACCOUNT_PATH}/Calls/${CALL_SID}.json`;
const NORWAY_PATH = '/v1/DialingPermissions/Countries/NO';

/*
 * The line's service is a real HTTP server on 127.0.0.1 answering /healthz; Twilio is nock.
 * The twilio client sends `Connection: keep-alive`; nock 15.0.0 then only ends a mocked response
 * that carries a Content-Length, hence replyContentLength() and static bodies. Requests are
 * inspected through the query and body matcher functions.
 */
let server: Server;
let base: string;
let healthStatus: number;
// nock reports the allowed requests to the local service too; only Twilio's count as unmatched.
const twilioRequests = interceptTwilio({ localServer: true });

beforeEach(async () => {
  healthStatus = 200;
  server = createServer((req, res) => {
    if (req.url === '/healthz') res.writeHead(healthStatus, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** An IncomingPhoneNumber as the Twilio API serialises it, pointing where configure-number points it. */
function numberResource(extra: Record<string, unknown> = {}) {
  return {
    sid: NUMBER_SID,
    account_sid: ACCOUNT_SID,
    phone_number: HOTLINE,
    friendly_name: 'Hotline Oslo',
    voice_url: `${base}/voice`,
    voice_method: 'POST',
    voice_fallback_url: `${base}/voice/fallback`,
    voice_fallback_method: 'POST',
    status_callback: `${base}/voice/status`,
    status_callback_method: 'POST',
    voice_application_sid: null,
    trunk_sid: null,
    uri: `${ACCOUNT_PATH}/IncomingPhoneNumbers/${NUMBER_SID}.json`,
    ...extra,
  };
}

function mockNumber(extra: Record<string, unknown> = {}, scope = nock(API)) {
  return scope
    .replyContentLength()
    .get(LIST_PATH)
    .query({ PhoneNumber: HOTLINE, PageSize: '20' })
    .reply(200, {
      incoming_phone_numbers: [numberResource(extra)],
      first_page_uri: `${LIST_PATH}?PageSize=20&Page=0`,
      next_page_uri: null,
      previous_page_uri: null,
      page: 0,
      page_size: 20,
      start: 0,
      end: 0,
      uri: `${LIST_PATH}?PageSize=20&Page=0`,
    });
}

function mockNorway(enabled: boolean) {
  return nock(VOICE_API)
    .replyContentLength()
    .get(NORWAY_PATH)
    .reply(200, {
      iso_code: 'NO',
      name: 'Norway',
      continent: 'EUROPE',
      country_codes: ['+47'],
      low_risk_numbers_enabled: enabled,
      high_risk_special_numbers_enabled: false,
      high_risk_tollfraud_numbers_enabled: false,
      url: `${VOICE_API}${NORWAY_PATH}`,
      links: {},
    });
}

function callResource(status: string, duration: string | null = null) {
  return {
    sid: CALL_SID,
    account_sid: ACCOUNT_SID,
    to: OPERATOR,
    from: HOTLINE,
    status,
    duration,
    direction: 'outbound-api',
    uri: `${ACCOUNT_PATH}/Calls/${CALL_SID}.json`,
  };
}

function mockCreateCall() {
  const bodies: Record<string, string>[] = [];
  const scope = nock(API)
    .replyContentLength()
    .post(CALLS_PATH, (body: Record<string, string>) => {
      bodies.push({ ...body });
      return true;
    })
    .reply(201, callResource('queued'));
  return { scope, bodies };
}

/** One GET of the call per status, in order: what the polling sees as the call goes on. */
function mockCallStatuses(statuses: readonly string[], duration = '94') {
  for (const status of statuses) {
    nock(API)
      .replyContentLength()
      .get(CALL_PATH)
      .reply(200, callResource(status, FINAL.has(status) ? duration : null));
  }
}
const FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

function alertResource(code: string, resourceSid: string, extra: Record<string, unknown> = {}) {
  return {
    account_sid: ACCOUNT_SID,
    alert_text: `Msg=Problem&ErrorCode=${code}&LogLevel=WARN`,
    api_version: '2010-04-01',
    date_created: '2026-03-02T10:01:07Z',
    date_generated: '2026-03-02T10:01:06Z',
    date_updated: '2026-03-02T10:01:07Z',
    error_code: code,
    log_level: 'warning',
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    request_method: 'POST',
    request_url: `${base}/voice/menu?m=topics`,
    resource_sid: resourceSid,
    service_sid: null,
    sid: `NO${code.padStart(32, '0')}`,
    url: `${MONITOR_API}/v1/Alerts/NO${code.padStart(32, '0')}`,
    ...extra,
  };
}

/** One GET of the alert list per page given, in order: what each poll for alerts sees. */
function mockAlertPolls(polls: readonly unknown[][]) {
  const queries: Record<string, string>[] = [];
  for (const alerts of polls) {
    nock(MONITOR_API)
      .replyContentLength()
      .get('/v1/Alerts')
      .query((query) => {
        queries.push({ ...(query as Record<string, string>) });
        return true;
      })
      .reply(200, {
        alerts,
        meta: {
          page: 0,
          page_size: 100,
          first_page_url: `${MONITOR_API}/v1/Alerts?PageSize=100&Page=0`,
          previous_page_url: null,
          next_page_url: null,
          url: `${MONITOR_API}/v1/Alerts?PageSize=100&Page=0`,
          key: 'alerts',
        },
      });
  }
  return queries;
}

interface Run {
  code: number;
  out: string[];
  err: string[];
  questions: string[];
  sleeps: number[];
}

/** Runs the command as an operator would, with the terminal question, the clock and the waits injected. */
async function preflight(argv: string[], options: { env?: Record<string, string | undefined>; answer?: boolean; deps?: PreflightDeps } = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const questions: string[] = [];
  const sleeps: number[] = [];
  const env = options.env ?? { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: base };
  const code = await runPreflightCli(
    argv,
    env,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    {
      allowLocal: true,
      now: () => NOW,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      confirm: async (question) => {
        questions.push(question);
        return options.answer ?? true;
      },
      timing: { alertPollMs: 15_000, alertWaitMs: 30_000 },
      ...options.deps,
    },
  );
  return { code, out, err, questions, sleeps };
}

/** Every phone number in the output is one of the two the operator gave; no secret appears. */
function expectNothingPrivate(run: Run) {
  const text = [...run.out, ...run.err].join('\n');
  for (const number of text.match(/\+\d{6,}/g) ?? []) expect([HOTLINE, OPERATOR]).toContain(number);
  expect(text).not.toContain(AUTH_TOKEN);
  expect(text).not.toContain(API_SECRET);
}

function expectAllRequestsMade() {
  expect(nock.pendingMocks()).toEqual([]);
  expect(twilioRequests.unmatched()).toEqual([]);
}

describe('npm run preflight', () => {
  it('When every check passes and Twilio saw nothing wrong on the call, Then it asks, calls the operator from the hotline, waits for the end and says the line is ready (exit 0)', async () => {
    mockNumber();
    mockNorway(true);
    const call = mockCreateCall();
    mockCallStatuses(['ringing', 'in-progress', 'in-progress', 'completed']);
    // The first poll only finds another call's alert, which is not ours; the second finds none.
    const alertQueries = mockAlertPolls([[alertResource('11200', OTHER_CALL_SID)], []]);

    const run = await preflight(['--to', OPERATOR]);

    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(call.bodies).toEqual([{ To: OPERATOR, From: HOTLINE, Url: `${base}/voice` }]);
    expect(run.questions).toHaveLength(1);
    expect(run.questions[0]).toContain(`from ${HOTLINE} to ${OPERATOR}`);
    expect(run.out).toEqual([
      `Pre-flight for ${HOTLINE} at ${base}`,
      `✓ ${HOTLINE} is in the account and points at the line: calls go to ${base}/voice, the fallback is ${base}/voice/fallback, status reports go to ${base}/voice/status.`,
      '✓ The account may call Norwegian numbers (Voice geographic permissions), so transfers to the helplines can go through.',
      `✓ ${base}/healthz answers 200 over http.`,
      `Calling ${OPERATOR} from ${HOTLINE} (call ${CALL_SID}).`,
      '  Answer your phone and try the line as a caller would: choose a language, listen to a topic, then ask to talk to someone.',
      '  The transfer rings a real helpline: hang up once it rings, or tell them this is a test of the line.',
      '  Waiting for the call to end (at most 20 minutes)…',
      '  Your phone is ringing.',
      '  The call is answered.',
      '✓ The test call ended after 94 seconds.',
      "  Waiting up to 30 seconds for Twilio's alerts about the call (they take a minute to appear)…",
      '✓ Twilio reported no error or warning for the test call.',
      '',
      'The line is ready: every check passed and Twilio saw no problem on the test call.',
    ]);
    // Four polls of the call, five seconds apart, then two polls for alerts from a minute before the call.
    expect(run.sleeps).toEqual([5000, 5000, 5000, 5000, 15_000, 15_000]);
    expect(alertQueries).toEqual([
      { StartDate: '2026-03-02T09:59:00Z', PageSize: '100' },
      { StartDate: '2026-03-02T09:59:00Z', PageSize: '100' },
    ]);
    expectNothingPrivate(run);
    expectAllRequestsMade();
  });

  it('When the number sends calls to another address, Then that check fails with the address and the command that fixes it, no call is placed, and it exits 1', async () => {
    mockNumber({ voice_url: 'https://demo.twilio.com/welcome/voice/' });
    mockNorway(true);

    const run = await preflight(['--to', OPERATOR]);

    expect(run.code).toBe(1);
    expect(run.out).toContain(`✗ ${HOTLINE} does not point at this line's addresses: run npm run configure-number -- ${HOTLINE} ${base} to set them.`);
    expect(run.out).toContain(`    Calls go to https://demo.twilio.com/welcome/voice/ (POST), not ${base}/voice (POST).`);
    // The other checks still ran and passed.
    expect(run.out.filter((line) => line.startsWith('✓'))).toHaveLength(2);
    expect(run.out).toContain('– The test call was not placed because a check above failed: fix it and run preflight again.');
    expect(run.out.at(-1)).toBe('The line is not ready: one problem is marked ✗ above; fix it and run npm run preflight again.');
    expect(run.questions).toEqual([]);
    expectNothingPrivate(run);
    expectAllRequestsMade();
  });

  it('When a static fallback is configured, Then the number must fall back to it with GET', async () => {
    const fallback = 'https://static.example.net/voice-fallback.xml';
    mockNumber({ voice_fallback_url: fallback, voice_fallback_method: 'GET' });
    mockNorway(true);

    const passing = await preflight(['--no-call', '--fallback-url', fallback]);

    expect(passing.code).toBe(0);
    expect(passing.out[1]).toContain(`the fallback is ${fallback} (GET)`);

    mockNumber({ voice_fallback_url: fallback, voice_fallback_method: 'POST' });
    mockNorway(true);

    const failing = await preflight(['--no-call'], {
      env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: base, VOICE_FALLBACK_URL: fallback },
    });

    expect(failing.code).toBe(1);
    expect(failing.out).toContain(`    The fallback is ${fallback} (POST), not ${fallback} (GET).`);
    expect(failing.out[1]).toContain(`--fallback-url ${fallback}`);
    expectAllRequestsMade();
  });

  it('When the account may not call Norway, Then that check fails saying where to turn it on, no call is placed, and it exits 1', async () => {
    mockNumber();
    mockNorway(false);

    const run = await preflight(['--to', OPERATOR, '--yes']);

    expect(run.code).toBe(1);
    expect(run.out).toContain(
      '✗ The account may not call Norwegian numbers, so every transfer to a helpline would fail: turn on Norway in the Twilio Console → Voice → Settings → Geo permissions, then run preflight again.',
    );
    expect(run.out).toContain('– The test call was not placed because a check above failed: fix it and run preflight again.');
    expectAllRequestsMade();
  });

  it('When /healthz does not answer 200, Then that check fails and it exits 1', async () => {
    healthStatus = 503;
    mockNumber();
    mockNorway(true);

    const run = await preflight(['--no-call']);

    expect(run.code).toBe(1);
    expect(run.out).toContain(`✗ ${base}/healthz answered 503 instead of 200: check that the service is running at PUBLIC_BASE_URL and look in its log.`);
    expectAllRequestsMade();
  });

  it('When Twilio reports 13520 and 12200 for the call, Then each is a ✗ line with its code and what to do, and it exits 1', async () => {
    mockNumber();
    mockNorway(true);
    const call = mockCreateCall();
    mockCallStatuses(['in-progress', 'completed']);
    mockAlertPolls([
      [],
      [
        alertResource('13520', CALL_SID, { request_url: `${base}/voice` }),
        alertResource('12200', CALL_SID, { log_level: 'warning', alert_text: `Msg=Document+parse+failure&url=${encodeURIComponent(`${base}/voice/menu?m=1`)}`, request_url: null }),
        alertResource('11200', OTHER_CALL_SID),
      ],
    ]);

    const run = await preflight(['--to', OPERATOR, '--yes']);

    expect(run.code).toBe(1);
    expect(run.questions).toEqual([]);
    expect(call.bodies).toEqual([{ To: OPERATOR, From: HOTLINE, Url: `${base}/voice` }]);
    const alertLines = run.out.filter((line) => line.startsWith('✗ Twilio alert'));
    expect(alertLines).toEqual([
      `✗ Twilio alert 13520 (warning) at 10:01:07 UTC on /voice: ${explainAlert({ errorCode: '13520' })}`,
      `✗ Twilio alert 12200 (warning) at 10:01:07 UTC on /voice/menu: ${explainAlert({ errorCode: '12200' })}`,
    ]);
    expect(alertLines[0]).toContain('SSML that voice rejects');
    expect(alertLines[1]).toContain('schema validation');
    expect(run.out).toContain('    More: https://www.twilio.com/docs/errors/13520');
    expect(run.out).not.toContain('✓ Twilio reported no error or warning for the test call.');
    expect(run.out.at(-1)).toBe('The line is not ready: 2 problems are marked ✗ above; fix them and run npm run preflight again.');
    // Stopped polling once the call's alerts appeared.
    expect(run.sleeps).toEqual([5000, 5000, 15_000, 15_000]);
    expectNothingPrivate(run);
    expectAllRequestsMade();
  });

  it('When the call has not ended within the bounded wait, Then that is a ✗, the alerts are still listed, and it exits 1', async () => {
    mockNumber();
    mockNorway(true);
    mockCreateCall();
    mockCallStatuses(['ringing', 'in-progress', 'in-progress']);
    mockAlertPolls([[]]);

    const run = await preflight(['--to', OPERATOR, '--yes'], {
      deps: { timing: { callPollMs: 1000, callWaitMs: 3000, alertPollMs: 1000, alertWaitMs: 1000 } },
    });

    expect(run.code).toBe(1);
    expect(run.sleeps).toEqual([1000, 1000, 1000, 1000]);
    expect(run.out).toContain(`✗ The test call had not ended after 3 seconds: hang up, and look for call ${CALL_SID} in the Twilio Console under Monitor → Logs → Calls.`);
    expect(run.out).toContain('✓ Twilio reported no error or warning for the test call.');
    expectAllRequestsMade();
  });

  it('When the operator answers no, Then no call is placed and the checks decide the exit code', async () => {
    mockNumber();
    mockNorway(true);

    const run = await preflight(['--to', OPERATOR], { answer: false });

    expect(run.code).toBe(0);
    expect(run.questions).toHaveLength(1);
    expect(run.out).toContain('– The test call was not placed; run preflight again (or add --yes) when you are ready to answer it.');
    expect(run.out.at(-1)).toBe('Every check passed; the line itself was not tried, because no test call was placed.');
    expectAllRequestsMade();
  });

  it('When --no-call is given, Then only the checks run, nothing is asked, and --to is not needed', async () => {
    mockNumber();
    mockNorway(true);

    const run = await preflight(['--no-call']);

    expect(run.code).toBe(0);
    expect(run.questions).toEqual([]);
    expect(run.out).toContain('– No test call (--no-call).');
    expectAllRequestsMade();
  });

  it('When Twilio refuses to place the call, Then its error is a ✗ line and it exits 1', async () => {
    mockNumber();
    mockNorway(true);
    nock(API)
      .replyContentLength()
      .post(CALLS_PATH)
      .reply(400, { code: 21219, message: `The number ${OPERATOR} is unverified. Trial accounts may only make calls to verified numbers.`, more_info: 'https://www.twilio.com/docs/errors/21219', status: 400 });

    const run = await preflight(['--to', OPERATOR, '--yes']);

    expect(run.code).toBe(1);
    const line = run.out.find((l) => l.startsWith('✗ Twilio refused to place the test call'));
    expect(line).toContain('21219');
    expect(line).toContain('https://www.twilio.com/docs/errors/21219');
    expectNothingPrivate(run);
    expectAllRequestsMade();
  });

  it('When an API key is given, Then the client signs in with it for the account and no secret is printed', async () => {
    const basic = `Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`;
    mockNumber({}, nock(API, { reqheaders: { authorization: basic } }));
    nock(VOICE_API, { reqheaders: { authorization: basic } })
      .replyContentLength()
      .get(NORWAY_PATH)
      .reply(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });

    const run = await preflight(['--no-call'], {
      env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: API_SECRET, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: base },
    });

    expect(run.code).toBe(1);
    const line = run.out.find((l) => l.includes('20003'));
    expect(line).toMatch(/^✗ Twilio refused to say whether the account may call Norway/);
    expect(line).toContain('TWILIO_API_KEY and TWILIO_API_SECRET');
    expect(run.out.join('\n')).not.toContain(basic.slice('Basic '.length));
    expectNothingPrivate(run);
    expectAllRequestsMade();
  });

  it.each([
    [['--no-call'], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: 'BASE' }, /TWILIO_AUTH_TOKEN is not set/],
    [['--no-call'], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: API_KEY, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: 'BASE' }, /TWILIO_API_SECRET is not set/],
    [[], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: 'BASE' }, /--to/],
    [['--no-call'], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: 'BASE' }, /HOTLINE_NUMBER/],
    [['--to', HOTLINE], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: 'BASE' }, /hotline number itself/],
    [['--no-call', '--url', 'http://localhost:3000'], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: HOTLINE }, /^--url: .*Twilio cannot reach/],
    [['--no-call', '--when'], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: 'BASE' }, /--when is not an option/],
  ])('When the settings are incomplete or wrong (%j), Then it exits 2 with a sentence and asks Twilio nothing', async (argv, env, message) => {
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === 'BASE' ? base : v]));

    const run = await preflight(argv, { env: resolved, deps: { allowLocal: argv.includes('--url') ? false : true } });

    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    // The sentence is the last thing printed (under the usage, when the command line was wrong).
    expect(run.err.at(-1)).toMatch(message);
    expectNothingPrivate(run);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When PUBLIC_BASE_URL is plain http outside tests, Then it is refused before anything is asked', async () => {
    const run = await preflight(['--no-call'], {
      env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: HOTLINE, PUBLIC_BASE_URL: 'http://hotline.example.org' },
      deps: { allowLocal: false },
    });

    expect(run.code).toBe(2);
    expect(run.err).toEqual(['PUBLIC_BASE_URL: "http://hotline.example.org" does not start with https://: Twilio must reach this service over https, so give its public https address, for example https://hotline.example.org.']);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the operator asks for --help, Then the usage is printed and nothing else happens', async () => {
    const run = await preflight(['--help'], { env: {} });

    expect(run.code).toBe(0);
    expect(run.out.join('\n')).toContain('Usage: npm run preflight -- --to <your-phone>');
    expect(run.err).toEqual([]);
  });
});

describe('what each alert means for the line', () => {
  it.each([
    ['12200', /schema validation.*SSML/],
    ['13513', /SSML that voice rejects/],
    ['13520', /SSML that voice rejects/],
    ['13521', /longer than its voice allows/],
    ['11205', /could not connect to the service/],
    ['11750', /larger than Twilio accepts/],
    ['15003', /call progress reports/],
    ['13227', /may not call that country.*Geo permissions/],
    ['13225', /does not let this account call that number/],
    ['13224', /cannot call or that is not valid/],
    ['99999', /error 99999, which this check does not explain/],
  ])('When Twilio reports %s, Then the sentence says what it means and what to do', (errorCode, sentence) => {
    expect(explainAlert({ errorCode })).toMatch(sentence);
  });

  it('When Twilio reports 11200 with HTTP 403, Then it names a signature mismatch and PUBLIC_BASE_URL', () => {
    const alert: AlertRecord = { errorCode: '11200', alertText: 'Msg=HTTP+error&httpResponse=403&url=https%3A%2F%2Fhotline.example.org%2Fvoice' };

    expect(explainAlert(alert)).toMatch(/refused Twilio's signature \(HTTP 403\).*PUBLIC_BASE_URL/);
    expect(alertResult(alert).line).toContain(' on /voice: ');
    expect(explainAlert({ errorCode: '11200', alertText: 'httpResponse=502' })).toMatch(/failed while answering Twilio \(HTTP 502\)/);
    expect(explainAlert({ errorCode: '11200' })).toMatch(/answered Twilio with an error/);
  });

  it('When an alert text carries request details, Then only the path is shown, never the query or the text', () => {
    const result = alertResult({ errorCode: '13224', alertText: 'Msg=Dial+to+%2B4722331160+failed', requestUrl: 'https://hotline.example.org/voice/dial-result?To=%2B4722331160' });

    expect(result.line).toContain(' on /voice/dial-result: ');
    expect(result.line).not.toContain('4722331160');
  });

  it.each([
    ['busy', /busy/],
    ['no-answer', /Nobody answered/],
    ['failed', /could not place the test call/],
    ['canceled', /canceled/],
  ])('When the call ends %s, Then the line was not tried and that is a ✗', (status, sentence) => {
    const result = callEndResult({ sid: CALL_SID, status }, 60_000, CALL_SID);

    expect(result.ok).toBe(false);
    expect(result.line).toMatch(sentence);
  });

  it('When the service address is http outside tests, Then the health check refuses it without a request', async () => {
    let asked = false;
    const result = await checkHealth('http://hotline.example.org', {
      timeoutMs: 1000,
      fetch: async () => {
        asked = true;
        return { status: 200 };
      },
    });

    expect(result.ok).toBe(false);
    expect(result.line).toMatch(/not an https address/);
    expect(asked).toBe(false);
  });

  it('When /healthz redirects or cannot be reached, Then the line says what to do', async () => {
    const redirect = await checkHealth('https://hotline.example.org', { timeoutMs: 1000, fetch: async () => ({ status: 301 }) });
    const unreachable = await checkHealth('https://hotline.example.org', {
      timeoutMs: 1000,
      fetch: async () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
      },
    });

    expect(redirect.line).toMatch(/answered 301, a redirect/);
    expect(unreachable.line).toMatch(/^Could not reach https:\/\/hotline\.example\.org\/healthz \(ENOTFOUND\)/);
  });
});
