import { beforeAll, describe, expect, it } from 'vitest';
import { checkPrompts as check, formatReport, type PromptReport } from '../src/tools/checks/check-prompts.js';
import { MAX_DOCUMENT_BYTES } from '../src/tools/checks/check-twiml-limits.js';
import { smsSegments } from '../src/hotline/text-message/sms-segments.js';
import { checkMessageWords } from '../src/tools/checks/check-prompt-texts.js';
import { isOpenAt } from '../src/hotline/helplines/opening-hours.js';
import { type HotlineSources } from '../src/hotline/hotline.js';
import { readHotlineSources } from '../src/load/load-hotline.js';
import type { PromptTree } from '../src/hotline/prompts/prompt-catalog.js';
import { buildForCheck as build, shippedMessageWords as messageWords, shippedReport as checkedShipped, WEEK } from './support/shipped-week.js';
import { WALK_HOOK_MS } from './support/timeouts.js';
import { distinctSituations, situationAt } from '../src/tools/walk/walk-week.js';
import { buildHotline, type FlowInput, inputKey, parseDirectory, START } from '../src/hotline/index.js';
import { FIXTURE_HELPLINES, fixtureSources } from './support/fixture-line.js';

/**
 * The prompts spoiled on purpose are checked at one moment (Monday 11:00, Caritas open): each spoiled
 * sentence is heard then, and one situation is a quarter of the week's walk. Only the shipped
 * prompts are walked over the whole week, once per run (tests/support/shipped-week.ts).
 */
const MONDAY_11 = [new Date('2026-12-07T11:00:00+01:00')];
const checkPrompts = (sources: HotlineSources, words = messageWords) => check(sources, { build, instants: MONDAY_11, messageWords: words });

/** The shipped prompts, checked over the whole week once and shared by the tests that read the report. */
let shippedReport: PromptReport;
beforeAll(() => {
  shippedReport = checkedShipped();
}, WALK_HOOK_MS);

/** A fresh copy of the shipped prompts, to spoil one thing at a time. */
function shipped(): HotlineSources {
  const sources = readHotlineSources();
  return { ...sources, files: structuredClone(sources.files) };
}

/**
 * The line with only the languages a spoiled sentence is heard in: a line of any number of languages
 * is checked alike, and one language is walked in about a third of the time of three. Spoils that
 * depend on how the languages follow each other in the opening keep them all.
 */
function heardIn(sources: HotlineSources, ...codes: string[]): HotlineSources {
  return { ...sources, languages: sources.languages.filter((l) => codes.includes(l.code)) };
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
  it('When the shipped prompts are checked over a week (with spoken answers on), Then there is no problem, every language is complete, and the words of every menu were checked', () => {
    const report = shippedReport;
    expect(report.problems).toEqual([]);
    expect(report.spokenAnswers).toBe(true);
    expect(report.spokenWords!.menus).toBeGreaterThan(10);
    expect(formatReport(report)).toContain('Spoken answers: on in this check');
    // The verdict `npm run check:prompts` prints: npm test relies on this test for it and does not run the script too.
    expect(formatReport(report)).toMatch(/\nPrompts OK\.$/);
    for (const language of report.languages) {
      expect(language.missing).toBe(0);
      expect(language.longestMenu!.seconds).toBeLessThanOrEqual(30);
      expect(language.secondsUntil112).toBeLessThanOrEqual(8);
      expect(language.toPerson!.seconds).toBeLessThanOrEqual(30);
      expect(language.longestAnswer!.seconds).toBeLessThanOrEqual(60);
    }
  });

  it('When two options of one menu share a word in one language, Then the check names the language, the menu, the word and both keys', () => {
    const sources = heardIn(shipped(), 'ru');
    setPrompt(sources.files.ru, 'spoken.options.rights', 'права, жильё');
    expect(checkPrompts(sources).problems).toContain('ru: in the main menu, "жилье" is a word of both 4 and 5.');
  });

  it('When the words of a key are missing in one language, Then the check says the language lacks them', () => {
    const sources = shipped();
    setPrompt(sources.files.uk, 'spoken.keys.7', undefined);
    expect(checkPrompts(sources).problems).toContain('uk: "spoken.keys.7" is missing (it exists in another language).');
  });

  it('When an option\'s list holds no word in one language, Then the check names the language, the menu and the key', () => {
    const sources = heardIn(shipped(), 'en');
    setPrompt(sources.files.en, 'spoken.options.young', ' , ');
    expect(checkPrompts(sources).problems).toContain('en: in the main menu, option 7 has no words to say it with.');
  });

  it("When every reachable answer of the shipped line is rendered, Then each <Say> uses only its provider's SSML and fits, and each document is under 64 kB", () => {
    const limits = shippedReport.limits!;
    expect(limits.problems).toEqual([]);
    expect(limits.answers).toBeGreaterThan(1000);
    expect(limits.largestBytes).toBeLessThan(MAX_DOCUMENT_BYTES);
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
    expect(problems).toContain('prompts/en.json: "numbers.lines.alarmtelefonen" names the number [[alarm]], but "alarm" is not a helpline in content/helplines.json.');
  });

  it('When the opening grows, Then the check names the callers who hear 112 or their key too late: 8 s for 112 and for the key of their own country, 25 s for any key', () => {
    const sources = shipped();
    setPrompt(sources.files.uk, 'opening.danger', `${'Будь ласка, уважно послухайте це повідомлення до кінця. '.repeat(3)}Дзвоніть [[police-emergency]].`);
    setPrompt(sources.files.ru, 'language.choose', `${'Если вы говорите по-русски и хотите продолжить на русском языке, '.repeat(2)}нажмите {{key}}.`);
    const problems = checkPrompts(sources).problems;
    // Ukrainian comes first for a +380 caller and for one whose number suggests no language; a +7 caller hears Russian first.
    expect(problems.filter((p) => p.includes('hears 112 after'))).toEqual([
      expect.stringMatching(/^A caller from a withheld number or an unlisted country hears 112 after \d+\.\d s; the budget is 8 s\.$/),
      expect.stringMatching(/^A caller from \+380 hears 112 after \d+\.\d s; the budget is 8 s\.$/),
    ]);
    expect(problems).toContainEqual(expect.stringMatching(/^uk: a caller from \+380 hears the key for uk after \d+\.\d s; the budget is 8 s\.$/));
    // English comes after the long Russian key sentence for every caller.
    expect(problems).toContainEqual(expect.stringMatching(/^en: a caller from a withheld number or an unlisted country hears the key for en after \d+\.\d s; the budget is 25 s\.$/));
  });

  it('When a menu grows past 30 seconds, Then the check names the language and the menu', () => {
    const sources = heardIn(shipped(), 'en');
    setPrompt(sources.files.en, 'topics.housing.title', 'finding a safe place to stay, with people or organisations that you know and trust, and not with strangers who approach you at the station, the border or the reception centre and offer you a room');
    expect(checkPrompts(sources).problems.some((p) => /^en: the main menu takes \d+\.\d s; the budget is 30 s\.$/.test(p))).toBe(true);
  });

  it('When a part of a topic makes its answer speak past 60 seconds before the menu ends, Then the check names the language and the step', () => {
    const sources = heardIn(shipped(), 'ru');
    setPrompt(sources.files.ru, 'topics.safety.part1.intuition', 'Будьте внимательны. '.repeat(30));
    const problems = checkPrompts(sources).problems;
    expect(problems.some((p) => /^ru: after main key 3, the answer speaks \d+ s before its menu ends; the budget is 60 s\.$/.test(p))).toBe(true);
  });

  it('When the words before a transfer grow, Then the check fails on the time a first-time caller waits for a person: 20 s from the language\'s own country, 30 s from anywhere else', () => {
    const sources = shipped();
    setPrompt(sources.files.ru, 'transfer.connecting', 'Подождите, пожалуйста, одну минуту, сейчас я соединяю вас с линией {{name}}. Там вам обязательно ответит живой человек.');
    setPrompt(sources.files.en, 'transfer.connecting', `${'Please hold on for a moment while I put you through. '.repeat(4)}{{name}} will answer, a trained person who will listen to you.`);
    // A moment when a line that speaks Russian itself is open, whatever its hours are.
    const russianLineOpen = WEEK.find((instant) => sources.directory.helplines.some((line) => line.dial && line.languages.includes('ru') && isOpenAt(line, instant, sources.directory)));
    expect(russianLineOpen, 'no line that speaks Russian is open in the week').toBeDefined();
    const problems = check(sources, { build, instants: [russianLineOpen!], messageWords }).problems.filter((p) => p.includes('phone rings'));
    // A Russian speaker goes to that line: over 20 s from +7; the same words from elsewhere stay under 30 s.
    expect(problems).toContainEqual(expect.stringMatching(/^ru: a first-time caller from \+7 or \+375 hears \d+\.\d s of speech before [\w-]+'s phone rings; the budget is 20 s\.$/));
    expect(problems.filter((p) => p.startsWith('ru:'))).toHaveLength(1);
    expect(problems).toContainEqual(expect.stringMatching(/^en: a first-time caller from a withheld number or an unlisted country hears \d+\.\d s of speech before [\w-]+'s phone rings; the budget is 30 s\.$/));
  });

  it('When the rollover sentence grows, Then the check fails on the speech before the next helpline rings after the first did not connect, and the report shows the rollover', () => {
    const sources = heardIn(shipped(), 'uk');
    setPrompt(sources.files.uk, 'transfer.rollover.busy', `Лінія {{name}}, номер [[{{id}}]], зайнята. ${'Будь ласка, зачекайте ще трохи. '.repeat(4)}З'єдную вас із лінією {{next}}.`);
    // Monday 11:00: Caritas is open, so a Ukrainian speaker is put through to it first and, it being busy, to ROSA.
    const report = checkPrompts(sources);
    expect(report.problems.filter((p) => p.includes('does not connect'))).toEqual([expect.stringMatching(/^uk: when the first helpline does not connect, the caller hears \d+\.\d s of speech before rosa's phone rings; the budget is 20 s\.$/)]);
    expect(formatReport(shippedReport)).toMatch(/^uk +.* \+\d+\.\d s \/ \+\d+\.\d s /m);
  });

  it('When the shipped text messages are checked, Then each fits 3 SMS segments, Cyrillic ones as UCS-2, and the report prints them', () => {
    const report = shippedReport;
    const byLang = Object.fromEntries(report.languages.map((l) => [l.lang, l.message]));
    expect(byLang.uk).toMatchObject({ encoding: 'UCS-2' });
    expect(byLang.ru).toMatchObject({ encoding: 'UCS-2' });
    expect(byLang.en).toMatchObject({ encoding: 'GSM-7' });
    for (const message of Object.values(byLang)) expect(message!.segments).toBeLessThanOrEqual(3);
    expect(formatReport(report)).toMatch(/^Text message \(at most 3 SMS segments\): uk \d \(\d+ UCS-2 characters\), ru \d \(\d+ UCS-2 characters\), en \d \(\d+ GSM-7 characters\)\.$/m);
  });

  it.each([
    ['en', 'Useful numbers: [[police-emergency]] [[police]] [[caritas]]\nROSA, help with forced labour and prostitution: [[rosa]] [[alarmtelefonen]]', 'help", "forced", "labour", "prostitution'],
    ['en', 'Help for victims of human trafficking: [[police-emergency]] [[police]] [[caritas]] [[rosa]] [[alarmtelefonen]]', 'Help", "victims", "of", "human", "trafficking'],
    ['uk', 'Корисні номери, якщо ви жертва експлуатації: [[police-emergency]] [[police]] [[caritas]] [[rosa]] [[alarmtelefonen]]', 'якщо", "ви", "жертва", "експлуатації'],
    ['ru', 'Полиция: [[police-emergency]] [[police]] [[caritas]] [[rosa]] [[alarmtelefonen]]', 'Полиция'],
  ])('When the %s text message holds words outside its allow-list (%s), Then the check names them', (lang, text, found) => {
    const sources = shipped();
    setPrompt(sources.files[lang], 'textMessage.body', text);
    expect(checkPrompts(sources).problems).toContain(
      `${lang}: "textMessage.body" says "${found}", which content/message-words.json does not allow; the text message may hold only helpline names and its template's fixed words, so it reads as an ordinary list of numbers.`,
    );
  });

  it('When the text message fills in something other than opening hours, Then the check fails', () => {
    const sources = shipped();
    setPrompt(sources.files.en, 'textMessage.body', 'Useful numbers: {{helplines.rosa.intro}} [[police-emergency]] [[police]] [[caritas]] [[rosa]] [[alarmtelefonen]]');
    expect(checkPrompts(sources).problems).toContain('en: "textMessage.body" uses {{helplines.rosa.intro}}; the text message may only fill in opening hours, as {{writtenHours.<id>}}.');
  });

  it('When the allow-list grows by a word, Then a message with that word passes: the list, not the prompt file, decides', () => {
    const sources = shipped();
    setPrompt(sources.files.en, 'textMessage.body', 'Useful numbers for help: [[police-emergency]] [[police]] [[caritas]] [[rosa]] [[alarmtelefonen]]');
    expect(checkPrompts(sources).problems.join('\n')).toContain('says "help"');
    const problems: string[] = [];
    checkMessageWords(sources.languages.find((l) => l.code === 'en')!, sources.files, { ...messageWords, en: [...(messageWords.en ?? []), 'help'] }, problems);
    expect(problems).toEqual([]);
  });

  it('When a Cyrillic text message grows past 3 segments, Then the check fails with its segments', () => {
    const sources = heardIn(shipped(), 'uk');
    // Words of the allow-list only, so the length is the one problem.
    const long = `${'Корисні номери. '.repeat(12)}[[police-emergency]] [[police]] [[caritas]] [[rosa]] [[alarmtelefonen]]`;
    setPrompt(sources.files.uk, 'textMessage.body', long);
    const problems = checkPrompts(sources).problems;
    expect(problems.some((p) => /^uk: the text message takes 4 SMS segments \(\d+ UCS-2 characters\); the limit is 3, about 200 characters in Cyrillic\.$/.test(p))).toBe(true);
    expect(problems.filter((p) => !p.startsWith('uk: the text message'))).toEqual([]);
  });

  it('When the text message leaves out a number of the directory, Then the check names it', () => {
    const sources = heardIn(shipped(), 'ru');
    setPrompt(sources.files.ru, 'textMessage.body', 'Номера: [[police-emergency]], [[caritas]], [[rosa]], [[alarmtelefonen]]');
    expect(checkPrompts(sources).problems).toContain('ru: "textMessage.body" leaves out [[police]]; the text message lists every number in content/helplines.json.');
  });

  it('When the text-message offer makes a menu too long, Then the menu budget fails for callers who hear it', () => {
    const sources = heardIn(shipped(), 'en');
    setPrompt(sources.files.en, 'textMessage.offer', 'the numbers you heard, in a text message to this phone, but only if you are sure that nobody else reads your messages, now or later, because a message stays on the phone');
    expect(checkPrompts(sources).problems.some((p) => /^en: the main menu takes \d+\.\d s; the budget is 30 s\.$/.test(p))).toBe(true);
  });

  it.each([
    ['', 'GSM-7', 0, 0],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['€'.repeat(80), 'GSM-7', 160, 1],
    [`${'a'.repeat(152)}€${'a'.repeat(10)}`, 'GSM-7', 164, 2],
    [`${'a'.repeat(152)}€${'a'.repeat(153)}`, 'GSM-7', 307, 3],
    ['ж'.repeat(70), 'UCS-2', 70, 1],
    ['ж'.repeat(71), 'UCS-2', 71, 2],
    ['ж'.repeat(201), 'UCS-2', 201, 3],
    ['ж'.repeat(202), 'UCS-2', 202, 4],
    [`${'a'.repeat(159)}–`, 'UCS-2', 160, 3],
  ])('SMS segments of %j: %s, %i units, %i segments', (text, encoding, units, segments) => {
    expect(smsSegments(text)).toEqual({ encoding, units, segments });
  });

  it('When the pronunciation table loses the word a Ukrainian caller is told to say, Then the check names the Latin word in the Ukrainian <Say>', () => {
    const sources = heardIn(shipped(), 'uk');
    const pronunciations = new Map(sources.pronunciations);
    pronunciations.set('uk', (pronunciations.get('uk') ?? []).filter((e) => e.written !== 'Ukrainian'));
    const problems = checkPrompts({ ...sources, pronunciations }).problems;
    expect(problems.some((p) => /: a uk-UA <Say> holds the Latin word\(s\) "Ukrainian"; write them as the voice says them, or add them to prompts\/pronunciation\.json$/.test(p))).toBe(true);
  });

  it('When a Ukrainian sentence gives a clock time in digits, Then the check fails', () => {
    const sources = heardIn(shipped(), 'uk');
    // Heard after a silence in any menu, whatever the hours of the lines.
    setPrompt(sources.files.uk, 'menu.noKeyHeard', 'Ви нічого не натиснули до 10:00.');
    expect(checkPrompts(sources).problems.join('\n')).toContain('a uk-UA <Say> gives the time "10:00" in digits; hours are spoken in words (time.clock in the prompts)');
  });

  it('When a helpline has hours the prompts have no words for, Then they stay in digits and the check names them', () => {
    const sources = heardIn(shipped(), 'uk');
    const directory = { ...sources.directory, helplines: sources.directory.helplines.map((h) => (h.id === 'caritas' && h.hours !== 'always' ? { ...h, hours: { ...h.hours, mon: [{ start: '10:30', end: '16:00' }] } } : h)) };
    expect(checkPrompts({ ...sources, directory }).problems.join('\n')).toContain('gives the time "10:30" in digits');
  });

  it('When a Ukrainian sentence speaks digits right before a phone number, Then the check fails', () => {
    const sources = heardIn(shipped(), 'uk');
    setPrompt(sources.files.uk, 'numbers.lines.caritas', 'Карітас, з 10 до 16: [[caritas]]. Ще раз: [[caritas]].');
    expect(checkPrompts(sources).problems).toContain('uk: "numbers.lines.caritas" says digits right before the number of caritas ("Карітас, з 10 до 16:"); introduce the number with words, such as "Number:"');
  });

  it('When a topic sentence is not inside a part, Then the check says where to put it', () => {
    const sources = shipped();
    for (const lang of ['en', 'uk', 'ru']) setPrompt(sources.files[lang], 'topics.safety.loose', 'A loose sentence.');
    expect(checkPrompts(sources).problems.join('\n')).toMatch(/"topics\.safety\.loose" is not inside a part; put topic sentences under "topics\.safety\.part1"/);
  });
});

describe('The moments of the week the check and the diagram walk: one of each situation of the lines', () => {
  /** The fixture line with Harbour open on three days, so the next opening differs in day, in hour, or in day alone (Friday and Monday at nine) through the week. */
  const uneven = () => {
    const hours = { mon: ['09:00-12:00'], wed: ['13:00-18:00'], fri: ['09:00-11:00'] };
    const helplines = FIXTURE_HELPLINES.helplines.map((h) => (h.id === 'harbour' ? { ...h, hours } : h));
    return buildHotline({ ...fixtureSources(), directory: parseDirectory({ ...FIXTURE_HELPLINES, helplines }, 'the uneven hours') });
  };

  it('When a caller asks for each line, or a transfer fails, at any hour of the week, Then they hear what they hear at the walked moment of that hour\'s situation (on a line whose hours differ from day to day)', () => {
    const line = uneven();
    const walked = distinctSituations(line.directory, WEEK);
    const momentOf = new Map(walked.map((moment) => [situationAt(line.directory, moment), moment]));
    // What depends on the hour: which lines are open, and what a caller is told of a closed one.
    const inputs = line.languages.flatMap(({ code: lang }): FlowInput[] => {
      const helplines = { ...START, menu: 'helplines' as const, lang };
      const dialled = line.directory.helplines.filter((h) => h.dial);
      return [
        ...line.flow.menuFor(helplines, WEEK[0]!).options.map((o): FlowInput => ({ kind: 'menu', state: helplines, digits: o.key, likelyLang: undefined, messageOffer: false })),
        { kind: 'menu', state: { ...START, menu: 'main', lang }, digits: '1', likelyLang: undefined, messageOffer: false },
        ...dialled.map((h): FlowInput => ({ kind: 'dial-result', state: { lang, helpline: h.id, tried: [h.id], young: false }, status: 'busy', messageOffer: false })),
      ];
    });
    const heard = (input: FlowInput, now: Date) => JSON.stringify(line.flow.step(input, now).reply);
    const atMoment = new Map(walked.map((moment) => [moment, inputs.map((input) => heard(input, moment))]));
    const differing = WEEK.flatMap((hour) => {
      const expected = atMoment.get(momentOf.get(situationAt(line.directory, hour))!)!;
      return inputs.filter((input, i) => heard(input, hour) !== expected[i]).map((input) => `${hour.toISOString()} ${inputKey(input)}`);
    });
    expect(walked.length).toBeGreaterThan(3);
    expect(differing.slice(0, 3)).toEqual([]);
  });
});
