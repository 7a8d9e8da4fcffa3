/**
 * The static fallback: one TwiML document, hosted away from this service, that Twilio plays when
 * the service cannot answer at all. It warns about 112, puts the caller through to the line that is
 * always open and brings an interpreter, and reads the numbers to call when that transfer ends or
 * fails. Everything in it comes from the prompts, the directory and the live renderer, so it says
 * what the line says; `npm run export-fallback` writes it, and a test fails when docs/ is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { buildHotline, createRecordings, describeHours, type Directory, type Helpline, helplineKeyNames, type Hotline, type LangCode, type Reply, type Say, speech, type Speech } from '../../hotline/index.js';
import { defaultPaths, readHotlineSources, type HotlinePaths } from '../../load/load-hotline.js';
import { childElements, parseTwiml } from '../walk/twiml-document.js';

export const FALLBACK_FILE_NAME = 'voice-fallback.xml';

/** The number the line always names for danger; it is read from the directory like every other. */
export const EMERGENCY_NUMBER = '112';

/**
 * The line the fallback puts callers through to: one that can be dialled, is open day and night on
 * every date, and brings an interpreter, so it can help a caller of any language at any hour.
 */
export function fallbackLine(directory: Directory): Helpline {
  const line = directory.helplines.find((h) => h.dial && h.interpreter && h.hours === 'always' && h.closedDates.length === 0 && !h.closedOnHolidays);
  if (!line) {
    throw new Error('content/helplines.json has no line that can be dialled, is always open and brings an interpreter; the static fallback needs one to put callers through to.');
  }
  return line;
}

/** The line the emergency number belongs to, as content/helplines.json lists it. */
export function emergencyLine(directory: Directory): Helpline {
  const line = directory.helplines.find((h) => h.dialString === EMERGENCY_NUMBER);
  if (!line) throw new Error(`content/helplines.json has no entry for ${EMERGENCY_NUMBER}; the static fallback reads it to every caller.`);
  return line;
}

/** The numbers read after the transfer: the line just tried, the other lines that can be dialled, then 112. */
export function fallbackNumbers(directory: Directory): Helpline[] {
  const tried = fallbackLine(directory);
  const others = directory.helplines.filter((h) => h.dial && h.id !== tried.id);
  return [tried, ...others, emergencyLine(directory)];
}

/**
 * The fallback as the call flow would say it: in every language, in the language menu's order,
 * the 112 warning and the transfer, one <Dial>, then in every language the numbers (each prompt
 * reads its number twice) and a goodbye, and the end of the call.
 */
export function fallbackReply(hotline: Hotline): Reply {
  const { catalog, directory, languages } = hotline;
  const line = fallbackLine(directory);
  const key = (raw: string) => catalog.checkedKey(raw);
  const say = (lang: LangCode, s: Speech): Say => ({ kind: 'say', lang, key: s.key, segments: catalog.segments(lang, s) });
  const connecting = speech('staticFallback.connecting', { name: speech(key(helplineKeyNames(line.id).name)), lineHours: describeHours(line) });
  const numbers = fallbackNumbers(directory).map((h) => speech(key(helplineKeyNames(h.id).number)));
  const first = languages[0];
  if (!first) throw new Error('prompts/languages.json lists no language.');

  return [
    ...languages.flatMap(({ code }) => [say(code, speech('staticFallback.danger')), say(code, connecting)]),
    // The state only shapes the action URL, which the static copy drops (see removeDialAction).
    { kind: 'dial', helplineId: line.id, state: { lang: first.code, line: line.id, tried: [], young: false } },
    ...languages.flatMap(({ code }) => [
      say(code, speech('staticFallback.numbers')),
      ...numbers.map((s) => say(code, s)),
      say(code, speech('numbers.foreignSim')),
      say(code, speech('staticFallback.goodbye')),
    ]),
    { kind: 'hangup' },
  ];
}

/**
 * The live renderer gives every <Dial> an action, the dial-result URL on this service, and must
 * keep doing so: the live call decides what follows a transfer. The static copy must not have one,
 * because that URL is exactly what is down when the fallback plays; without an action Twilio goes
 * on with the verbs after the <Dial> by itself. So the renderer stays as it is (one renderer, one
 * way to write SSML) and the static copy is the rendered document with that one attribute (and
 * the method that goes with it) taken off, on the one TwiML parser's tree.
 */
function removeDialAction(root: Element): void {
  for (const dial of Array.from(root.getElementsByTagName('Dial'))) {
    dial.removeAttribute('action');
    dial.removeAttribute('method');
  }
}

/** What would reach back to this service: a URL attribute, a <Redirect>, or a <Play> of a recording. */
function findLinksBack(root: Element): string[] {
  const found: string[] = [];
  const visit = (element: Element) => {
    for (const name of ['action', 'url', 'statusCallback', 'recordingStatusCallback']) {
      if (element.hasAttribute(name)) found.push(`<${element.tagName} ${name}="${element.getAttribute(name) ?? ''}">`);
    }
    if (['Redirect', 'Play', 'Gather'].includes(element.tagName)) found.push(`<${element.tagName}>`);
    childElements(element).forEach(visit);
  };
  visit(root);
  return found;
}

/** The static fallback document: the live renderer's TwiML, without anything that needs this service. */
export function buildStaticFallback(hotline: Hotline): string {
  const { root } = parseTwiml(hotline.render(fallbackReply(hotline)));
  removeDialAction(root);
  const links = findLinksBack(root);
  if (links.length > 0) throw new Error(`The static fallback would still need this service: ${links.join(', ')}.`);
  // One verb per line, for a readable diff; whitespace between verbs is not spoken.
  const document = root.ownerDocument;
  if (!document) throw new Error('The rendered fallback has no document.');
  for (const verb of childElements(root)) root.insertBefore(document.createTextNode('\n'), verb);
  root.appendChild(document.createTextNode('\n'));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
}

/**
 * The line as the fallback sees it: prompts and directory as the server loads them, but no
 * recordings, which are served by this service and so would be gone with it.
 */
export function loadFallbackHotline(paths: HotlinePaths = defaultPaths()): Hotline {
  return buildHotline({ ...readHotlineSources(paths), recordings: createRecordings([]) });
}

/** Writes DIR/voice-fallback.xml and returns its path. */
export function exportFallback(dir: string, hotline: Hotline = loadFallbackHotline()): string {
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, FALLBACK_FILE_NAME);
  writeFileSync(file, buildStaticFallback(hotline));
  return file;
}
