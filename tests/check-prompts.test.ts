import { describe, expect, it } from 'vitest';
import { checkPrompts as check, weekOfInstants } from '../src/checks/check-prompts.js';
import { buildHotline, readHotlineSources, type HotlineSources } from '../src/hotline.js';
import type { PromptTree } from '../src/prompts/prompt-catalog.js';

/** A week from a Monday morning in Oslo: every opening-hours situation of the shipped directory. */
const WEEK = weekOfInstants(new Date('2026-12-07T00:00:00+01:00'));
const checkPrompts = (sources: HotlineSources) => check(sources, { build: buildHotline, instants: WEEK });

/** A fresh copy of the shipped prompts, to spoil one thing at a time. */
function shipped(): HotlineSources {
  const sources = readHotlineSources();
  return { ...sources, files: structuredClone(sources.files) };
}

function setPrompt(tree: PromptTree | undefined, key: string, value: string | undefined): void {
  const parts = key.split('.');
  let node = tree as PromptTree;
  for (const part of parts.slice(0, -1)) node = node[part] as PromptTree;
  const last = parts.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

describe('npm run check:prompts', () => {
  it('When the shipped prompts are checked, Then there is no problem and every language is complete', () => {
    const report = checkPrompts(readHotlineSources());
    expect(report.problems).toEqual([]);
    for (const language of report.languages) {
      expect(language.missing).toBe(0);
      expect(language.longestMenu!.seconds).toBeLessThanOrEqual(30);
      expect(language.secondsUntil112).toBeLessThanOrEqual(8);
      expect(language.toPerson!.seconds).toBeLessThanOrEqual(30);
      expect(language.longestAnswer!.seconds).toBeLessThanOrEqual(60);
    }
  });

  it('When a key is missing in Russian, Then the check names the language and the key', () => {
    const sources = shipped();
    setPrompt(sources.files.ru, 'topics.signs.part2.passport', undefined);
    expect(checkPrompts(sources).problems).toContain('ru: "topics.signs.part2.passport" is missing (it exists in another language).');
  });

  it('When a value is empty, Then the check says so', () => {
    const sources = shipped();
    setPrompt(sources.files.uk, 'main.title', ' ');
    expect(checkPrompts(sources).problems).toContain('uk: "main.title" is empty.');
  });

  it.each([
    ['uk', 'Ознаки небезпеки ы', 'ы'],
    ['uk', 'Объявление', 'ъ'],
    ['ru', 'Признаки небезпеки і ї', 'і, ї'],
    ['en', 'Warning signs, или', 'и, л'],
  ])('When a %s text contains letters that language does not use (%s), Then the check lists them', (lang, text, letters) => {
    const sources = shipped();
    setPrompt(sources.files[lang], 'main.labels.signs', text);
    expect(checkPrompts(sources).problems.join('\n')).toContain(`${lang}: "main.labels.signs" uses ${letters}`);
  });

  it('When a prompt writes a phone number that differs from the directory, Then the check fails', () => {
    const sources = shipped();
    setPrompt(sources.files.en, 'topics.rights.part5.rosa', 'ROSA: call +47 22 33 11 61.');
    expect(checkPrompts(sources).problems).toContain('en: "topics.rights.part5.rosa" contains "+47 22 33 11 61", which differs from every number in content/helplines.json.');
  });

  it('When a prompt writes a directory number literally, Then the check asks for the token instead', () => {
    const sources = shipped();
    setPrompt(sources.files.uk, 'opening.danger', 'У небезпеці? Дзвоніть 112.');
    expect(checkPrompts(sources).problems).toContain('uk: "opening.danger" writes the number "112"; write [[police-emergency]] so it is read from content/helplines.json.');
  });

  it('When a token names a helpline not in the directory, or a helpline is never spoken, Then the check fails', () => {
    const sources = shipped();
    const en = JSON.stringify(sources.files.en).replaceAll('[[alarmtelefonen]]', '[[alarm]]');
    sources.files.en = JSON.parse(en) as PromptTree;
    const problems = checkPrompts(sources).problems;
    expect(problems).toContain('en: the number of "alarmtelefonen" is never spoken.');
    expect(problems.some((p) => p.includes('names [[alarm]], which is not in content/helplines.json'))).toBe(true);
  });

  it('When the opening is too long before it says 112, Then the check reports the estimate against the 8-second budget', () => {
    const sources = shipped();
    setPrompt(sources.files.uk, 'opening.danger', `${'Будь ласка, уважно послухайте це повідомлення до кінця. '.repeat(3)}Дзвоніть [[police-emergency]].`);
    const problems = checkPrompts(sources).problems;
    expect(problems.some((p) => /^The first response says 112 after \d+\.\d s; the budget is 8 s\.$/.test(p))).toBe(true);
    expect(problems.some((p) => p.startsWith('The first response takes'))).toBe(true);
  });

  it('When a menu grows past 30 seconds, Then the check names the language and the menu', () => {
    const sources = shipped();
    setPrompt(sources.files.en, 'main.labels.housing', 'finding a safe place to stay, with people or organisations that you know and trust, and not with strangers who approach you at the station, the border or the reception centre and offer you a room');
    expect(checkPrompts(sources).problems.some((p) => /^en: the main menu takes \d+\.\d s; the budget is 30 s\.$/.test(p))).toBe(true);
  });

  it('When a part of a topic makes its answer speak past 60 seconds before the menu ends, Then the check names the language and the step', () => {
    const sources = shipped();
    setPrompt(sources.files.ru, 'topics.safety.part1.intuition', 'Будьте внимательны. '.repeat(30));
    const problems = checkPrompts(sources).problems;
    expect(problems.some((p) => /^ru: after main key 3, the answer speaks \d+ s before its menu ends; the budget is 60 s\.$/.test(p))).toBe(true);
  });

  it('When the words before a transfer grow, Then the check fails on the time a first-time caller waits for a person', () => {
    const sources = shipped();
    setPrompt(sources.files.en, 'transfer.connecting', 'Please hold on for a moment while I put you through to {{name}}, where a trained person will answer your call and listen to you.');
    const problems = checkPrompts(sources).problems;
    expect(problems.some((p) => /^en: a first-time caller hears \d+\.\d s of speech before rosa's phone rings; the budget is 30 s\.$/.test(p))).toBe(true);
  });

  it('When a topic sentence is not inside a part, Then the check says where to put it', () => {
    const sources = shipped();
    for (const lang of ['en', 'uk', 'ru']) setPrompt(sources.files[lang], 'topics.safety.loose', 'A loose sentence.');
    expect(checkPrompts(sources).problems.join('\n')).toMatch(/"topics\.safety\.loose" is not inside a part; put topic sentences under "topics\.safety\.part1"/);
  });
});
