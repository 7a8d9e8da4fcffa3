import { speech } from '../prompts/prompt-key.js';
import { START } from './call-state.js';
import type { At } from './flow-context.js';
import type { Reply } from './reply.js';
import { menuAfter } from './shown-menu.js';

/**
 * The first answer: the 112 warning and the key of the language the caller's country suggests (or
 * of the line's first language), then every other language's key, then their 112 warnings, all
 * inside the language menu, so a key can be pressed at any moment.
 */
export const opening = (at: At): Reply => [menuAfter(START, at, speech('opening.danger'))];
