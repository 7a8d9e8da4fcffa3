import { speech } from '../prompts/prompt-key.js';
import type { CallState, ReadingId } from './call-state.js';
import { audienceOf, say, type At, type Audience } from './flow-context.js';
import type { Reply, Say } from './reply.js';
import { enter, menuReply } from './shown-menu.js';

/** The sentences of one part of a reading. */
export const readPart = (at: At, lang: Audience, reading: ReadingId, part: number): Say[] =>
  (at.flow.readingParts(reading)[part - 1] ?? []).flatMap((s) => say(at, lang, s));

/** Starts reading something out: its first part, then the menu that goes on to the next. A topic says once that any key stops it. */
export function startReading(state: CallState, reading: ReadingId, at: At, preface: readonly Say[] = []): Reply {
  const lang = audienceOf(state, at);
  const announce = reading === 'numbers' ? [] : say(at, lang, speech('topicMenu.anyKey'));
  return menuReply({ ...enter(state, 'part'), reading, part: 1 }, at, [...preface, ...announce, ...readPart(at, lang, reading, 1)]);
}
