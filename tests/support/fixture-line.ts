import { parseDirectory } from '../../src/hotline/helplines/directory.js';
import { buildHotline, type Hotline, type HotlineOptions, type HotlineSources } from '../../src/hotline/hotline.js';
import { readHotlineSources } from '../../src/load/load-hotline.js';
import { parseLanguages } from '../../src/hotline/prompts/languages.js';
import type { PromptTree } from '../../src/hotline/prompts/prompt-catalog.js';
import type { PromptKey } from '../../src/hotline/prompts/prompt-key.js';

/**
 * A small line of its own for tests of behaviour (the call flow, the HTTP routes, the simulator, the
 * try page): four helplines with their own numbers and hours, short prompts in three languages. It
 * has every prompt key the code asks for, and nothing of the shipped wording, numbers or hours, so
 * a change to content/ or prompts/ breaks only the tests where content is the point (the prompt
 * check, completeness, the committed docs).
 *
 * Harbour is the line that keeps hours: Tuesday to Friday 09:00–15:00 Oslo time, in Ukrainian and
 * Russian.
 * Beacon is always open, in English with an interpreter, and takes young callers. 112 and the
 * children's line are spoken, never dialled.
 */
export const FIXTURE_HELPLINES = {
  timeZone: 'Europe/Oslo',
  holidays: 'NO',
  helplines: [
    { id: 'emergency', number: '112', dial: false, languages: [], interpreter: true, hours: 'always', emergency: true },
    { id: 'harbour', number: '+47 21 00 00 01', dial: true, languages: ['uk', 'ru'], interpreter: false, hours: { tue: ['09:00-15:00'], wed: ['09:00-15:00'], thu: ['09:00-15:00'], fri: ['09:00-15:00'] } },
    { id: 'beacon', number: '+47 21 00 00 02', dial: true, languages: ['no', 'en'], interpreter: true, hours: 'always', youngPeople: true },
    { id: 'kids', number: '116 111', dial: false, languages: ['no', 'en'], interpreter: true, hours: 'always', youngPeople: true },
  ],
};

/** Three languages, each with its own voice and key; callers from +380 and +7 are guessed. */
export const FIXTURE_LANGUAGES = {
  languages: [
    { code: 'uk', key: '1', voice: 'Google.uk-UA-Wavenet-A', language: 'uk-UA', ssml: true, callerPrefixes: ['+380'], notLetters: '[ыэъёЫЭЪЁ]', charsPerSecond: 14 },
    { code: 'ru', key: '2', voice: 'Google.ru-RU-Wavenet-A', language: 'ru-RU', ssml: true, callerPrefixes: ['+7'], notLetters: '[іїєґІЇЄҐ]', charsPerSecond: 14 },
    { code: 'en', key: '3', voice: 'Polly.Amy-Neural', language: 'en-GB', ssml: true, callerPrefixes: [], notLetters: '[Ѐ-ӿ]', charsPerSecond: 15 },
  ],
};

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const days = (names: readonly string[]) => Object.fromEntries(WEEKDAYS.map((d, i) => [d, names[i]!]));

const EN: PromptTree = {
  opening: { danger: 'Danger? Call [[emergency]].' },
  language: { choose: 'English: {{key}}.', guessed: 'English then. Other languages: {{key}} in the main menu.' },
  keys: { star: 'star', hash: 'hash' },
  menu: {
    option: '{{key}}: {{label}}.',
    notAnOption: 'No such option.',
    noKeyHeard: 'No key heard.',
    goodbyeNoInput: 'No key, so goodbye. Danger: [[emergency]]. Beacon, {{hours.beacon}}: [[beacon]].',
  },
  main: {
    title: 'Main menu:',
    labels: {
      talk: 'a person',
      helplines: 'lines',
      language: 'language',
      repeat: 'repeat',
      back: 'back',
      emergency: 'danger',
    },
  },
  helplinesMenu: { title: 'Lines:', labels: { harbour: 'Harbour, {{hours.harbour}}', beacon: 'Beacon, {{hours.beacon}}', numbers: 'all numbers' } },
  retryMenu: { title: 'Now:', labels: { next: 'try {{name}}', numbers: 'all numbers' } },
  emergency: { say: 'Danger: hang up, dial [[emergency]]. Again: [[emergency]].' },
  numbers: {
    plus: 'plus',
    intro: 'The numbers.',
    lines: {
      emergency: 'Emergency: [[emergency]].',
      harbour: 'Harbour, {{hours.harbour}}: [[harbour]].',
      beacon: 'Beacon, {{hours.beacon}}: [[beacon]].',
      kids: 'Kids line: [[kids]].',
    },
    foreignSim: 'Foreign SIM: plus 47 first.',
  },
  textMessage: {
    offer: 'the numbers by text',
    sent: 'Text on its way.',
    failed: 'Text not sent.',
    body: 'Numbers:\n[[emergency]]\nHarbour: [[harbour]]\nBeacon: [[beacon]]\nKids: [[kids]]',
  },
  helplines: { harbour: { name: 'Harbour', intro: 'In Ukrainian.' }, beacon: { name: 'Beacon', intro: 'In English.' } },
  transfer: {
    connecting: 'To {{name}} now.',
    closed: '{{name}} is closed; it opens {{opens}}.',
    failed: '{{name}} failed. Dial [[{{id}}]].',
    noAnswer: '{{name}} did not answer. Dial [[{{id}}]].',
    busy: '{{name}} is busy. Dial [[{{id}}]].',
    rollover: { busy: '{{name}} busy ([[{{id}}]]); to {{next}}.', noAnswer: '{{name}} silent ([[{{id}}]]); to {{next}}.', failed: '{{name}} failed ([[{{id}}]]); to {{next}}.' },
    ended: 'Goodbye. Beacon: [[beacon]].',
    nothingLeft: 'No line left.',
    closedNoOpening: '{{name}} is closed.',
  },
  time: {
    opensOn: '{{day}} at {{time}}',
    opensToday: 'today at {{time}}',
    opensTomorrow: 'tomorrow at {{time}}',
    weekly: '{{days}}, {{start}} to {{end}}',
    dayRange: '{{from}} {{to}}',
    alwaysOpen: 'always',
    days: {
      on: days(['on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday', 'on Saturday', 'on Sunday']),
      from: days(['from Monday', 'from Tuesday', 'from Wednesday', 'from Thursday', 'from Friday', 'from Saturday', 'from Sunday']),
      to: days(['to Monday', 'to Tuesday', 'to Wednesday', 'to Thursday', 'to Friday', 'to Saturday', 'to Sunday']),
    },
    list: '{{first}}; {{next}}',
  },
  topicMenu: { anyKey: 'Any key stops this.', title: 'Part {{part}} of {{parts}}:', lastTitle: 'Last part:', labels: { next: 'next part', again: 'again', main: 'main menu' } },
  staticFallback: { danger: 'Line trouble. Danger: [[emergency]].', connecting: 'To {{name}}, open {{lineHours}}.', numbers: 'The numbers.', goodbye: 'Goodbye.' },
  failSafe: { message: 'Something went wrong. Danger: [[emergency]]. Beacon, {{hours.beacon}}: [[beacon]]. Choose a language.', goodbye: 'Goodbye.' },
  review: { intro: 'Review: 1 right, 2 wrong, 3 again.', position: 'Item {{n}} of {{total}}.', instruction: '1 right, 2 wrong, 3 again.', end: 'Thanks, goodbye.' },
  topics: {
    signs: { title: 'signs', part1: { one: 'Sign one.' }, part2: { two: 'Sign two.', three: 'Sign three.' } },
    safety: { title: 'safety', part1: { one: 'Safety one.' } },
    housing: { title: 'housing', part1: { one: 'Housing one.' } },
    rights: { title: 'rights', part1: { one: 'Rights one.' }, part2: { two: 'Rights two.' }, part3: { three: 'Rights three: [[beacon]].' } },
    young: { title: 'young people', part1: { one: 'Young one: [[kids]].' } },
  },
};

const UK: PromptTree = {
  opening: { danger: 'Небезпека? Дзвоніть [[emergency]].' },
  language: { choose: 'Українська: {{key}}.', guessed: 'Далі українською. Інша мова: {{key}} у головному меню.' },
  keys: { star: 'зірочка', hash: 'решітка' },
  menu: {
    option: '{{key}} — {{label}}.',
    notAnOption: 'Такого варіанта немає.',
    noKeyHeard: 'Не чую клавіші.',
    goodbyeNoInput: 'Клавіші немає, до побачення. Небезпека: [[emergency]]. Маяк, {{hours.beacon}}: [[beacon]].',
  },
  main: {
    title: 'Головне меню:',
    labels: {
      talk: 'людина',
      helplines: 'лінії',
      language: 'мова',
      repeat: 'повторити',
      back: 'назад',
      emergency: 'небезпека',
    },
  },
  helplinesMenu: { title: 'Лінії:', labels: { harbour: 'Гавань, {{hours.harbour}}', beacon: 'Маяк, {{hours.beacon}}', numbers: 'усі номери' } },
  retryMenu: { title: 'Тепер:', labels: { next: 'спробувати {{name}}', numbers: 'усі номери' } },
  emergency: { say: 'Небезпека: покладіть слухавку, наберіть [[emergency]]. Ще раз: [[emergency]].' },
  numbers: {
    plus: 'плюс',
    intro: 'Номери.',
    lines: {
      emergency: 'Екстрено: [[emergency]].',
      harbour: 'Гавань, {{hours.harbour}}: [[harbour]].',
      beacon: 'Маяк, {{hours.beacon}}: [[beacon]].',
      kids: 'Дитяча лінія: [[kids]].',
    },
    foreignSim: 'Іноземна SIM: спершу плюс 47.',
  },
  textMessage: {
    offer: 'номери в СМС',
    sent: 'СМС надіслано.',
    failed: 'СМС не надіслано.',
    body: 'Номери:\n[[emergency]]\nГавань: [[harbour]]\nМаяк: [[beacon]]\nДіти: [[kids]]',
  },
  helplines: { harbour: { name: 'Гавань', intro: 'Українською.' }, beacon: { name: 'Маяк', intro: 'Англійською.' } },
  transfer: {
    connecting: 'З’єдную з лінією {{name}}.',
    closed: 'Лінія {{name}} запрацює {{opens}}.',
    failed: 'Лінія {{name}} недоступна. Наберіть [[{{id}}]].',
    noAnswer: 'Лінія {{name}} не відповіла. Наберіть [[{{id}}]].',
    busy: 'Лінія {{name}} зайнята. Наберіть [[{{id}}]].',
    rollover: { busy: 'Лінія {{name}} зайнята ([[{{id}}]]); з’єдную з лінією {{next}}.', noAnswer: 'Лінія {{name}} мовчить ([[{{id}}]]); з’єдную з лінією {{next}}.', failed: 'Лінія {{name}} недоступна ([[{{id}}]]); з’єдную з лінією {{next}}.' },
    ended: 'До побачення. Маяк: [[beacon]].',
    nothingLeft: 'Ліній більше немає.',
    closedNoOpening: 'Лінія {{name}} не працює.',
  },
  time: {
    opensOn: '{{day}} о {{time}}',
    opensToday: 'сьогодні о {{time}}',
    opensTomorrow: 'завтра о {{time}}',
    weekly: '{{days}}, з {{start}} до {{end}}',
    dayRange: '{{from}} {{to}}',
    alwaysOpen: 'цілодобово',
    days: {
      on: days(['в понеділок', 'у вівторок', 'в середу', 'в четвер', 'в п’ятницю', 'в суботу', 'в неділю']),
      from: days(['з понеділка', 'з вівторка', 'із середи', 'із четверга', 'з п’ятниці', 'із суботи', 'з неділі']),
      to: days(['по понеділок', 'по вівторок', 'по середу', 'по четвер', 'по п’ятницю', 'по суботу', 'по неділю']),
    },
    list: '{{first}}; {{next}}',
  },
  topicMenu: { anyKey: 'Будь-яка клавіша зупиняє.', title: 'Частина {{part}} з {{parts}}:', lastTitle: 'Остання частина:', labels: { next: 'далі', again: 'ще раз', main: 'головне меню' } },
  staticFallback: { danger: 'Збій лінії. Небезпека: [[emergency]].', connecting: 'З’єдную з лінією {{name}}, {{lineHours}}.', numbers: 'Номери.', goodbye: 'До побачення.' },
  failSafe: { message: 'Сталася помилка. Небезпека: [[emergency]]. Маяк, {{hours.beacon}}: [[beacon]]. Оберіть мову.', goodbye: 'До побачення.' },
  review: { intro: 'Перевірка: 1 так, 2 ні, 3 ще раз.', position: 'Пункт {{n}}, усього {{total}}.', instruction: '1 так, 2 ні, 3 ще раз.', end: 'Дякую, до побачення.' },
  topics: {
    signs: { title: 'ознаки', part1: { one: 'Ознака один.' }, part2: { two: 'Ознака два.', three: 'Ознака три.' } },
    safety: { title: 'безпека', part1: { one: 'Безпека один.' } },
    housing: { title: 'житло', part1: { one: 'Житло один.' } },
    rights: { title: 'права', part1: { one: 'Права один.' }, part2: { two: 'Права два.' }, part3: { three: 'Права три: [[beacon]].' } },
    young: { title: 'молодь', part1: { one: 'Молодь один: [[kids]].' } },
  },
};

const RU: PromptTree = {
  opening: { danger: 'Опасность? Звоните [[emergency]].' },
  language: { choose: 'Русский: {{key}}.', guessed: 'Дальше по-русски. Другой язык: {{key}} в главном меню.' },
  keys: { star: 'звёздочка', hash: 'решётка' },
  menu: {
    option: '{{key}} — {{label}}.',
    notAnOption: 'Такого варианта нет.',
    noKeyHeard: 'Не слышу клавишу.',
    goodbyeNoInput: 'Клавиши нет, до свидания. Опасность: [[emergency]]. Маяк, {{hours.beacon}}: [[beacon]].',
  },
  main: {
    title: 'Главное меню:',
    labels: {
      talk: 'человек',
      helplines: 'линии',
      language: 'язык',
      repeat: 'повторить',
      back: 'назад',
      emergency: 'опасность',
    },
  },
  helplinesMenu: { title: 'Линии:', labels: { harbour: 'Гавань, {{hours.harbour}}', beacon: 'Маяк, {{hours.beacon}}', numbers: 'все номера' } },
  retryMenu: { title: 'Теперь:', labels: { next: 'попробовать {{name}}', numbers: 'все номера' } },
  emergency: { say: 'Опасность: положите трубку, наберите [[emergency]]. Ещё раз: [[emergency]].' },
  numbers: {
    plus: 'плюс',
    intro: 'Номера.',
    lines: {
      emergency: 'Экстренно: [[emergency]].',
      harbour: 'Гавань, {{hours.harbour}}: [[harbour]].',
      beacon: 'Маяк, {{hours.beacon}}: [[beacon]].',
      kids: 'Детская линия: [[kids]].',
    },
    foreignSim: 'Иностранная SIM: сначала плюс 47.',
  },
  textMessage: {
    offer: 'номера в СМС',
    sent: 'СМС отправлено.',
    failed: 'СМС не отправлено.',
    body: 'Номера:\n[[emergency]]\nГавань: [[harbour]]\nМаяк: [[beacon]]\nДети: [[kids]]',
  },
  helplines: { harbour: { name: 'Гавань', intro: 'По-русски.' }, beacon: { name: 'Маяк', intro: 'По-английски.' } },
  transfer: {
    connecting: 'Соединяю с линией {{name}}.',
    closed: 'Линия {{name}} откроется {{opens}}.',
    failed: 'Линия {{name}} недоступна. Наберите [[{{id}}]].',
    noAnswer: 'Линия {{name}} не ответила. Наберите [[{{id}}]].',
    busy: 'Линия {{name}} занята. Наберите [[{{id}}]].',
    rollover: { busy: 'Линия {{name}} занята ([[{{id}}]]); соединяю с линией {{next}}.', noAnswer: 'Линия {{name}} молчит ([[{{id}}]]); соединяю с линией {{next}}.', failed: 'Линия {{name}} недоступна ([[{{id}}]]); соединяю с линией {{next}}.' },
    ended: 'До свидания. Маяк: [[beacon]].',
    nothingLeft: 'Линий больше нет.',
    closedNoOpening: 'Линия {{name}} не работает.',
  },
  time: {
    opensOn: '{{day}} в {{time}}',
    opensToday: 'сегодня в {{time}}',
    opensTomorrow: 'завтра в {{time}}',
    weekly: '{{days}}, с {{start}} до {{end}}',
    dayRange: '{{from}} {{to}}',
    alwaysOpen: 'круглосуточно',
    days: {
      on: days(['в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу', 'в воскресенье']),
      from: days(['с понедельника', 'со вторника', 'со среды', 'с четверга', 'с пятницы', 'с субботы', 'с воскресенья']),
      to: days(['по понедельник', 'по вторник', 'по среду', 'по четверг', 'по пятницу', 'по субботу', 'по воскресенье']),
    },
    list: '{{first}}; {{next}}',
  },
  topicMenu: { anyKey: 'Любая клавиша останавливает.', title: 'Часть {{part}} из {{parts}}:', lastTitle: 'Последняя часть:', labels: { next: 'дальше', again: 'ещё раз', main: 'главное меню' } },
  staticFallback: { danger: 'Сбой линии. Опасность: [[emergency]].', connecting: 'Соединяю с линией {{name}}, {{lineHours}}.', numbers: 'Номера.', goodbye: 'До свидания.' },
  failSafe: { message: 'Произошла ошибка. Опасность: [[emergency]]. Маяк, {{hours.beacon}}: [[beacon]]. Выберите язык.', goodbye: 'До свидания.' },
  review: { intro: 'Проверка: 1 да, 2 нет, 3 ещё раз.', position: 'Пункт {{n}}, всего {{total}}.', instruction: '1 да, 2 нет, 3 ещё раз.', end: 'Спасибо, до свидания.' },
  topics: {
    signs: { title: 'признаки', part1: { one: 'Признак один.' }, part2: { two: 'Признак два.', three: 'Признак три.' } },
    safety: { title: 'безопасность', part1: { one: 'Безопасность один.' } },
    housing: { title: 'жильё', part1: { one: 'Жильё один.' } },
    rights: { title: 'права', part1: { one: 'Права один.' }, part2: { two: 'Права два.' }, part3: { three: 'Права три: [[beacon]].' } },
    young: { title: 'молодёжь', part1: { one: 'Молодёжь один: [[kids]].' } },
  },
};

/** The fixture's sources, a fresh copy each time (a test may change them). */
export function fixtureSources(): HotlineSources {
  // How times and days are said, and the words a caller may say for each key and option, are grammar
  // and vocabulary the code asks for key by key: taken from the shipped prompts.
  const shipped = readHotlineSources().files;
  const withShipped = (lang: string, tree: PromptTree): PromptTree => ({
    ...tree,
    time: structuredClone(shipped[lang]?.time ?? tree.time) as PromptTree,
    spoken: structuredClone(shipped[lang]?.spoken ?? {}) as PromptTree,
  });
  return {
    languages: parseLanguages(structuredClone(FIXTURE_LANGUAGES), 'the fixture languages'),
    files: structuredClone({ en: withShipped('en', EN), uk: withShipped('uk', UK), ru: withShipped('ru', RU) }),
    directory: parseDirectory(structuredClone(FIXTURE_HELPLINES), 'the fixture helplines'),
  };
}

/** A key of the fixture's own prompts (such as its helplines' and topics' sentences), which PromptKey, typed from the shipped file, does not know. */
export const fixtureKey = (key: string): PromptKey => key as PromptKey;

let built: Hotline | undefined;
/** The fixture line, built once per test file. */
export const fixtureLine = (): Hotline => (built ??= buildHotline(fixtureSources()));

/** The confidence below which the speaking fixture line takes a spoken answer as not understood. */
export const FIXTURE_MIN_CONFIDENCE = 0.5;
let speaking: Hotline | undefined;
/** The fixture line with spoken answers on (SPEECH_INPUT=on), built once per test file. */
export const speakingFixtureLine = (): Hotline => (speaking ??= buildHotline(fixtureSources(), { speech: { minConfidence: FIXTURE_MIN_CONFIDENCE } }));

/** The fixture line as a command builds it: with spoken answers when SPEECH_INPUT asks for them. */
export const fixtureLineWith = (options: HotlineOptions): Hotline => (options.speech ? buildHotline(fixtureSources(), options) : fixtureLine());
