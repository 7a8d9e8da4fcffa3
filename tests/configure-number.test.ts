import { describe, it, expect } from 'vitest';
import nock from 'nock';
import twilio from 'twilio';
import {
  configureNumber,
  numberSettingsFor,
} from '../src/tools/operations/configure-number.js';
import { ConfigureError } from '../src/tools/operations/configure-error.js';
import { normalizePhoneNumber, normalizePublicBaseUrl } from '../src/tools/operations/public-address.js';
import { runConfigureNumber } from '../src/tools/operations/configure-number-cli.js';
import { interceptTwilio } from './support/twilio-nock.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'auth-token-that-must-never-be-printed';
const NUMBER_SID = `PN${'a'.repeat(32)}`;
const NEAR_MISS_SID = `PN${'b'.repeat(32)}`;
const API = 'https://api.twilio.com';
const LIST_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`;
const numberPath = (sid: string) => `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${sid}.json`;
const BASE = 'https://public.example';

/** An IncomingPhoneNumber as the Twilio API serialises it (snake_case). */
function numberResource(phoneNumber: string, sid: string, extra: Record<string, unknown> = {}) {
  return {
    sid,
    account_sid: ACCOUNT_SID,
    phone_number: phoneNumber,
    friendly_name: 'Hotline Oslo',
    voice_url: 'https://demo.twilio.com/welcome/voice/',
    voice_method: 'POST',
    voice_fallback_url: '',
    voice_fallback_method: 'POST',
    status_callback: '',
    status_callback_method: 'POST',
    voice_application_sid: null,
    trunk_sid: null,
    uri: numberPath(sid),
    ...extra,
  };
}

function listPage(numbers: unknown[]) {
  return {
    incoming_phone_numbers: numbers,
    first_page_uri: `${LIST_PATH}?PageSize=20&Page=0`,
    next_page_uri: null,
    previous_page_uri: null,
    page: 0,
    page_size: 20,
    start: 0,
    end: Math.max(numbers.length - 1, 0),
    uri: `${LIST_PATH}?PageSize=20&Page=0`,
  };
}

/*
 * The twilio client sends `Connection: keep-alive`; nock 15.0.0 then only ends a mocked response
 * that carries a Content-Length, hence replyContentLength() and static bodies (reply functions get none).
 * Requests are inspected through the query and body matcher functions instead.
 */
function mockList(numbers: unknown[], status = 200, body: unknown = listPage(numbers)) {
  const queries: Record<string, string>[] = [];
  const scope = nock(API)
    .replyContentLength()
    .get(LIST_PATH)
    .query((query) => {
      queries.push({ ...(query as Record<string, string>) });
      return true;
    })
    .reply(status, body as nock.Body);
  return { scope, queries };
}

function mockUpdate(sid: string, phoneNumber: string) {
  const bodies: Record<string, string>[] = [];
  const scope = nock(API)
    .replyContentLength()
    .post(numberPath(sid), (body: Record<string, string>) => {
      bodies.push({ ...body });
      return true;
    })
    .reply(
      200,
      numberResource(phoneNumber, sid, {
        voice_url: `${BASE}/voice`,
        voice_fallback_url: `${BASE}/voice/fallback`,
        status_callback: `${BASE}/voice/status`,
      }),
    );
  return { scope, bodies };
}

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

const ENV = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
const twilioRequests = interceptTwilio();

const client = () => twilio(ACCOUNT_SID, AUTH_TOKEN);

async function configureError(promise: Promise<unknown>): Promise<ConfigureError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigureError);
  return error as ConfigureError;
}

describe('configureNumber', () => {
  it('When the number is in the account, Then its voice, fallback and status URLs point at the service', async () => {
    const list = mockList([numberResource('+4721000000', NUMBER_SID)]);
    const update = mockUpdate(NUMBER_SID, '+4721000000');

    const result = await configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl: BASE });

    expect(list.queries).toEqual([{ PhoneNumber: '+4721000000', PageSize: '20' }]);
    expect(update.bodies).toEqual([
      {
        VoiceUrl: `${BASE}/voice`,
        VoiceMethod: 'POST',
        VoiceFallbackUrl: `${BASE}/voice/fallback`,
        VoiceFallbackMethod: 'POST',
        StatusCallback: `${BASE}/voice/status`,
        StatusCallbackMethod: 'POST',
      },
    ]);
    expect(result).toEqual({
      sid: NUMBER_SID,
      phoneNumber: '+4721000000',
      friendlyName: 'Hotline Oslo',
      voiceUrl: `${BASE}/voice`,
      voiceFallbackUrl: `${BASE}/voice/fallback`,
      voiceFallbackMethod: 'POST',
      statusCallback: `${BASE}/voice/status`,
      previous: { voiceUrl: 'https://demo.twilio.com/welcome/voice/', voiceFallbackUrl: undefined, statusCallback: undefined },
    });
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the fuzzy search returns several numbers, Then only the exact one is updated', async () => {
    mockList([numberResource('+47210000001', NEAR_MISS_SID), numberResource('+4721000000', NUMBER_SID)]);
    const update = mockUpdate(NUMBER_SID, '+4721000000');

    const result = await configureNumber({ client: client(), phoneNumber: '+47 21 00 00 00', publicBaseUrl: `${BASE}/` });

    expect(result.sid).toBe(NUMBER_SID);
    expect(update.bodies).toHaveLength(1);
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the account has no such number, Then the operator is told which number and account to check', async () => {
    mockList([]);

    const error = await configureError(configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl: BASE }));

    expect(error.reason).toBe('number-not-found');
    expect(error.message).toContain('+4721000000');
    expect(error.message).toContain(ACCOUNT_SID);
    expect(error.message).toMatch(/not in the Twilio account/);
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the fuzzy search only returns a near-miss number, Then it is not matched and nothing is updated', async () => {
    const list = mockList([numberResource('+4721000001', NEAR_MISS_SID)]);
    const update = mockUpdate(NEAR_MISS_SID, '+4721000001');

    const error = await configureError(configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl: BASE }));

    expect(error.reason).toBe('number-not-found');
    expect(list.scope.isDone()).toBe(true);
    expect(update.scope.isDone()).toBe(false);
    expect(update.bodies).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the number is handled by a TwiML App, Then it is refused with how to detach the app', async () => {
    const appSid = `AP${'c'.repeat(32)}`;
    mockList([numberResource('+4721000000', NUMBER_SID, { voice_application_sid: appSid })]);

    const error = await configureError(configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl: BASE }));

    expect(error.reason).toBe('voice-application');
    expect(error.message).toContain('TwiML App');
    expect(error.message).toContain(appSid);
    expect(error.message).toContain('Active numbers');
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the number is attached to an Elastic SIP Trunk, Then it is refused with how to detach the trunk', async () => {
    const trunkSid = `TK${'d'.repeat(32)}`;
    mockList([numberResource('+4721000000', NUMBER_SID, { trunk_sid: trunkSid })]);

    const error = await configureError(configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl: BASE }));

    expect(error.reason).toBe('sip-trunk');
    expect(error.message).toContain('Elastic SIP Trunk');
    expect(error.message).toContain(trunkSid);
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When Twilio refuses the update, Then its error code and message are in the sentence', async () => {
    mockList([numberResource('+4721000000', NUMBER_SID)]);
    nock(API)
      .replyContentLength()
      .post(numberPath(NUMBER_SID))
      .reply(400, { code: 21402, message: 'VoiceUrl is not valid', more_info: 'https://www.twilio.com/docs/errors/21402', status: 400 });

    const error = await configureError(configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl: BASE }));

    expect(error.reason).toBe('twilio-error');
    expect(error.message).toContain('21402');
    expect(error.message).toContain('VoiceUrl is not valid');
    expect(error.message).toContain('https://www.twilio.com/docs/errors/21402');
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it.each([
    ['21000000', 'without a country code'],
    ['+47 21 00 00 0x', 'with a letter'],
    ['+0721000000', 'with a leading zero'],
    ['+47210', 'too short'],
    ['', 'empty'],
  ])('When the phone number is %j (%s), Then Twilio is not asked', async (phoneNumber) => {
    const error = await configureError(configureNumber({ client: client(), phoneNumber, publicBaseUrl: BASE }));

    expect(error.reason).toBe('invalid-phone-number');
    expect(error.message).toContain('+4721000000');
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it.each([
    ['http://public.example', /https/],
    ['https://public.example/voice', /only the base address/],
    ['https://public.example?x=1', /only the base address/],
    ['https://user:secret@public.example', /user name or password/],
    ['public.example', /not a web address/],
    ['ftp://public.example', /https/],
  ])('When the public address is %j, Then Twilio is not asked', async (publicBaseUrl, message) => {
    const error = await configureError(configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl }));

    expect(error.reason).toBe('invalid-url');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('secret');
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the address is written loosely, Then it is reduced to its origin', () => {
    expect(normalizePublicBaseUrl(' https://Public.Example:443/ ')).toBe('https://public.example');
    expect(normalizePublicBaseUrl('https://172.32.0.1')).toBe('https://172.32.0.1');
    expect(normalizePublicBaseUrl('https://hotline.localhost.example.org')).toBe('https://hotline.localhost.example.org');
    expect(normalizePhoneNumber(' +47 210 00 000 ')).toBe('+4721000000');
  });

  it.each([
    ['http://localhost:3000', /this computer \(localhost\)/],
    ['https://localhost', /localhost/],
    ['https://app.localhost.', /localhost/],
    ['https://127.0.0.1:8443', /loopback/],
    ['https://0x7f000001', /loopback/],
    ['https://10.1.2.3', /private network/],
    ['https://172.16.0.1', /private network/],
    ['https://172.31.255.254', /private network/],
    ['https://192.168.1.5', /private network/],
    ['https://169.254.169.254', /link-local/],
    ['https://0.0.0.0', /this network/],
    ['https://[::1]', /loopback/],
    ['https://[fd12:3456::1]', /fc00::\/7/],
    ['https://[fe80::1]', /link-local/],
    ['https://[::ffff:192.168.0.1]', /private network/],
    ['https://hotline.local', /\.local/],
  ])('When the public address is %j, Then it is refused in one sentence saying Twilio cannot reach it', async (publicBaseUrl, why) => {
    const list = mockList([numberResource('+4721000000', NUMBER_SID)]);

    const error = await configureError(configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl }));

    expect(error.reason).toBe('invalid-url');
    expect(error.message).toMatch(why);
    expect(error.message).toContain('which Twilio cannot reach from the internet');
    // One sentence: a single full stop, at the end (the dots inside addresses are not followed by a space).
    expect(error.message).toMatch(/\.$/);
    expect(error.message).not.toMatch(/\.\s/);
    expect(list.queries).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When a static fallback is given, Then the number falls back to it with GET and the other addresses stay on the service', async () => {
    mockList([numberResource('+4721000000', NUMBER_SID)]);
    const update = mockUpdate(NUMBER_SID, '+4721000000');

    const result = await configureNumber({
      client: client(),
      phoneNumber: '+4721000000',
      publicBaseUrl: BASE,
      fallbackUrl: 'https://static.example.net/hotline/voice-fallback.xml',
    });

    expect(update.bodies).toEqual([
      {
        VoiceUrl: `${BASE}/voice`,
        VoiceMethod: 'POST',
        VoiceFallbackUrl: 'https://static.example.net/hotline/voice-fallback.xml',
        VoiceFallbackMethod: 'GET',
        StatusCallback: `${BASE}/voice/status`,
        StatusCallbackMethod: 'POST',
      },
    ]);
    expect(result.voiceFallbackUrl).toBe('https://static.example.net/hotline/voice-fallback.xml');
    expect(result.voiceFallbackMethod).toBe('GET');
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it.each([
    [`${BASE}/static/voice-fallback.xml`, /same host as the service/],
    ['http://static.example.net/voice-fallback.xml', /https/],
    ['https://localhost/voice-fallback.xml', /cannot reach/],
    ['static.example.net/voice-fallback.xml', /not a web address/],
  ])('When the static fallback is %j, Then it is refused before Twilio is asked', async (fallbackUrl, message) => {
    const list = mockList([numberResource('+4721000000', NUMBER_SID)]);

    const error = await configureError(configureNumber({ client: client(), phoneNumber: '+4721000000', publicBaseUrl: BASE, fallbackUrl }));

    expect(error.reason).toBe('invalid-fallback-url');
    expect(error.message).toMatch(message);
    expect(list.queries).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When settings are built for a base, Then they are the three paths with POST, or GET for a static fallback', () => {
    expect(numberSettingsFor(BASE)).toEqual({
      voiceUrl: `${BASE}/voice`,
      voiceMethod: 'POST',
      voiceFallbackUrl: `${BASE}/voice/fallback`,
      voiceFallbackMethod: 'POST',
      statusCallback: `${BASE}/voice/status`,
      statusCallbackMethod: 'POST',
    });
    expect(numberSettingsFor(BASE, 'https://static.example.net/f.xml')).toMatchObject({ voiceFallbackUrl: 'https://static.example.net/f.xml', voiceFallbackMethod: 'GET' });
  });
});

describe('runConfigureNumber', () => {
  it('When the operator types the number with spaces, Then the number is configured and the result is described', async () => {
    mockList([numberResource('+4721000000', NUMBER_SID)]);
    const update = mockUpdate(NUMBER_SID, '+4721000000');
    const { out, err, io } = captureIo();

    const code = await runConfigureNumber(['+47', '21', '00', '00', '00', BASE], ENV, io);

    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(update.bodies[0]?.VoiceUrl).toBe(`${BASE}/voice`);
    expect(out.join('\n')).toContain(`+4721000000 ("Hotline Oslo") now calls ${BASE}/voice`);
    expect(out.join('\n')).toContain(`${BASE}/voice/fallback`);
    expect(out.join('\n')).toContain(`${BASE}/voice/status`);
    expect(out.join('\n')).toContain('Before this change it called https://demo.twilio.com/welcome/voice/');
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it.each([
    ['both', {}, ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']],
    ['the account SID', { TWILIO_AUTH_TOKEN: AUTH_TOKEN }, ['TWILIO_ACCOUNT_SID']],
    ['the auth token (blank)', { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: '  ' }, ['TWILIO_AUTH_TOKEN']],
  ])('When the credentials lack %s, Then it exits 2 naming them and makes no request', async (_case, env, names) => {
    const list = mockList([numberResource('+4721000000', NUMBER_SID)]);
    const { out, err, io } = captureIo();

    const code = await runConfigureNumber(['+4721000000', BASE], env, io);

    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    for (const name of names) expect(err[0]).toContain(name);
    if (names.length === 1) expect(err[0]).not.toContain(names[0] === 'TWILIO_AUTH_TOKEN' ? 'TWILIO_ACCOUNT_SID' : 'TWILIO_AUTH_TOKEN');
    expect(list.scope.isDone()).toBe(false);
    expect(list.queries).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When TWILIO_AUTH_TOKEN is shorter than 16 characters (the one rule for secrets), Then it exits 2 before asking Twilio', async () => {
    const { err, io } = captureIo();

    const code = await runConfigureNumber(['+4721000000', BASE], { ...ENV, TWILIO_AUTH_TOKEN: ' abc ' }, io);

    expect(code).toBe(2);
    expect(err).toEqual(['TWILIO_AUTH_TOKEN is shorter than 16 characters: copy it again from the Twilio Console (it has 32), in the environment or in .env, then run the command again.']);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When TWILIO_ACCOUNT_SID is not an Account SID, Then it exits 2 before asking Twilio', async () => {
    const { err, io } = captureIo();

    const code = await runConfigureNumber(['+4721000000', BASE], { ...ENV, TWILIO_ACCOUNT_SID: `SK${'1'.repeat(32)}` }, io);

    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/API key/);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When Twilio does not accept the credentials, Then it exits 1 with code 20003 and never prints the token', async () => {
    mockList([], 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    const { out, err, io } = captureIo();

    const code = await runConfigureNumber(['+4721000000', BASE], ENV, io);

    expect(code).toBe(1);
    expect(out).toEqual([]);
    const message = err.join('\n');
    expect(message).toContain('20003');
    expect(message).toContain('Authenticate');
    expect(message).toContain('TWILIO_AUTH_TOKEN');
    expect(message).not.toContain(AUTH_TOKEN);
    expect(message).not.toContain(Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64'));
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it.each([
    [['+4721000000', 'http://public.example'], /https/],
    [['0047 21000000', BASE], /international format/],
  ])('When the arguments are %j, Then it exits 1 with a sentence and makes no request', async (argv, message) => {
    const { out, err, io } = captureIo();

    const code = await runConfigureNumber(argv, ENV, io);

    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it.each([['http://localhost:3000'], ['https://192.168.1.5']])(
    'When the line address is %j, Then it exits 1 with one sentence on why and makes no REST request',
    async (address) => {
      const list = mockList([numberResource('+4721000000', NUMBER_SID)]);
      const { out, err, io } = captureIo();

      const code = await runConfigureNumber(['+4721000000', address], ENV, io);

      expect(code).toBe(1);
      expect(out).toEqual([]);
      expect(err).toHaveLength(1);
      expect(err[0]).toContain(`"${address}" points at`);
      expect(err[0]).toContain('which Twilio cannot reach from the internet');
      expect(err[0]).toMatch(/\.$/);
      expect(list.scope.isDone()).toBe(false);
      expect(list.queries).toEqual([]);
      expect(twilioRequests.unmatched()).toEqual([]);
    },
  );

  it.each([
    [['+4721000000', BASE, '--fallback-url', 'https://static.example.net/voice-fallback.xml']],
    [['--fallback-url=https://static.example.net/voice-fallback.xml', '+47', '21000000', BASE]],
  ])('When the operator gives a static fallback (%j), Then the REST request sets it with method GET and the output says so', async (argv) => {
    mockList([numberResource('+4721000000', NUMBER_SID)]);
    const update = mockUpdate(NUMBER_SID, '+4721000000');
    const { out, err, io } = captureIo();

    const code = await runConfigureNumber(argv, ENV, io);

    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(update.bodies).toHaveLength(1);
    expect(update.bodies[0]).toMatchObject({
      VoiceUrl: `${BASE}/voice`,
      VoiceFallbackUrl: 'https://static.example.net/voice-fallback.xml',
      VoiceFallbackMethod: 'GET',
      StatusCallback: `${BASE}/voice/status`,
    });
    expect(out.join('\n')).toContain('Twilio fetches the static fallback https://static.example.net/voice-fallback.xml (GET)');
    expect(nock.pendingMocks()).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it.each([
    [['+4721000000', BASE, '--fallback-url'], /after --fallback-url/],
    [['+4721000000', BASE, '--fallback'], /--fallback is not an option/],
    [['+4721000000', BASE, '--fallback-url=https://a.example.net/f.xml', '--fallback-url', 'https://b.example.net/f.xml'], /only once/],
  ])('When the options are wrong (%j), Then it exits 2 with the usage and makes no request', async (argv, message) => {
    const list = mockList([numberResource('+4721000000', NUMBER_SID)]);
    const { out, err, io } = captureIo();

    const code = await runConfigureNumber(argv, ENV, io);

    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.at(-1)).toMatch(message);
    expect(err.join('\n')).toContain('Usage: npm run configure-number');
    expect(list.queries).toEqual([]);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it.each([[[]], [['+4721000000']]])('When arguments are missing (%j), Then it shows the usage and exits 2', async (argv) => {
    const { out, err, io } = captureIo();

    const code = await runConfigureNumber(argv, ENV, io);

    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('Usage: npm run configure-number -- <phone-number> <public-base-url> [--fallback-url <url>]');
  });

  it('When the operator asks for --help, Then the usage is printed and nothing else happens', async () => {
    const { out, err, io } = captureIo();

    const code = await runConfigureNumber(['--help'], {}, io);

    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out.join('\n')).toContain('TWILIO_ACCOUNT_SID');
  });
});
