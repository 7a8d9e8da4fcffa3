import request from 'supertest';
import twilio from 'twilio';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { parseTwiml } from './support/twiml.js';
import { AUTH_TOKEN, hotline, PUBLIC_BASE_URL, signedPost } from './support/test-line.js';

const params = { CallSid: 'CA1', From: '+380501234567', To: '+4721000000' };

function appWith(config: { authToken?: string; publicBaseUrl?: string; trustProxy?: boolean }) {
  return createApp({
    config: {
      authToken: config.authToken,
      publicBaseUrl: config.publicBaseUrl ? new URL(config.publicBaseUrl) : undefined,
      trustProxy: config.trustProxy ?? false,
    },
    hotline: hotline(),
    logger: pino({ level: 'silent' }),
    clock: () => new Date('2026-12-07T10:00:00Z'),
  });
}

const app = appWith({ authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL });

describe('Every /voice request must be signed by Twilio', () => {
  it('When the request is signed for the public URL, Then it is answered with TwiML', async () => {
    const res = await signedPost(app, '/voice', params);
    expect(res.status).toBe(200);
    expect(parseTwiml(res.text).verbs[0]?.tagName).toBe('Gather');
  });

  // /voice/fallback is the one exception: it helps whoever reaches it (see misconfiguration.test.ts).
  it.each(['/voice', '/voice/menu?menu=main&lang=en', '/voice/dial-result?lang=en&line=rosa', '/voice/status'])(
    'When %s gets a wrong signature, Then it answers 403 without TwiML',
    async (path) => {
      const res = await request(app).post(path).type('form').set('X-Twilio-Signature', 'bm90IGEgc2lnbmF0dXJl').send(params);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('<Response');
    },
  );

  // A path this version does not know (an old action URL after a deploy) gets the nearest menu, but
  // only when Twilio signed the request: a forged one must learn nothing, not even that the path is unknown.
  it.each(['/voice/old-menu', '/voice/menu/extra?menu=main&lang=en', '/voice/a/b/c?menu=helplines&lang=uk&tried=caritas'])(
    'When the unknown voice path %s gets a forged, a missing or a valid signature, Then only the signed request is answered with TwiML',
    async (path) => {
      const forged = await request(app).post(path).type('form').set('X-Twilio-Signature', 'bm90IGEgc2lnbmF0dXJl').send(params);
      const unsigned = await request(app).post(path).type('form').send(params);
      const signed = await signedPost(app, path, params);
      expect(forged.status).toBe(403);
      expect([400, 403]).toContain(unsigned.status);
      for (const refused of [forged, unsigned]) expect(refused.text).not.toContain('<Response');
      expect(signed.status).toBe(200);
      expect(parseTwiml(signed.text).verbs[0]?.tagName).toBe('Gather');
    },
  );

  it('When the signature is missing, Then the request is refused without TwiML', async () => {
    const res = await request(app).post('/voice').type('form').send(params);
    expect([400, 403]).toContain(res.status);
    expect(res.text).not.toContain('<Response');
  });

  it('When the request was signed for another URL, another body or with another token, Then it is refused', async () => {
    const sign = (url: string, body: Record<string, string>, token = AUTH_TOKEN) => twilio.getExpectedTwilioSignature(token, url, body);
    const otherUrl = await request(app).post('/voice').type('form').set('X-Twilio-Signature', sign('https://evil.example/voice', params)).send(params);
    const otherBody = await request(app).post('/voice').type('form').set('X-Twilio-Signature', sign(`${PUBLIC_BASE_URL}/voice`, { ...params, From: '+4790000000' })).send(params);
    const otherToken = await request(app).post('/voice').type('form').set('X-Twilio-Signature', sign(`${PUBLIC_BASE_URL}/voice`, params, 'another-token')).send(params);
    const otherQuery = await request(app).post('/voice/menu?menu=main&lang=en').type('form').set('X-Twilio-Signature', sign(`${PUBLIC_BASE_URL}/voice/menu?menu=main&lang=ru`, params)).send(params);
    expect([otherUrl.status, otherBody.status, otherToken.status, otherQuery.status]).toEqual([403, 403, 403, 403]);
  });

  it('When PUBLIC_BASE_URL is not set, Then the signature is checked against the URL the request arrived at', async () => {
    const local = appWith({ authToken: AUTH_TOKEN });
    const server = request(local);
    const signatureFor = (url: string) => twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    // supertest sends Host: 127.0.0.1:<port>; sign for a different host to prove it is compared.
    const wrongHost = await server.post('/voice').type('form').set('Host', 'hotline.test').set('X-Twilio-Signature', signatureFor('http://elsewhere.test/voice')).send(params);
    const rightHost = await server.post('/voice').type('form').set('Host', 'hotline.test').set('X-Twilio-Signature', signatureFor('http://hotline.test/voice')).send(params);
    expect(wrongHost.status).toBe(403);
    expect(rightHost.status).toBe(200);
  });

  it('When a request claims a SharedKey signature this line does not use, Then it is refused, not an error', async () => {
    const res = await request(app).post('/voice').type('form').set('X-Twilio-Signature', 'x').set('X-Twilio-Webhooks-Signature-Settings', 'HMAC-SHA256').send(params);
    expect(res.status).toBe(403);
  });

  it('When no token is configured (development only), Then requests pass unchecked', async () => {
    const dev = appWith({});
    const res = await request(dev).post('/voice').type('form').send(params);
    expect(res.status).toBe(200);
  });
});

describe('Health', () => {
  it('When the service is up, Then GET /healthz answers 200 without a signature', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
  });
});

/**
 * Twilio signs the URL it was given, port and all. A public URL with a port (a host behind a proxy on
 * :8443, a tunnel) must be checked with that port, or every real request is refused.
 */
describe('The signature is checked against the whole public URL, port included', () => {
  it.each([
    ['without a port', 'https://hotline.example.org'],
    ['with a port', 'https://hotline.example.org:8443'],
  ])('When PUBLIC_BASE_URL is %s and Twilio signs a menu step for it, Then the step is answered with TwiML', async (_name, publicBaseUrl) => {
    const withPort = appWith({ authToken: AUTH_TOKEN, publicBaseUrl });
    const path = '/voice/menu?menu=main&lang=en';
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicBaseUrl}${path}`, params);
    const res = await request(withPort).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
    expect(res.status).toBe(200);
    expect(parseTwiml(res.text).verbs[0]?.tagName).toBe('Gather');
  });

  it('When PUBLIC_BASE_URL has a port and the signature is for another port, Then it is refused', async () => {
    const withPort = appWith({ authToken: AUTH_TOKEN, publicBaseUrl: 'https://hotline.example.org:8443' });
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'https://hotline.example.org:9443/voice', params);
    const res = await request(withPort).post('/voice').type('form').set('X-Twilio-Signature', signature).send(params);
    expect(res.status).toBe(403);
  });
});
