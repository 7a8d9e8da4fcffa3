import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** Settings the twilio client reads from process.env that would send requests elsewhere or print them. */
const CLIENT_ENV = ['TWILIO_EDGE', 'TWILIO_REGION', 'TWILIO_LOG_LEVEL', 'HTTP_PROXY', 'HTTPS_PROXY'] as const;

/**
 * Every test in the file talks to Twilio through nock only: no real network, none of the client's
 * environment settings, and a list of requests nock had no answer for. `localServer` lets requests
 * to 127.0.0.1 through (a test's own server), and leaves them out of that list. Nock is active
 * from the file's first test to its last, and restored after, so it never intercepts another file.
 */
export function interceptTwilio(options: { localServer?: boolean } = {}): { unmatched(): readonly string[] } {
  let unmatched: string[] = [];
  let savedEnv: Record<string, string | undefined> = {};
  const recordUnmatched = (req: { method?: string; path?: string; url?: string }) => {
    const described = `${req.method ?? '?'} ${req.path ?? req.url ?? '?'}`;
    if (!(options.localServer && described.includes('//127.0.0.1'))) unmatched.push(described);
  };

  // Nock intercepts http and fetch for the whole process while active: only while this file runs.
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
  });
  afterAll(() => {
    nock.restore();
  });

  beforeEach(() => {
    savedEnv = Object.fromEntries(CLIENT_ENV.map((name) => [name, process.env[name]]));
    for (const name of CLIENT_ENV) delete process.env[name];
    unmatched = [];
    nock.emitter.on('no match', recordUnmatched);
    nock.disableNetConnect();
    if (options.localServer) nock.enableNetConnect('127.0.0.1');
  });

  afterEach(() => {
    nock.emitter.removeListener('no match', recordUnmatched);
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
    for (const name of CLIENT_ENV) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
  });

  return { unmatched: () => unmatched };
}
