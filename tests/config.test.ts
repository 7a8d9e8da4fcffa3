import { describe, expect, it } from 'vitest';
import { ConfigError, describeOpenings, loadConfig } from '../src/settings/load-config.js';
import { describeListening } from '../src/settings/start-lines.js';

const TOKEN = 'twilio-token-0123456789abcdef';
const API_SECRET = 'api-key-secret-0123456789abcdef';

describe('Configuration from the environment', () => {
  it('When SPEECH_INPUT is not set, Then spoken answers are off; when it is on, the confidence threshold is 0.5 unless SPEECH_MIN_CONFIDENCE says otherwise', () => {
    expect(loadConfig({}).speechInput).toBeUndefined();
    expect(loadConfig({ SPEECH_INPUT: 'off', SPEECH_MIN_CONFIDENCE: '0.7' }).speechInput).toBeUndefined();
    expect(loadConfig({ SPEECH_INPUT: 'on' }).speechInput).toEqual({ minConfidence: 0.5 });
    expect(loadConfig({ SPEECH_INPUT: ' ON ', SPEECH_MIN_CONFIDENCE: '0.35' }).speechInput).toEqual({ minConfidence: 0.35 });
    expect(loadConfig({ SPEECH_INPUT: 'true', SPEECH_MIN_CONFIDENCE: '0' }).speechInput).toEqual({ minConfidence: 0 });
  });

  it('When running in production without TWILIO_AUTH_TOKEN, Then start-up stops with a sentence naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TWILIO_AUTH_TOKEN is not set/);
  });

  it('When running in production with a token but without HOTLINE_NUMBER, Then start-up stops with a sentence naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: TOKEN })).toThrow(
      new ConfigError("HOTLINE_NUMBER is not set. In production a transfer must show helplines this line's own number, never the caller's; set it to the line's Twilio number in E.164 form, such as +4721000000."),
    );
    expect(loadConfig({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: TOKEN, HOTLINE_NUMBER: ' +4721000000 ' }).hotlineNumber).toBe('+4721000000');
  });

  it.each(['21000000', '+47 21 00 00 00', '004721000000', 'hotline'])('When HOTLINE_NUMBER is %j, Then start-up stops with one sentence saying what it must be', (number) => {
    expect(() => loadConfig({ HOTLINE_NUMBER: number })).toThrow(
      new ConfigError(`HOTLINE_NUMBER is "${number}", but it must be this line's own Twilio number in E.164 form (a + and the country code, no spaces, such as +4721000000).`),
    );
  });

  it('When developing without a token, Then the server listens on 127.0.0.1 only', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', authToken: undefined, port: 3000 });
  });

  it('When a token is set, Then the server listens on all interfaces and checks signatures', () => {
    expect(loadConfig({ TWILIO_AUTH_TOKEN: TOKEN, PORT: '8080' })).toMatchObject({ host: '0.0.0.0', authToken: TOKEN, port: 8080 });
  });

  it('When NODE_ENV=development, Then the server listens on 127.0.0.1 even with a token, unless HOST says otherwise; production keeps every interface', () => {
    expect(loadConfig({ NODE_ENV: 'development', TWILIO_AUTH_TOKEN: TOKEN }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development', TWILIO_AUTH_TOKEN: TOKEN, HOST: ' 0.0.0.0 ' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: TOKEN, HOTLINE_NUMBER: '+4721000000' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '' }).host).toBe('127.0.0.1');
  });

  it('When an on/off setting says yes or no, or PORT has spaces around it, Then they are read like every other setting', () => {
    expect(loadConfig({ SPEECH_INPUT: 'yes', PASS_CALLER_NUMBER: ' Yes ', TRUST_PROXY: 'NO', METRICS_PUBLIC: 'on', PORT: ' 4705 ' })).toMatchObject({
      speechInput: { minConfidence: 0.5 },
      passCallerNumber: true,
      trustProxy: false,
      metricsPublic: true,
      port: 4705,
    });
    expect(loadConfig({ SPEECH_INPUT: 'no', PORT: '' })).toMatchObject({ speechInput: undefined, port: 3000 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT is "eighty"/],
    [{ PORT: '70000' }, /PORT is "70000"/],
    [{ PUBLIC_BASE_URL: 'hotline.example.org' }, /PUBLIC_BASE_URL: .*not a web address/],
    [{ PUBLIC_BASE_URL: 'https://hotline.example.org/voice' }, /PUBLIC_BASE_URL: .*something after the host name/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ METRICS_PUBLIC: 'yes please' }, /METRICS_PUBLIC/],
    [{ LOG_HASH_KEY: 'short' }, /LOG_HASH_KEY is shorter than 16 characters/],
  ])('When %o, Then start-up stops and says which variable is wrong', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('When PUBLIC_BASE_URL is an https origin, or http on this computer, Then it is kept for signature checks', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://hotline.example.org/' }).publicBaseUrl?.href).toBe('https://hotline.example.org/');
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }).publicBaseUrl?.host).toBe('127.0.0.1:3000');
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://localhost:3000' }).publicBaseUrl?.host).toBe('localhost:3000');
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://[::1]:3000' }).publicBaseUrl?.host).toBe('[::1]:3000');
  });

  it.each<[string | undefined, boolean, boolean]>([
    [undefined, false, false],
    ['production', true, false],
    [' Production ', true, false],
    ['development', false, true],
    ['test', false, true],
  ])('When NODE_ENV is %j, Then production is %s and /try and /metrics are open without tokens only if %s', (mode, production, development) => {
    const config = loadConfig({ TWILIO_AUTH_TOKEN: TOKEN, HOTLINE_NUMBER: '+4721000000', ...(mode === undefined ? {} : { NODE_ENV: mode }) });
    expect({ production: config.production, development: config.development }).toEqual({ production, development });
  });

  it('When a setting that stops the start came from .env, Then the sentence names the file; a variable from the environment is not blamed on it', () => {
    const source = { envFile: '/srv/hotline/.env', fromFile: new Set(['NODE_ENV', 'PORT']) };
    expect(() => loadConfig({ NODE_ENV: 'production', PORT: '3000' }, source)).toThrow(
      new ConfigError('TWILIO_AUTH_TOKEN is not set. In production (NODE_ENV=production) every request must be checked against the Twilio auth token; set it to the token of the account that owns the number (NODE_ENV is set in /srv/hotline/.env).'),
    );
    expect(() => loadConfig({ PORT: 'eighty' }, { envFile: '/srv/hotline/.env', fromFile: new Set(['NODE_ENV']) })).toThrow(new ConfigError('PORT is "eighty", but it must be a whole number from 1 to 65535.'));
  });

  it('When .env also holds a name that is no pattern (A[B), Then a setting that stops the start is still the one sentence naming the file, not a crash', () => {
    const source = { envFile: '/srv/hotline/.env', fromFile: new Set(['A[B', 'A+', 'NODE_ENV']) };
    const start = () => loadConfig({ NODE_ENV: 'production', 'A[B': '1', 'A+': '1' }, source);
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(/^TWILIO_AUTH_TOKEN is not set\..* \(NODE_ENV is set in \/srv\/hotline\/\.env\)\.$/);
  });

  it('When HOST is ::1 or localhost without a token, Then the start lines say this computer only, not that other computers can reach it', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost', 'LocalHost']) {
      const config = loadConfig({ HOST: host });
      expect(describeOpenings(config)[0]).toBe(`TWILIO_AUTH_TOKEN is not set: development mode, signatures are NOT checked and the server listens on ${host} only.`);
      expect(describeListening(config, 3000)[0]).toMatch(/ \(this computer only\)\.$/);
    }
    const open = loadConfig({ HOST: '192.168.1.20' });
    expect(describeOpenings(open)[0]).toContain('HOST=192.168.1.20 lets other computers reach it');
    expect(describeListening(open, 3000)[0]).toBe('The hotline is listening on http://192.168.1.20:3000 (HOST).');
  });

  it('When LOG_LEVEL has spaces or capitals, or is empty, Then it is read like every other setting: trimmed, any case, empty as info', () => {
    expect(loadConfig({ LOG_LEVEL: ' Debug ' }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: '  ' }).logLevel).toBe('info');
    expect(loadConfig({}).logLevel).toBe('info');
  });

  it.each<[Record<string, string>, string]>([
    [{ SPEECH_INPUT: 'maybe' }, 'SPEECH_INPUT is "maybe", but it must be on or off (also yes or no, 1 or 0).'],
    [{ HOST: 'every interface' }, 'HOST is "every interface", but it must be an address of this computer to listen on, such as 127.0.0.1 (this computer only) or 0.0.0.0 (every interface).'],
    [{ SPEECH_INPUT: 'on', SPEECH_MIN_CONFIDENCE: '1.5' }, 'SPEECH_MIN_CONFIDENCE is "1.5", but it must be a number from 0 to 1, such as 0.5.'],
    [{ SPEECH_MIN_CONFIDENCE: 'high' }, 'SPEECH_MIN_CONFIDENCE is "high", but it must be a number from 0 to 1, such as 0.5.'],
    [{ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: '  ' }, 'TWILIO_AUTH_TOKEN is not set. In production (NODE_ENV=production) every request must be checked against the Twilio auth token; set it to the token of the account that owns the number.'],
    [{ PORT: 'eighty' }, 'PORT is "eighty", but it must be a whole number from 1 to 65535.'],
    [{ PORT: '0' }, 'PORT is "0", but it must be a whole number from 1 to 65535.'],
    [{ PUBLIC_BASE_URL: 'hotline.example.org' }, 'PUBLIC_BASE_URL: "hotline.example.org" is not a web address: give the public address of this service, for example https://hotline.example.org.'],
    [{ PUBLIC_BASE_URL: 'https://hotline.example.org/voice' }, 'PUBLIC_BASE_URL: "https://hotline.example.org/voice" has something after the host name: give only the base address (https://hotline.example.org); /voice, /voice/fallback and /voice/status are added to it.'],
    [{ PUBLIC_BASE_URL: 'ftp://hotline.example.org' }, 'PUBLIC_BASE_URL: "ftp://hotline.example.org" does not start with https://: Twilio must reach this service over https, so give its public https address, for example https://hotline.example.org.'],
    [{ PUBLIC_BASE_URL: 'http://hotline.example.org' }, 'PUBLIC_BASE_URL: "http://hotline.example.org" does not start with https://: Twilio must reach this service over https, so give its public https address, for example https://hotline.example.org.'],
    [{ PUBLIC_BASE_URL: 'https://192.168.1.20' }, 'PUBLIC_BASE_URL: "https://192.168.1.20" points at a private network address, which Twilio cannot reach from the internet: give the public https address of this service, for example https://hotline.example.org (to try the line from a laptop, open an https tunnel such as ngrok or cloudflared and give its address).'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV is "staging", but it must be production, development or test; when it is not set, /try and /metrics stay closed as in production.'],
    [{ METRICS_TOKEN: 'abc' }, 'METRICS_TOKEN is shorter than 16 characters; use a long random secret, such as the output of "openssl rand -hex 32".'],
    [{ TWILIO_AUTH_TOKEN: 'abc' }, 'TWILIO_AUTH_TOKEN is shorter than 16 characters; copy the Auth Token from the Twilio Console home page (32 characters).'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY is "maybe", but it must be true or false (also yes or no, 1 or 0).'],
    [{ PASS_CALLER_NUMBER: 'sometimes' }, 'PASS_CALLER_NUMBER is "sometimes", but it must be true or false (also yes or no, 1 or 0).'],
    [{ METRICS_PUBLIC: 'yes please' }, 'METRICS_PUBLIC is "yes please", but it must be true or false (also yes or no, 1 or 0).'],
    [{ LOG_HASH_KEY: 'short' }, 'LOG_HASH_KEY is shorter than 16 characters; use a long random secret, such as the output of "openssl rand -hex 32", the same on every instance.'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL is "loud", but it must be one of fatal, error, warn, info, debug, trace, silent.'],
    [{ TRY_TOKEN: 'short' }, 'TRY_TOKEN is shorter than 16 characters; use a long random secret, such as the output of "openssl rand -hex 32".'],
  ])('When %o, Then the one sentence is exactly what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  describe('Text messages with the numbers', () => {
    const SID = `AC${'0123456789abcdef'.repeat(2)}`;
    const KEY = `SK${'0123456789ABCDEF'.repeat(2)}`;
    const NEEDS = 'text messages need TWILIO_ACCOUNT_SID and SMS_FROM, with TWILIO_AUTH_TOKEN or with TWILIO_API_KEY and TWILIO_API_SECRET.';

    it.each<[Record<string, string>, string]>([
      [{ SMS_FROM: 'Info' }, `SMS_FROM is set, but TWILIO_ACCOUNT_SID is not; ${NEEDS}`],
      [{ SMS_FROM: 'Info', TWILIO_ACCOUNT_SID: SID }, `SMS_FROM is set, but neither TWILIO_AUTH_TOKEN nor TWILIO_API_KEY is; ${NEEDS}`],
      [{ TWILIO_API_KEY: KEY }, 'TWILIO_API_KEY is set, but TWILIO_API_SECRET is not; set both, or neither and use TWILIO_AUTH_TOKEN.'],
      [{ TWILIO_API_SECRET: API_SECRET }, 'TWILIO_API_SECRET is set, but TWILIO_API_KEY is not; set both, or neither and use TWILIO_AUTH_TOKEN.'],
      [{ TWILIO_ACCOUNT_SID: 'AC123' }, 'TWILIO_ACCOUNT_SID is "AC123", but it must be AC followed by 32 hexadecimal characters (the Account SID in the Twilio Console).'],
      [{ TWILIO_ACCOUNT_SID: `SK${'0'.repeat(32)}` }, `TWILIO_ACCOUNT_SID is "SK${'0'.repeat(32)}", but it must be AC followed by 32 hexadecimal characters (the Account SID in the Twilio Console).`],
      [{ TWILIO_API_KEY: 'key', TWILIO_API_SECRET: API_SECRET }, 'TWILIO_API_KEY is "key", but it must be SK followed by 32 hexadecimal characters (an API key\'s SID).'],
      ...['Info Norway!', 'Hjelpelinjen1', '12345', 'Инфо', '+47 21 00 00 00'].map((from): [Record<string, string>, string] => [
        { SMS_FROM: from, TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN },
        `SMS_FROM is "${from}", but it must be an alphanumeric sender ID (1 to 11 letters, digits or spaces, at least one letter, such as Info) or a Twilio number in E.164 form (such as +4721000000).`,
      ]),
    ])('When %o, Then start-up stops with one sentence saying what is wrong', (env, message) => {
      expect(() => loadConfig(env)).toThrow(new ConfigError(message));
    });

    it('When the account, the sender and the auth token are set, Then text messages are on and sign in with the account', () => {
      expect(loadConfig({ TWILIO_ACCOUNT_SID: ` ${SID} `, SMS_FROM: ' Info ', TWILIO_AUTH_TOKEN: TOKEN }).textMessages).toEqual({ accountSid: SID, from: 'Info', username: SID, password: TOKEN });
    });

    it('When an API key and its secret are set too, Then messages sign in with the key, and a Twilio number or a sender ID with spaces is a sender', () => {
      for (const from of ['+4721000000', 'Help Line 1', 'A']) {
        expect(loadConfig({ TWILIO_ACCOUNT_SID: SID, SMS_FROM: from, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_KEY: KEY, TWILIO_API_SECRET: API_SECRET }).textMessages).toEqual({ accountSid: SID, from, username: KEY, password: API_SECRET });
      }
    });

    it('When only the account SID is set (as for npm run configure-number), or nothing, Then text messages are off and start-up goes on', () => {
      expect(loadConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN }).textMessages).toBeUndefined();
      expect(loadConfig({ SMS_FROM: '' }).textMessages).toBeUndefined();
      expect(loadConfig({}).textMessages).toBeUndefined();
    });
  });

  describe('REDIS_URL: the daily text-message limits shared by every instance', () => {
    const HASH_KEY = 'shared-log-hash-key-0123456789';
    const NOT_REDIS =
      'REDIS_URL is not a redis:// or rediss:// URL with a host (its value is not repeated here, as it may hold a password); use one such as redis://127.0.0.1:6379 or rediss://:password@redis.example.net:6380.';

    it.each(['https://:secret-in-the-url@redis.example.net', 'redis.example.net:6379', 'redis://', 'secret-without-a-scheme'])('When REDIS_URL is %j, Then start-up stops with one sentence that does not repeat the value', (url) => {
      expect(() => loadConfig({ REDIS_URL: url, LOG_HASH_KEY: HASH_KEY })).toThrow(new ConfigError(NOT_REDIS));
    });

    it('When REDIS_URL is set without LOG_HASH_KEY, Then start-up stops: instances could not find one number under one key', () => {
      expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
        new ConfigError(
          'REDIS_URL is set, but LOG_HASH_KEY is not; instances share the text-message limits under a keyed hash of the number, so set LOG_HASH_KEY to the same long random secret on every instance (such as the output of "openssl rand -hex 32").',
        ),
      );
    });

    it('When REDIS_URL is a redis:// or rediss:// URL (with a password or not), Then it is kept; unset or empty, the limits stay in memory', () => {
      expect(loadConfig({ REDIS_URL: ' rediss://:p%40ss@redis.example.net:6380 ', LOG_HASH_KEY: HASH_KEY }).redisUrl).toMatchObject({ protocol: 'rediss:', hostname: 'redis.example.net', port: '6380', password: 'p%40ss' });
      expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1', LOG_HASH_KEY: HASH_KEY }).redisUrl?.host).toBe('127.0.0.1');
      expect(loadConfig({ REDIS_URL: '' }).redisUrl).toBeUndefined();
      expect(loadConfig({}).redisUrl).toBeUndefined();
    });
  });

  it('When TRY_TOKEN is set, Then the try page asks for it (trimmed); when empty, it is not set', () => {
    expect(loadConfig({ TRY_TOKEN: ' 0123456789abcdef ' }).tryToken).toBe('0123456789abcdef');
    expect(loadConfig({ TRY_TOKEN: '' }).tryToken).toBeUndefined();
  });

  it('When flags and secrets are written loosely, Then they are read as before: trimmed, any case, empty as not set', () => {
    expect(loadConfig({ TRUST_PROXY: ' TRUE ', PASS_CALLER_NUMBER: '1', METRICS_PUBLIC: '', METRICS_TOKEN: ' ', LOG_HASH_KEY: ' 0123456789abcdef ' })).toEqual({
      port: 3000, host: '127.0.0.1', production: false, development: false, mode: undefined, authToken: undefined, publicBaseUrl: undefined, trustProxy: true, logLevel: 'info',
      passCallerNumber: true, metricsToken: undefined, metricsPublic: false, logHashKey: '0123456789abcdef',
    });
  });
});
