import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatInTimeZone } from 'date-fns-tz';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { START } from '../src/hotline/flow/call-state.js';
import { helplineKeyNames } from '../src/hotline/flow/helpline-keys.js';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { speech } from '../src/hotline/prompts/prompt-key.js';
import { builtServers, freePort, startBuiltServer, waitUntilReady, type RunningServer } from './support/built-server.js';
import { hotline } from './support/test-line.js';
import { BROWSER_TEST_MS } from './support/timeouts.js';

/** Debian's chromium package (`apt-get install chromium`); no browser is downloaded at install time. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** `UPDATE_SCREENSHOT=1 npx vitest run tests/try-page.test.ts` rewrites the README's picture. */
const SCREENSHOT = join(findProjectRoot(), 'docs', 'try-page.png');
const TRY_TOKEN = 'try-token-0123456789abcdef';
const TIMEOUT_MS = BROWSER_TEST_MS;

const TIME_ZONE = hotline().directory.timeZone;

/** The key of the option of a menu that does `kind` at `at`, read from the flow: menus move, the test follows. */
function optionFor(menu: 'main' | 'retry', kind: string, at: Date, tried: string[] = [], code = 'uk') {
  const lang = hotline().language(code)!;
  return hotline().flow.menuFor({ ...START, menu, lang, tried }, at).options.find((o) => o.action.kind === kind);
}
/** Where "talk to someone now" puts a caller of `code` through at `at`, by the shipped line's own hours. */
function talkTarget(at: Date, code = 'uk'): string | undefined {
  const lang = hotline().language(code)!;
  const talk = optionFor('main', 'talk', at, [], code);
  const last = talk && hotline().flow.step({ kind: 'menu', state: { ...START, menu: 'main', lang }, digits: talk.key, likelyLang: undefined, messageOffer: false }, at).reply.at(-1);
  return last?.kind === 'dial' ? last.helplineId : undefined;
}
/**
 * The moment the page's calls are made at: the first whole hour of a winter week at which a
 * Ukrainian speaker's "talk to someone now" reaches one line and, that line busy, goes on to
 * another (the one the retry menu would offer). Read from the shipped line's own hours, so a change of them moves the moment, not the test.
 */
const AT = (() => {
  for (let hour = 0; hour < 7 * 24; hour++) {
    const at = new Date(Date.parse('2026-12-07T00:00:00+01:00') + hour * 3_600_000);
    const first = talkTarget(at);
    if (first && optionFor('retry', 'connect', at, [first])) return at;
  }
  throw new Error('At no hour of the week is a Ukrainian speaker put through and then offered another line.');
})();
/** The moment as the page's clock field takes it, wall time in the line's time zone. */
const AT_WALL = formatInTimeZone(AT, TIME_ZONE, "yyyy-MM-dd'T'HH:mm");
const UKRAINIAN_KEY = hotline().languages.find((l) => l.code === 'uk')!.key;
const TALK_KEY = optionFor('main', 'talk', AT)!.key;
const FIRST_LINE = talkTarget(AT)!;
const OFFER = optionFor('retry', 'connect', AT, [FIRST_LINE])!;
const OFFERED_LINE = OFFER.action.kind === 'connect' ? OFFER.action.helplineId : '';

/** "→ connecting to Caritas +47 31 40 23 00", with the English name and the number as the directory writes it. */
function connectingTo(id: string): string {
  return `→ connecting to ${englishName(id)} ${hotline().directory.find(id)!.number}`;
}
/** A helpline's name as the English prompts give it. */
const englishName = (id: string) => hotline().catalog.text('en', speech(hotline().catalog.checkedKey(helplineKeyNames(id).name)));

/** The few browser globals the callbacks run in the page use (this project's TypeScript has no DOM library). */
interface PageElement {
  readonly id: string;
  readonly textContent: string | null;
}
declare const document: {
  querySelectorAll(selector: string): { readonly length: number };
  getElementById(id: string): PageElement | null;
  readonly activeElement: PageElement | null;
  readonly documentElement: { readonly scrollWidth: number };
};
declare const window: { readonly innerWidth: number };
declare function getComputedStyle(element: unknown): { readonly lineHeight: string };

const startServer = builtServers();

async function serve(env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  startServer({ PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development', ...env });
  await waitUntilReady(port);
  return `http://127.0.0.1:${port}`;
}

/**
 * One server in development with no other setting, shared by the tests that need nothing else (each
 * start loads and checks the whole line); each test makes calls of its own on it.
 */
let shared: { base: string; server: RunningServer } | undefined;
async function serveDefault(): Promise<string> {
  if (!shared) {
    const port = await freePort();
    const server = startBuiltServer({ PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' });
    shared = { base: `http://127.0.0.1:${port}`, server };
    await waitUntilReady(port);
  }
  return shared.base;
}
afterAll(async () => {
  if (shared && shared.server.child.exitCode === null && shared.server.child.signalCode === null) {
    shared.server.child.kill('SIGTERM');
    await shared.server.exited;
  }
});

let browser: Browser | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: the try page is tested in a real browser. Install Debian's chromium package (apt-get update && apt-get install -y chromium; .ci/run does this), or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  // A fresh, empty profile for each launch.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, TIMEOUT_MS);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
});

/** A new page that remembers every console error, uncaught exception and failed request. */
async function openPage(viewport = { width: 1200, height: 860 }): Promise<{ page: Page; problems: string[] }> {
  if (!browser) throw new Error('The browser did not start.');
  context = await browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  return { page, problems };
}

const transcriptItems = (page: Page) => page.locator('#transcript li').count();

/** Does `action`, then waits until the line's answer is shown and the page waits for the caller again. */
async function andWait(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await transcriptItems(page);
  await action();
  await page.waitForFunction(
    (count) => document.querySelectorAll('#transcript li').length > count && !/answering/.test(document.getElementById('status')?.textContent ?? ''),
    before,
  );
}

const transcript = (page: Page) => page.locator('#transcript').innerText();
const keypad = (page: Page, key: string) => page.locator('.keypad').getByRole('button', { name: key, exact: true });

async function openTry(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/try`);
  // The page fills in the caller's number once it has asked the line for its defaults.
  await expect.poll(() => page.inputValue('#from')).not.toBe('');
  await page.fill('#at', AT_WALL);
}

describe('The try page in a real browser (Chromium)', () => {
  it(
    'Ukrainian, "talk to someone now": connecting to the first line open; busy: put through to the next by itself; the diagram draws; no console error',
    async () => {
      const base = await serveDefault();
      const { page, problems } = await openPage();
      await openTry(page, base);
      expect(await page.locator('#weekday').innerText()).toBe(`(${formatInTimeZone(AT, TIME_ZONE, 'EEEE')})`);
      await andWait(page, () => page.getByRole('button', { name: 'Start call' }).click());
      expect(await transcript(page)).toContain(`Calling the line from +380500000000 on ${formatInTimeZone(AT, TIME_ZONE, 'EEEE yyyy-MM-dd HH:mm')}, Oslo time.`);
      await expect.poll(() => page.locator('#transcript li.say[lang="uk-UA"], #transcript li.say .text[lang="uk-UA"]').count()).toBeGreaterThan(0);

      await andWait(page, () => keypad(page, UKRAINIAN_KEY).click());
      await andWait(page, () => keypad(page, TALK_KEY).click());
      expect(await transcript(page)).toContain(connectingTo(FIRST_LINE));
      await expect.poll(() => page.locator('#status').innerText()).toMatch(new RegExp(`^Transfer to ${englishName(FIRST_LINE)} .*how does it end\\?$`));
      expect(await page.locator('.keypad button:disabled').count()).toBe(12);

      await andWait(page, () => page.getByRole('button', { name: 'Busy', exact: true }).click());
      const afterBusy = await transcript(page);
      expect(afterBusy).toContain('(busy)');
      expect(afterBusy.slice(afterBusy.indexOf('(busy)'))).toContain(connectingTo(OFFERED_LINE));
      if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: SCREENSHOT });

      await page.getByRole('tab', { name: 'Call-flow diagram' }).click();
      await page.locator('#diagram svg').waitFor({ timeout: 30_000 });
      expect(await page.locator('#diagram svg .node').count()).toBeGreaterThan(10);
      expect(await page.locator('#flow-status').innerText()).toMatch(/^The call flow in uk /);
      await page.selectOption('#flow-lang', 'en');
      await expect.poll(() => page.locator('#flow-status').innerText()).toMatch(/^The call flow in en /);
      expect(await page.locator('#diagram svg').innerHTML()).toContain('Main menu');

      expect(problems).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "A caller's number from +7: the page says which language each country code puts first and that this server sends no text messages, the call opens in Russian, and key 1 still chooses Ukrainian",
    async () => {
      const base = await serveDefault();
      const { page, problems } = await openPage();
      await openTry(page, base);
      expect(await page.locator('#from-order').innerText()).toBe("+380: uk-UA first; +7 or +375: ru-RU first; any other number, or +266696687 (withheld): the line's order. Each language keeps its key. This server sends no text messages (SMS_FROM is not set), so no call offers one.");
      await page.fill('#from', '+79161234567');
      await andWait(page, () => page.getByRole('button', { name: 'Start call' }).click());
      expect(await transcript(page)).toContain(`Calling the line from +79161234567 on ${formatInTimeZone(AT, TIME_ZONE, 'EEEE yyyy-MM-dd HH:mm')}, Oslo time.`);
      const firstSaid = page.locator('#transcript li .text[lang]').first();
      expect(await firstSaid.getAttribute('lang')).toBe('ru-RU');
      await andWait(page, () => keypad(page, UKRAINIAN_KEY).click());
      expect(await page.locator('#transcript li .text[lang]').last().getAttribute('lang')).toBe('uk-UA');
      expect(problems).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'With SPEECH_INPUT=on: a field to say the answer shows where the menu listens; "English" then "person" puts the call through to the line an English speaker is put through to; no console error',
    async () => {
      const base = await serve({ SPEECH_INPUT: 'on' });
      const { page, problems } = await openPage();
      await openTry(page, base);
      await andWait(page, () => page.getByRole('button', { name: 'Start call' }).click());
      const field = page.getByLabel('Or say it (the line listens for speech here)');
      await expect.poll(() => field.isVisible()).toBe(true);
      await field.fill('English');
      await andWait(page, () => page.getByRole('button', { name: 'Say', exact: true }).click());
      expect(await transcript(page)).toContain('You said “English”');
      expect(await transcript(page)).toContain(hotline().catalog.text('en', { key: 'spoken.hint' }));
      await field.fill('person');
      await andWait(page, () => field.press('Enter'));
      expect(await transcript(page)).toContain(connectingTo(talkTarget(AT, 'en')!));
      await expect.poll(() => field.isVisible()).toBe(false);
      expect(problems).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'With the keyboard alone on a phone-sized screen: Tab to "Start call", type the keys, choose the outcome, press * and #',
    async () => {
      const base = await serveDefault();
      const { page, problems } = await openPage({ width: 390, height: 844 });
      await openTry(page, base);
      // Nothing wider than the screen, and keys big enough for a thumb.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      const keyBox = await keypad(page, '5').boundingBox();
      expect(keyBox!.height).toBeGreaterThanOrEqual(44);
      expect(keyBox!.x + keyBox!.width).toBeLessThanOrEqual(390);

      await page.locator('body').focus();
      const visited: string[] = [];
      for (let i = 0; i < 40 && visited.at(-1) !== 'start'; i++) {
        await page.keyboard.press('Tab');
        visited.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || ''));
      }
      expect(visited.at(-1)).toBe('start');
      expect(visited.indexOf('tab-call')).toBeLessThan(visited.indexOf('at'));
      expect(visited.indexOf('at')).toBeLessThan(visited.indexOf('from'));

      await andWait(page, () => page.keyboard.press('Enter'));
      await andWait(page, () => page.keyboard.press(UKRAINIAN_KEY));
      await andWait(page, () => page.keyboard.press(TALK_KEY));
      expect(await transcript(page)).toContain(connectingTo(FIRST_LINE));
      // The transfer takes the focus to its outcomes; Tab moves on to "Busy", Enter chooses it.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Answered');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Busy');
      await andWait(page, () => page.keyboard.press('Enter'));
      // "Talk to someone now" goes on to the next line by itself.
      expect(await transcript(page)).toContain(connectingTo(OFFERED_LINE));
      // N: no answer, as in npm run call.
      await andWait(page, () => page.keyboard.press('n'));
      expect(await transcript(page)).toContain('(no answer)');
      await andWait(page, () => page.keyboard.press('#'));
      expect(await transcript(page)).toContain('You pressed #');
      await andWait(page, () => page.keyboard.press('*'));
      expect(await transcript(page)).toContain('You pressed *');

      // The tabs follow the arrow keys.
      await page.getByRole('tab', { name: 'Call', exact: true }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('tab', { name: 'Call-flow diagram' }).getAttribute('aria-selected')).toBe('true');
      await page.locator('#diagram svg').waitFor({ timeout: 30_000 });
      expect(problems).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'Speak: each sentence in its language with a voice the browser has, a note for a language it has none for, and a key cuts it off',
    async () => {
      const base = await serveDefault();
      const { page, problems } = await openPage();
      // Headless Chromium has no voices: give the page a Ukrainian and an English one, and none for Russian.
      await page.addInitScript(() => {
        const log: { text: string; lang: string; voice: string }[] = [];
        const state = { hold: false, cancelled: 0, log };
        class Utterance {
          lang = '';
          voice: { name: string } | null = null;
          onend: (() => void) | null = null;
          constructor(readonly text: string) {}
        }
        const voices = [
          { lang: 'uk-UA', name: 'Test Ukrainian' },
          { lang: 'en-GB', name: 'Test English' },
        ];
        Object.assign(window, { speechState: state, SpeechSynthesisUtterance: Utterance });
        Object.defineProperty(window, 'speechSynthesis', {
          configurable: true,
          value: {
            getVoices: () => voices,
            speak: (u: Utterance) => {
              log.push({ text: u.text, lang: u.lang, voice: u.voice?.name ?? '' });
              if (!state.hold) setTimeout(() => u.onend?.(), 10);
            },
            cancel: () => state.cancelled++,
          },
        });
      });
      type SpeechState = { hold: boolean; cancelled: number; log: { text: string; lang: string; voice: string }[] };
      const state = () => page.evaluate(() => (window as unknown as { speechState: SpeechState }).speechState);
      await openTry(page, base);
      await page.getByRole('switch', { name: 'Speak the sentences' }).check();
      await andWait(page, () => page.getByRole('button', { name: 'Start call' }).click());

      const said = await page.locator('#transcript li.say').evaluateAll((items) => items.map((li) => ({ lang: li.querySelector('.text')?.getAttribute('lang'), text: li.querySelector('.text')?.textContent })));
      const expected = said.filter((s) => s.lang !== 'ru-RU').map((s) => ({ text: s.text, lang: s.lang, voice: s.lang === 'uk-UA' ? 'Test Ukrainian' : 'Test English' }));
      await expect.poll(async () => (await state()).log).toEqual(expected);
      expect(await page.locator('#speech-note').innerText()).toMatch(/no voice for Russian.*ru-RU.*shown, not spoken/);

      // The next answer is spoken a sentence at a time; a key pressed mid-sentence stops it.
      await page.evaluate(() => ((window as unknown as { speechState: SpeechState }).speechState.hold = true));
      await andWait(page, () => keypad(page, UKRAINIAN_KEY).click());
      const spokenBefore = (await state()).log.length;
      expect(spokenBefore).toBe(expected.length + 1);
      const cancelledBefore = (await state()).cancelled;
      await andWait(page, () => keypad(page, '9').click());
      const after = await state();
      expect(after.cancelled).toBeGreaterThan(cancelledBefore);
      // Only the first sentence of each answer was started: the rest of the first was dropped by the key.
      expect(after.log.length).toBe(spokenBefore + 1);
      expect(after.log.at(-1)?.lang).toBe('uk-UA');
      expect(problems).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'In production with TRY_TOKEN: without it the page says how to open it; with it once in the address, the call works',
    async () => {
      const base = await serve({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: 'a-twilio-token-for-the-test', HOTLINE_NUMBER: '+4721000000', TRY_TOKEN });
      const { page } = await openPage();
      const refused = await page.goto(`${base}/try`);
      expect(refused?.status()).toBe(401);
      expect(await page.locator('body').innerText()).toMatch(/needs its token: open \/try\?token=<TRY_TOKEN> once/);

      await page.goto(`${base}/try?token=${TRY_TOKEN}`);
      expect(page.url()).toBe(`${base}/try`);
      await openTry(page, base);
      await andWait(page, () => page.getByRole('button', { name: 'Start call' }).click());
      await andWait(page, () => keypad(page, UKRAINIAN_KEY).click());
      await andWait(page, () => keypad(page, TALK_KEY).click());
      expect(await transcript(page)).toContain(connectingTo(FIRST_LINE));
    },
    TIMEOUT_MS,
  );

  it(
    "The longest sentence the line says wraps beside nothing: the voice label stays on one line above it, the text takes the transcript's width",
    async () => {
      const base = await serveDefault();
      const { page, problems } = await openPage();
      await openTry(page, base);
      const ukrainian = hotline().languages.find((l) => l.code === 'uk')!;
      const longest = hotline()
        .catalog.keys()
        .map((key) => hotline().catalog.text('uk', { key }))
        .reduce((a, b) => (b.length > a.length ? b : a));
      // The call's first answer, as the line gives it, with the longest sentence added to it.
      await page.route('**/try/api/call', async (route) => {
        const answer = await (await route.fetch()).json();
        answer.events.push({ kind: 'say', lang: ukrainian.language, voice: ukrainian.voice, text: longest });
        await route.fulfill({ json: answer });
      });
      await andWait(page, () => page.getByRole('button', { name: 'Start call' }).click());
      const item = page.locator('#transcript li.say').last();
      expect(await item.locator('.text').innerText()).toBe(longest);
      const [li, label, text] = await Promise.all([item.boundingBox(), item.locator('.voice').boundingBox(), item.locator('.text').boundingBox()]);
      const lineHeight = await item.locator('.voice').evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
      expect(label!.height).toBeLessThan(lineHeight * 1.5);
      expect(text!.y).toBeGreaterThanOrEqual(label!.y + label!.height - 1);
      expect(text!.width).toBeGreaterThan(li!.width * 0.8);
      expect(problems).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
