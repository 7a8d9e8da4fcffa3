import type { Speech } from '../prompts/prompt-key.js';
import type { CallState, DialState } from './call-state.js';

/** Who hears a sentence: one language, or every language in menu order (before the caller chose one). */
export type Audience = string | 'all';

export interface Say {
  readonly kind: 'say';
  readonly lang: Audience;
  readonly speech: Speech;
}

/** A menu waiting for one key; the caller may press it while the body is spoken. Silence comes back to the same state. */
export interface Gather {
  readonly kind: 'gather';
  readonly state: CallState;
  readonly body: readonly Say[];
  /** Without a key: come back to the same state (default), or go on with the next step of this reply. */
  readonly onSilence?: 'return' | 'continue';
}

export interface Dial {
  readonly kind: 'dial';
  readonly helplineId: string;
  readonly state: DialState;
}

export interface Hangup {
  readonly kind: 'hangup';
}

export type Step = Say | Gather | Dial | Hangup;

/** What the line does next, in order; a reply always ends in a menu, a transfer or a goodbye. */
export type Reply = readonly Step[];

export const say = (lang: Audience, s: Speech): Say => ({ kind: 'say', lang, speech: s });
