import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load-config.js';

describe('Configuration from the environment', () => {
  it('When running in production without TWILIO_AUTH_TOKEN, Then start-up stops with a sentence naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TWILIO_AUTH_TOKEN is not set/);
  });

  it('When developing without a token, Then the server listens on 127.0.0.1 only', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', authToken: undefined, port: 3000 });
  });

  it('When a token is set, Then the server listens on all interfaces and checks signatures', () => {
    expect(loadConfig({ TWILIO_AUTH_TOKEN: 'abc', PORT: '8080' })).toMatchObject({ host: '0.0.0.0', authToken: 'abc', port: 8080 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT is "eighty"/],
    [{ PORT: '70000' }, /PORT is "70000"/],
    [{ PUBLIC_BASE_URL: 'hotline.example.org' }, /PUBLIC_BASE_URL .*not a URL/],
    [{ PUBLIC_BASE_URL: 'https://hotline.example.org/voice' }, /PUBLIC_BASE_URL .*without a path/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ METRICS_PUBLIC: 'yes please' }, /METRICS_PUBLIC/],
    [{ LOG_HASH_KEY: 'short' }, /LOG_HASH_KEY is shorter than 16 characters/],
  ])('When %o, Then start-up stops and says which variable is wrong', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('When PUBLIC_BASE_URL is an origin, Then it is kept for signature checks', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://hotline.example.org' }).publicBaseUrl?.host).toBe('hotline.example.org');
  });
});
