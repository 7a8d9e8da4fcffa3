import { describeHours } from '../helplines/describe-hours.js';
import type { Directory, Helpline } from '../helplines/directory.js';
import { speech, type Speech } from '../prompts/prompt-key.js';
import type { Segment } from '../prompts/segments.js';
import type { LangCode, LineLanguage } from './call-state.js';
import type { HelplineKeys } from './helpline-keys.js';
import type { Reply, Say } from './reply.js';

/**
 * The static fallback: the one answer that is hosted away from this service, and that Twilio plays
 * when the service cannot answer at all. It warns about 112, puts the caller through to the helpline
 * that is always open and brings an interpreter, and, because it cannot come back to the service,
 * reads the numbers to call when that transfer ends or fails.
 */

/**
 * The helpline the fallback puts callers through to: one that can be dialled, is open day and night
 * on every date, and brings an interpreter, so it can help a caller of any language at any hour.
 */
export function fallbackHelpline(directory: Directory): Helpline {
  const helpline = directory.helplines.find((h) => h.dial && h.interpreter && h.hours === 'always' && h.closedDates.length === 0 && !h.closedOnHolidays);
  if (!helpline) {
    throw new Error('content/helplines.json has no helpline that can be dialled, is always open and brings an interpreter; the static fallback needs one to put callers through to.');
  }
  return helpline;
}

/** The number to call in danger, as content/helplines.json marks it ("emergency": true). */
export function emergencyHelpline(directory: Directory): Helpline {
  const helpline = directory.helplines.find((h) => h.emergency);
  if (!helpline) throw new Error('content/helplines.json has no helpline with "emergency": true (such as 112); the static fallback reads it to every caller.');
  return helpline;
}

/** The numbers read after the transfer: the helpline just tried, the others that can be dialled, then the emergency number. */
export function fallbackNumbers(directory: Directory): Helpline[] {
  const tried = fallbackHelpline(directory);
  const others = directory.helplines.filter((h) => h.dial && h.id !== tried.id);
  return [tried, ...others, emergencyHelpline(directory)];
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
  const helpline = fallbackHelpline(directory);
  const say = (lang: LangCode, s: Speech): Say => ({ kind: 'say', lang, key: s.key, segments: speak(lang, s) });
  const name = helplineKeys(helpline.id).name;
  if (!name) throw new Error(`"${helpline.id}" cannot be dialled, so it has no spoken name.`);
  const connecting = speech('staticFallback.connecting', { name: speech(name), lineHours: describeHours(helpline) });
  const numbers = fallbackNumbers(directory).map((h) => speech(helplineKeys(h.id).number));
  const first = languages[0];
  if (!first) throw new Error('prompts/languages.json lists no language.');

  return [
    ...languages.flatMap(({ code }) => [say(code, speech('staticFallback.danger')), say(code, connecting)]),
    // The state would shape a result URL; this transfer has none.
    { kind: 'dial', helplineId: helpline.id, state: { lang: first.code, helpline: helpline.id, tried: [], young: false }, onEnd: 'continue' },
    ...languages.flatMap(({ code }) => [
      say(code, speech('staticFallback.numbers')),
      ...numbers.map((s) => say(code, s)),
      say(code, speech('numbers.foreignSim')),
      say(code, speech('staticFallback.goodbye')),
    ]),
    { kind: 'hangup' },
  ];
}
