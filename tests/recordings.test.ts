import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { defaultPaths, loadHotline } from '../src/load/load-hotline.js';
import { PromptFileError } from '../src/hotline/prompts/languages.js';
import { descendants, parseTwiml } from './support/twiml.js';
import { apeTag, extensibleWav, silentMp3, silentWav } from './support/audio.js';

/** A second of silence as MP3: a real recording's shape. */
const RECORDING = silentMp3(1);

/** A copy of the shipped prompts with one recording added. */
function promptsWithRecording(lang: string, file: string, bytes: Buffer = RECORDING) {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-prompts-'));
  cpSync(defaultPaths().promptsDir, dir, { recursive: true });
  mkdirSync(join(dir, 'audio', lang), { recursive: true });
  writeFileSync(join(dir, 'audio', lang, file), bytes);
  return { ...defaultPaths(), promptsDir: dir };
}

describe('Recordings replace TTS where they exist', () => {
  it('When Ukrainian has a recording of the 112 warning, Then the call plays it in Ukrainian and the other languages still speak', async () => {
    const hotline = loadHotline(promptsWithRecording('uk', 'opening.danger.mp3'));
    const app = createApp({ config: { authToken: undefined, publicBaseUrl: undefined, trustProxy: false }, hotline, logger: pino({ level: 'silent' }), clock: () => new Date() });

    const res = await request(app).post('/voice').type('form').send({ CallSid: 'CA1' });
    const twiml = parseTwiml(res.text);
    const gather = twiml.verbs[0]!;
    const plays = descendants(gather, 'Play');
    expect(plays).toHaveLength(1);
    // <Play> is documented with a full URL only: the origin the request came to, without PUBLIC_BASE_URL.
    const full = new URL(plays[0]!.textContent!);
    expect(full.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const url = full.pathname;
    expect(url).toMatch(/^\/audio\/uk\/opening\.danger\.[0-9a-f]{12}\.mp3$/);
    // The recording comes first, where the Ukrainian warning was; Russian and English are still spoken.
    expect(gather.firstChild && (gather.firstChild as { tagName?: string }).tagName).toBe('Play');
    const says = descendants(gather, 'Say');
    expect(says.filter((s) => s.getAttribute('language') === 'uk-UA')).toHaveLength(1); // the language choice
    expect(says.filter((s) => s.getAttribute('language') === 'ru-RU')).toHaveLength(2);

    const audio = await request(app).get(url);
    expect(audio.status).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/mpeg');
    expect(audio.headers['cache-control']).toContain('max-age=31536000');
    expect(Buffer.from(audio.body as Buffer).equals(RECORDING)).toBe(true);
    expect((await request(app).get('/audio/uk/opening.danger.000000000000.mp3')).status).toBe(404);
  });

  it('When PUBLIC_BASE_URL is set, Then recordings are played from that origin, in the opening and in every later answer', async () => {
    const hotline = loadHotline(promptsWithRecording('en', 'topicMenu.anyKey.mp3'));
    const publicBaseUrl = new URL('https://hotline.example.org');
    const app = createApp({ config: { authToken: undefined, publicBaseUrl, trustProxy: false }, hotline, logger: pino({ level: 'silent' }), clock: () => new Date('2026-12-07T10:00:00Z') });
    const res = await request(app).post('/voice/menu?menu=main&lang=en&silences=0').type('form').send({ CallSid: 'CA1', Digits: '2' });
    const plays = descendants(parseTwiml(res.text).root, 'Play').map((p) => p.textContent);
    expect(plays).toEqual([expect.stringMatching(/^https:\/\/hotline\.example\.org\/audio\/en\/topicMenu\.anyKey\.[0-9a-f]{12}\.mp3$/)]);
  });

  it('When a recording is named after no prompt key, Then start-up stops and names the file', () => {
    expect(() => loadHotline(promptsWithRecording('ru', 'opening.dangr.wav'))).toThrow(PromptFileError);
    expect(() => loadHotline(promptsWithRecording('ru', 'opening.dangr.wav'))).toThrow(/opening\.dangr\.wav is named after "opening\.dangr"/);
  });
});

describe('A recording must be audio Twilio can play, of a length a caller can hear', () => {
  it.each([
    ['random bytes named .mp3', 'opening.danger.mp3', randomBytes(40_000), 'is not an MP3 file (no MPEG audio frames from start to end); export it again as MP3.'],
    ['a text file named .wav', 'opening.danger.wav', Buffer.from('RIFF? no, a note to self'), 'is not a WAV file Twilio can play (RIFF WAVE with PCM, A-law or μ-law audio); export it again as WAV or MP3.'],
    ['a WAV of a twentieth of a second', 'opening.danger.wav', silentWav(0.05), 'plays for 0.05 s, which is no sound a caller hears; record it again.'],
    ['a WAV of 90 seconds', 'opening.danger.wav', silentWav(90), 'plays for 90 s, longer than the 60 s any one answer may take; split or shorten it.'],
  ])('When prompts/audio/uk holds %s, Then start-up stops with one sentence naming the file', (_what, file, bytes, sentence) => {
    const paths = promptsWithRecording('uk', file, bytes);
    expect(() => loadHotline(paths)).toThrow(new PromptFileError(`${join(paths.promptsDir, 'audio', 'uk', file)} ${sentence}`));
  });

  it.each([
    ['a WAV of two seconds', 'opening.danger.wav', () => silentWav(2)],
    ['a WAV written as WAVE_FORMAT_EXTENSIBLE with PCM in it (as editors save 24-bit audio)', 'opening.danger.wav', () => extensibleWav(2)],
    ['an MP3 with an APE tag of 300 bytes after its last frame', 'opening.danger.mp3', () => Buffer.concat([silentMp3(2), apeTag(300)])],
  ])('When the recording is %s, Then it is played', (_what, file, bytes) => {
    expect(loadHotline(promptsWithRecording('uk', file, bytes())).recordings.all.map((r) => r.key)).toEqual(['opening.danger']);
  });
});
