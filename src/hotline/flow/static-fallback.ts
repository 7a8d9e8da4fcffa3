import { describeHours } from '../helplines/describe-hours.js';
import type { Directory, Helpline } from '../helplines/directory.js';
import { speech, type Speech } from '../prompts/prompt-key.js';
import type { Segment } from '../prompts/segments.js';
import type { LangCode, LineLanguage } from './call-state.js';
import type { HelplineKeys } from './helpline-keys.js';
import type { Reply, Say } from './reply.js';

/**
 * The static fallback: the one answer that is hosted away from this service, and that Twilio plays
 * when the service cannot answer at all. It warns about 112, puts the caller through to the line
 * that is always open and brings an interpreter, and, because it cannot come back to the service,
 * reads the numbers to call when that transfer ends or fails.
 */

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

/** What the static fallback reads of the line: its languages, its directory and the prompts for each helpline. */
export interface StaticFallbackSource {
  readonly languages: readonly LineLanguage[];
  readonly directory: Directory;
  readonly helplineKeys: (id: string) => HelplineKeys;
  readonly speak: (lang: LangCode, s: Speech) => readonly Segment[];
}

/**
 * The fallback as the call flow says it: in every language, in the language menu's order, the 112
 * warning and the transfer; one transfer that goes on to the next step when it ends (there is no
 * service to report to); then in every language the numbers (each prompt reads its number twice) and
 * a goodbye, and the end of the call.
 */
export function staticFallbackReply({ languages, directory, helplineKeys, speak }: StaticFallbackSource): Reply {
  const line = fallbackLine(directory);
  const say = (lang: LangCode, s: Speech): Say => ({ kind: 'say', lang, key: s.key, segments: speak(lang, s) });
  const name = helplineKeys(line.id).name;
  if (!name) throw new Error(`"${line.id}" cannot be dialled, so it has no spoken name.`);
  const connecting = speech('staticFallback.connecting', { name: speech(name), lineHours: describeHours(line) });
  const numbers = fallbackNumbers(directory).map((h) => speech(helplineKeys(h.id).number));
  const first = languages[0];
  if (!first) throw new Error('prompts/languages.json lists no language.');

  return [
    ...languages.flatMap(({ code }) => [say(code, speech('staticFallback.danger')), say(code, connecting)]),
    // The state would shape a result URL; this transfer has none.
    { kind: 'dial', helplineId: line.id, state: { lang: first.code, line: line.id, tried: [], young: false }, onEnd: 'continue' },
    ...languages.flatMap(({ code }) => [
      say(code, speech('staticFallback.numbers')),
      ...numbers.map((s) => say(code, s)),
      say(code, speech('numbers.foreignSim')),
      say(code, speech('staticFallback.goodbye')),
    ]),
    { kind: 'hangup' },
  ];
}
