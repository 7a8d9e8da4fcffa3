import { speech } from '../prompts/prompt-key.js';
import { START } from './call-state.js';
import { say, type At } from './flow-context.js';
import type { Reply } from './reply.js';
import { languageKey } from './shown-menu.js';

/**
 * The first answer: the 112 warning and the key of the language the caller's country suggests (or
 * of the line's first language), then every other language's key, then their 112 warnings, all
 * inside the language menu, so a key can be pressed at any moment. Unlike the menus that follow, the
 * other languages' warnings come after every key: each added language adds only its short key
 * sentence before the last key, and every caller still hears 112 in their language.
 */
export function opening(at: At): Reply {
  const [first, ...others] = at.order;
  const danger = speech('opening.danger');
  return [{ kind: 'gather', state: START, body: [...(first ? say(at, first, danger) : []), ...at.order.flatMap((code) => languageKey(at, code)), ...say(at, others, danger)] }];
}
