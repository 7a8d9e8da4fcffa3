import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { checkPrompts } from '../src/tools/checks/check-prompts.js';
import { loadMessageWords } from '../src/tools/checks/message-words.js';
import { buildHotline } from '../src/hotline/hotline.js';
import { defaultPaths, readHotlineSources, type HotlinePaths } from '../src/load/load-hotline.js';
import { AUTH_TOKEN, LINE_NUMBER, PUBLIC_BASE_URL, signedPost } from './support/test-line.js';
import { WEEK } from './support/shipped-week.js';
import { parseTwiml, spoken } from './support/twiml.js';

const POLISH = { code: 'pl', key: '4', voice: 'Google.pl-PL-Wavenet-A', language: 'pl-PL', callerPrefixes: ['+48'], charsPerSecond: 14 };

/**
 * The shipped prompts with a fourth language added as docs/content.md's "Adding a language"
 * asks: an entry in languages.json and its own prompt file, no code. Its words are a copy of the
 * Ukrainian file, the longest of the line's languages, so the budgets are shown for a fourth
 * language at least as long as any the line has (a real translation would take their place).
 */
function withFourthLanguage(): HotlinePaths {
  const shipped = defaultPaths();
  const dir = mkdtempSync(join(tmpdir(), 'hotline-four-languages-'));
  const languages = JSON.parse(readFileSync(join(shipped.promptsDir, 'languages.json'), 'utf8')) as { languages: object[] };
  // Every prompt file says how its recogniser writes the new language's name ("польська" from the Ukrainian one; "polski" will do here).
  type PromptFile = { spoken: { languages: Record<string, string> } };
  const read = (code: string) => JSON.parse(readFileSync(join(shipped.promptsDir, `${code}.json`), 'utf8')) as PromptFile;
  for (const code of ['uk', 'ru', 'en']) {
    const file = read(code);
    file.spoken.languages[POLISH.code] = 'polski, po polsku';
    writeFileSync(join(dir, `${code}.json`), JSON.stringify(file));
  }
  copyFileSync(join(shipped.promptsDir, 'pronunciation.json'), join(dir, 'pronunciation.json'));
  const polish = read('uk');
  polish.spoken.languages[POLISH.code] = 'polski, po polsku';
  writeFileSync(join(dir, `${POLISH.code}.json`), JSON.stringify(polish));
  writeFileSync(join(dir, 'languages.json'), JSON.stringify({ languages: [...languages.languages, POLISH] }, null, 2));
  // Its text message is the Ukrainian one, so its allow-list is too.
  const words = JSON.parse(readFileSync(shipped.messageWordsFile, 'utf8')) as Record<string, string[]>;
  const messageWordsFile = join(dir, 'message-words.json');
  writeFileSync(messageWordsFile, JSON.stringify({ ...words, [POLISH.code]: words.uk }, null, 2));
  return { promptsDir: dir, helplinesFile: shipped.helplinesFile, messageWordsFile };
}

describe('When a fourth language is added by files only', { timeout: 180_000 }, () => {
  const paths = withFourthLanguage();
  afterAll(() => rmSync(paths.promptsDir, { recursive: true, force: true }));

  it('Then the prompt check passes with every budget: its own key within 8 s and a person within 20 s from its country, every key within 25 s and a person within 30 s from anywhere', () => {
    const report = checkPrompts(readHotlineSources(paths), { build: buildHotline, instants: WEEK, messageWords: loadMessageWords(paths.messageWordsFile) });
    expect(report.problems).toEqual([]);
    expect(report.languages.map((l) => l.lang)).toEqual(['uk', 'ru', 'en', 'pl']);
    const pl = report.languages.find((l) => l.lang === 'pl')!;
    expect(pl.ownCountry!.keySeconds).toBeLessThanOrEqual(8);
    expect(pl.ownCountry!.toPerson!.seconds).toBeLessThanOrEqual(20);
    for (const language of report.languages) {
      expect(language.noCountry!.keySeconds).toBeLessThanOrEqual(25);
      expect(language.toPerson!.seconds).toBeLessThanOrEqual(30);
    }
  });

  it('Then a caller from +48 hears it first, its key works, and the other languages keep their keys', async () => {
    const hotline = buildHotline(readHotlineSources(paths));
    const app = createApp({
      config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false },
      hotline,
      logger: pino({ level: 'silent' }),
      clock: () => WEEK[11]!,
    });
    const call = { CallSid: 'CA0123456789abcdef0123456789abcdef', From: '+48601234567', To: LINE_NUMBER };
    const opening = spoken(parseTwiml((await signedPost(app, '/voice', call)).text).root);
    expect(opening.map((s) => s.language)).toEqual(['pl-PL', 'pl-PL', 'uk-UA', 'ru-RU', 'en-GB', 'uk-UA', 'ru-RU', 'en-GB']);
    expect(opening.slice(1, 5).map((s) => s.text.match(/\d/)?.[0])).toEqual(['4', '1', '2', '3']);
    const main = spoken(parseTwiml((await signedPost(app, '/voice/menu?menu=language&silences=0', { ...call, Digits: '4' })).text).root);
    expect(main.every((s) => s.voice === POLISH.voice)).toBe(true);
  });
});
