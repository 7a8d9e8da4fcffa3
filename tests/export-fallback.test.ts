import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { buildHotline } from '../src/hotline/hotline.js';
import { findProjectRoot, readHotlineSources } from '../src/load/load-hotline.js';
import { parseDirectory } from '../src/hotline/helplines/directory.js';
import { createRecordings } from '../src/hotline/prompts/recordings.js';
import { buildStaticFallback, exportFallback, FALLBACK_FILE_NAME, loadFallbackHotline } from '../src/tools/operations/export-fallback.js';
import { fallbackHelpline } from '../src/hotline/flow/static-fallback.js';
import { CallWalker, type Transport } from '../src/tools/walk/walk-call.js';
import { DIAL_TIMEOUT_SECONDS } from '../src/hotline/twiml/render-twiml.js';
import { childElements, descendants, parseTwiml, sayAsDigits } from './support/twiml.js';

/** This line's own number, as the README's examples write it; the committed docs/voice-fallback.xml is made with it. */
const HOTLINE_NUMBER = '+4721000000';
const line = loadFallbackHotline();
const xml = buildStaticFallback(line, HOTLINE_NUMBER);
const twiml = parseTwiml(xml);
const rosa = fallbackHelpline(line.directory);
const caritas = line.directory.find('caritas')!;
const MAX_TWIML_BYTES = 64 * 1024;

/** The digits of each number a <Say> reads, its groups joined ("4722331160"), whatever `interpret-as` says. */
function numbersRead(say: Element): string[] {
  return descendants(say, 'prosody').map((p) => sayAsDigits(p).join(''));
}

const digitsOf = (dialString: string) => dialString.replace(/\D/g, '');

/** The <Say> verbs of one language, by its language code in prompts/languages.json. */
function saysIn(code: string): Element[] {
  const language = line.languages.find((l) => l.code === code)!;
  return twiml.verbs.filter((v) => v.tagName === 'Say' && v.getAttribute('language') === language.language);
}

/** Every element of the document, the root included. */
function allElements(element: Element): Element[] {
  return [element, ...childElements(element).flatMap(allElements)];
}

/** Every text node's value, trimmed. */
function texts(element: Element): string[] {
  const out: string[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) out.push((node.nodeValue ?? '').trim());
    if (node.nodeType === 1) out.push(...texts(node as Element));
  }
  return out.filter((t) => t !== '');
}

describe('The static fallback (npm run export-fallback): help with this service gone', () => {
  it('When it is built, Then the one TwiML parser accepts it and its verbs end with <Hangup>', () => {
    expect(twiml.root.tagName).toBe('Response');
    expect(twiml.verbs.at(-1)?.tagName).toBe('Hangup');
    expect(twiml.verbs.filter((v) => v.tagName === 'Hangup')).toHaveLength(1);
    expect(new Set(twiml.verbs.map((v) => v.tagName))).toEqual(new Set(['Say', 'Dial', 'Hangup']));
  });

  it('Then it puts the caller through to the line that is always open and brings an interpreter (ROSA), once, with no action, so Twilio goes on by itself', () => {
    expect(rosa.id).toBe('rosa');
    const dials = twiml.verbs.filter((v) => v.tagName === 'Dial');
    expect(dials).toHaveLength(1);
    const dial = dials[0]!;
    expect(dial.hasAttribute('action')).toBe(false);
    expect(dial.hasAttribute('method')).toBe(false);
    expect(dial.getAttribute('timeout')).toBe(String(DIAL_TIMEOUT_SECONDS));
    expect(descendants(dial, 'Number').map((n) => n.textContent)).toEqual([rosa.dialString]);
  });

  it('Then in each language, in the order of prompts/languages.json, it says 112 and ROSA before the transfer, and after it reads ROSA, Caritas and 112 twice each', () => {
    const dialAt = twiml.verbs.findIndex((v) => v.tagName === 'Dial');
    const before = twiml.verbs.slice(0, dialAt);
    const after = twiml.verbs.slice(dialAt + 1);
    const order = (verbs: Element[]) => [...new Set(verbs.filter((v) => v.tagName === 'Say').map((v) => v.getAttribute('language')))];
    expect(order(before)).toEqual(line.languages.map((l) => l.language));
    expect(order(after)).toEqual(line.languages.map((l) => l.language));

    for (const { code } of line.languages) {
      const says = saysIn(code);
      expect(says.length, code).toBeGreaterThan(0);
      const read = says.flatMap(numbersRead);
      const beforeDial = says.filter((s) => before.includes(s)).flatMap(numbersRead);
      const afterDial = says.filter((s) => after.includes(s)).flatMap(numbersRead);
      expect(beforeDial, `${code}: 112 before the transfer`).toContain('112');
      expect(read.filter((n) => n === digitsOf(rosa.dialString)).length, `${code}: ROSA's number twice`).toBeGreaterThanOrEqual(2);
      expect(afterDial.filter((n) => n === digitsOf(caritas.dialString)), `${code}: Caritas's number twice`).toHaveLength(2);
      // At least: the advice for a foreign SIM card names 112 once more.
      expect(afterDial.filter((n) => n === '112').length, `${code}: 112 twice after the transfer`).toBeGreaterThanOrEqual(2);
      // Numbers are read slowly, as the live renderer reads them.
      for (const say of says) for (const p of descendants(say, 'prosody')) expect(p.getAttribute('rate')).toBe('slow');
    }
  });

  it('Then nothing in it points at this service: no action, no Redirect, Play or Gather, no URL-like text, no unfilled placeholder', () => {
    for (const element of allElements(twiml.root)) {
      expect(element.hasAttribute('action'), `<${element.tagName} action>`).toBe(false);
      expect(['Redirect', 'Play', 'Gather']).not.toContain(element.tagName);
      for (const attribute of Array.from(element.attributes)) expect(attribute.value, `<${element.tagName} ${attribute.name}>`).not.toMatch(/^(\/|https?:)/i);
    }
    for (const text of texts(twiml.root)) {
      expect(text).not.toMatch(/^(\/|http)/i);
      expect(text).not.toMatch(/\{\{|\[\[/);
    }
    expect(xml).not.toMatch(/\/voice|\/audio|https?:\/\//);
  });

  it('Then it passes the checks of every live answer: each <Say> in a voice and language of prompts/languages.json, and under 64 kB', () => {
    const raw = JSON.parse(readFileSync(join(findProjectRoot(), 'prompts', 'languages.json'), 'utf8')) as { languages: { voice: string; language: string }[] };
    const says = descendants(twiml.root, 'Say');
    expect(says.length).toBeGreaterThan(0);
    for (const say of says) {
      const voice = say.getAttribute('voice');
      const match = raw.languages.find((l) => l.voice === voice);
      expect(match, `a <Say> in voice ${voice}`).toBeDefined();
      expect(say.getAttribute('language')).toBe(match!.language);
    }
    expect(Buffer.byteLength(xml, 'utf8')).toBeLessThan(MAX_TWIML_BYTES);
  });

  it('When the prompts, directory or renderer change, Then the committed docs/voice-fallback.xml must be regenerated', () => {
    const committed = readFileSync(join(findProjectRoot(), 'docs', FALLBACK_FILE_NAME), 'utf8');
    expect(committed, 'docs/voice-fallback.xml is out of date: run npm run export-fallback -- docs --hotline-number +4721000000, and commit it').toBe(xml);
  });

  it('When a caller is walked through it by the one walker, Then they hear 112, wait on the transfer to ROSA, and after a busy line hear the numbers and the call ends', async () => {
    const requests: string[] = [];
    // A static host: the same file for any address, as object storage or a TwiML Bin serves it.
    const transport: Transport = {
      baseUrl: new URL('https://static.example.net'),
      post: async (path) => {
        requests.push(path);
        return { status: 200, contentType: 'text/xml', body: xml };
      },
      close: async () => {},
    };
    const walker = new CallWalker({ transport });
    const waiting = await walker.start();
    expect(waiting.kind).toBe('dial');
    if (waiting.kind !== 'dial') return;
    expect(waiting.number).toBe(rosa.dialString);
    const heardFirst = walker.events.filter((e) => e.kind === 'say').map((e) => (e.kind === 'say' ? e.text : ''));
    expect(heardFirst.filter((t) => t.includes('112'))).toHaveLength(line.languages.length);

    const ended = await walker.dialEnds('busy');
    expect(ended).toEqual({ kind: 'ended', result: 'ended' });
    const afterBusy = walker.events.slice(walker.events.findIndex((e) => e.kind === 'dial-outcome'));
    const heard = afterBusy.map((e) => (e.kind === 'say' ? e.text : '')).join(' ').replace(/\s+/g, '');
    expect(heard).toContain(digitsOf(rosa.dialString));
    expect(heard).toContain(digitsOf(caritas.dialString));
    expect(heard).toContain('112');
    expect(walker.events.at(-1)).toEqual({ kind: 'end' });
    expect(walker.events.some((e) => e.kind === 'error')).toBe(false);
    // One request: nothing in the document sends Twilio anywhere else.
    expect(requests).toEqual(['/voice']);
  });

  it('When the directory has no line that is always open, dialled and with an interpreter, Then building it fails with a sentence saying so', () => {
    const sources = readHotlineSources();
    const raw = JSON.parse(readFileSync(join(findProjectRoot(), 'content', 'helplines.json'), 'utf8')) as { helplines: { id: string; interpreter: boolean }[] };
    for (const h of raw.helplines) if (h.id === 'rosa') h.interpreter = false;
    const withoutRosa = buildHotline({ ...sources, directory: parseDirectory(raw), recordings: createRecordings([]) });
    expect(() => buildStaticFallback(withoutRosa, HOTLINE_NUMBER)).toThrow(/no helpline that can be dialled, is always open and brings an interpreter/);
  });

  it('When the directory marks no emergency number, Then building it fails with a sentence naming the field: the number is read from the directory, not written in code', () => {
    const sources = readHotlineSources();
    const raw = JSON.parse(readFileSync(join(findProjectRoot(), 'content', 'helplines.json'), 'utf8')) as { helplines: { emergency?: boolean }[] };
    for (const h of raw.helplines) delete h.emergency;
    const unmarked = buildHotline({ ...sources, directory: parseDirectory(raw), recordings: createRecordings([]) });
    expect(() => buildStaticFallback(unmarked, HOTLINE_NUMBER)).toThrow('content/helplines.json has no helpline with "emergency": true (such as 112); the static fallback reads it to every caller.');
  });

  it('When a line that is always open and brings an interpreter is closed on one date, Then the fallback puts callers through to a line open on every date instead', () => {
    // The fallback is played on any date, possibly that one: a line closed on some date cannot be its transfer.
    const sources = readHotlineSources();
    const raw = JSON.parse(readFileSync(join(findProjectRoot(), 'content', 'helplines.json'), 'utf8')) as { helplines: Record<string, unknown>[] };
    for (const h of raw.helplines) {
      // Caritas comes before ROSA in the directory: made always open with an interpreter but closed on one date.
      if (h.id === 'caritas') Object.assign(h, { hours: 'always', interpreter: true, closedOnHolidays: false, closedDates: ['2026-12-24'] });
    }
    const closedOnce = buildHotline({ ...sources, directory: parseDirectory(raw), recordings: createRecordings([]) });
    const dials = parseTwiml(buildStaticFallback(closedOnce, HOTLINE_NUMBER)).verbs.filter((v) => v.tagName === 'Dial');
    expect(dials.map((d) => digitsOf(d.textContent ?? ''))).toEqual([digitsOf(rosa.dialString)]);
  });

  it("Then its transfer shows the helpline this line's own number, never the caller's", () => {
    const dials = twiml.verbs.filter((v) => v.tagName === 'Dial');
    expect(dials.map((d) => d.getAttribute('callerId'))).toEqual([HOTLINE_NUMBER]);
  });

  it("When the line's own number is not an E.164 number, Then building it fails with a sentence saying so", () => {
    expect(() => buildStaticFallback(line, '21 00 00 00')).toThrow(/"21 00 00 00", but it must be in E.164 form/);
  });

  it('When exported to a folder, Then the file written there is the document, and its path is given back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fallback-'));
    try {
      const file = exportFallback(join(dir, 'public'), HOTLINE_NUMBER, line);
      expect(file).toBe(join(dir, 'public', FALLBACK_FILE_NAME));
      expect(readFileSync(file, 'utf8')).toBe(xml);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
