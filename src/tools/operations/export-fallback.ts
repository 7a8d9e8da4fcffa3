/**
 * The static fallback: one TwiML document, hosted away from this service, that Twilio plays when
 * the service cannot answer at all. It is the line's own answer to the static fallback (see
 * staticFallbackReply), rendered by the one renderer as a document that never needs this service;
 * `npm run export-fallback` writes it, and a test fails when docs/ is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { answer, buildHotline, createRecordings, E164, type Hotline, STATIC_FALLBACK_PATH } from '../../hotline/index.js';
import { defaultPaths, readHotlineSources, type HotlinePaths } from '../../load/load-hotline.js';

export const FALLBACK_FILE_NAME = STATIC_FALLBACK_PATH.slice(1);

/** Any instant: the static fallback says the same at every moment. */
const ANY_INSTANT = new Date(0);

/**
 * The static fallback document, as the line answers for it. Its transfer shows the helpline
 * `hotlineNumber`, this line's own number, as every live transfer does: without it Twilio would show
 * the caller's own number.
 */
export function buildStaticFallback(hotline: Hotline, hotlineNumber: string): string {
  if (!E164.test(hotlineNumber)) {
    throw new Error(`the line's own number is "${hotlineNumber}", but it must be in E.164 form (a + and the country code, no spaces, such as +4721000000)`);
  }
  return answer(hotline, { path: STATIC_FALLBACK_PATH, callerId: hotlineNumber }, ANY_INSTANT).twiml;
}

/**
 * The line as the fallback sees it: prompts and directory as the server loads them, but no
 * recordings, which are served by this service and so would be gone with it.
 */
export function loadFallbackHotline(paths: HotlinePaths = defaultPaths()): Hotline {
  return buildHotline({ ...readHotlineSources(paths), recordings: createRecordings([]) });
}

/** Writes DIR/voice-fallback.xml, whose transfer shows `hotlineNumber`, and returns its path. */
export function exportFallback(dir: string, hotlineNumber: string, hotline: Hotline = loadFallbackHotline()): string {
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, FALLBACK_FILE_NAME);
  writeFileSync(file, buildStaticFallback(hotline, hotlineNumber));
  return file;
}
