import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PromptFileError } from '../src/hotline/index.js';
import { findProjectRoot, readHotlineSources } from '../src/load/load-hotline.js';
import { SERVER_TEST_MS } from './support/timeouts.js';

const ROOT = findProjectRoot();
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the built project whose prompts/languages.json gives Ukrainian another voice. */
function copyWithVoice(voice: string, withDist = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-voices-'));
  copies.push(dir);
  for (const name of ['package.json', 'prompts', 'content', ...(withDist ? ['dist'] : [])]) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  if (withDist) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const file = join(dir, 'prompts', 'languages.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"Google.uk-UA-Wavenet-A"', JSON.stringify(voice)));
  return dir;
}

const paths = (dir: string) => ({ promptsDir: join(dir, 'prompts'), helplinesFile: join(dir, 'content', 'helplines.json'), messageWordsFile: join(dir, 'content', 'message-words.json') });
const { taken } = JSON.parse(readFileSync(join(ROOT, 'content', 'twilio-voices.json'), 'utf8')) as { taken: string };

describe('A voice must be one Twilio offers for its language (content/twilio-voices.json)', () => {
  it('When the committed list is read, Then it says where and when it was taken, and has every voice the shipped line uses', () => {
    const list = JSON.parse(readFileSync(join(ROOT, 'content', 'twilio-voices.json'), 'utf8')) as { source: string; taken: string };
    expect(list.source).toContain('https://www.twilio.com/docs/voice/twiml/say/text-speech');
    expect(list.taken).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(() => readHotlineSources()).not.toThrow();
  });

  it.each([
    ['Google.uk-UA-Wavenet-Z', `prompts/languages.json: Twilio offers no voice "Google.uk-UA-Wavenet-Z" for uk-UA (content/twilio-voices.json, taken from Twilio's voice table on ${taken}); did you mean "Google.uk-UA-Wavenet-A"?`],
    ['Google.uk-UA-Chirp3-HD-Charon', `prompts/languages.json: Twilio offers no voice "Google.uk-UA-Chirp3-HD-Charon" for uk-UA (content/twilio-voices.json, taken from Twilio's voice table on ${taken}); it offers Google.uk-UA-Standard-A, Google.uk-UA-Wavenet-A.`],
  ])('When Ukrainian is given the voice %s, Then the line is not read, with one sentence', (voice, sentence) => {
    const dir = copyWithVoice(voice);
    expect(() => readHotlineSources(paths(dir))).toThrow(new PromptFileError(sentence));
  });

  it('When a voice that does not exist is in prompts/languages.json, Then npm run check:prompts exits 1 and names it', { timeout: SERVER_TEST_MS }, async () => {
    const dir = copyWithVoice('Google.uk-UA-Wavenet-Z', true);
    const child = spawn(process.execPath, [join(dir, 'dist', 'scripts', 'check-prompts.js')], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(output).toContain('Twilio offers no voice "Google.uk-UA-Wavenet-Z" for uk-UA');
  });
});
