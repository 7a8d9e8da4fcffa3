import type { PromptKey } from '../prompts/prompt-key.js';
import type { Segment } from '../prompts/segments.js';
import type { DialStatus } from './call-status.js';
import type { CallState, DialState, LangCode, MenuId, TopicId } from './call-state.js';

/** One sentence in one language, resolved into words and numbers; the key finds its recording, if any. */
export interface Say {
  readonly kind: 'say';
  readonly lang: LangCode;
  readonly key: PromptKey;
  readonly segments: readonly Segment[];
  /** For a menu option's sentence: the key it offers (so checks can tell when an option has been heard). */
  readonly announces?: string;
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
  /**
   * When the transfer ends: report its result to the line (default), or go on with the next step of
   * this reply, for a document that cannot reach the line (the static fallback).
   */
  readonly onEnd?: 'return' | 'continue';
}

export interface Hangup {
  readonly kind: 'hangup';
}

export type Step = Say | Gather | Dial | Hangup;

/** What the line does next, in order; a reply always ends in a menu, a transfer or a goodbye. */
export type Reply = readonly Step[];

/** What a step means for the counts, decided by the flow: never who called. */
export type FlowEvent =
  | { readonly kind: 'call-started' }
  /** The language the caller's country code suggests when the call comes in ('none' for any other): never the number or the country. */
  | { readonly kind: 'language-suggested'; readonly lang: LangCode | 'none' }
  /** A menu that waits for the caller and comes back to the line without a key: went on, silent or left are counted against it. */
  | { readonly kind: 'menu-shown'; readonly menu: MenuId }
  | { readonly kind: 'silence'; readonly menu: MenuId }
  | { readonly kind: 'invalid-key'; readonly menu: MenuId }
  | { readonly kind: 'menu-choice'; readonly menu: MenuId; readonly key: string }
  | { readonly kind: 'language-chosen'; readonly lang: LangCode; readonly how: 'key' | 'guessed' }
  | { readonly kind: 'topic-heard'; readonly topic: TopicId; readonly lang: LangCode }
  | { readonly kind: 'transfer'; readonly helplineId: string; readonly outcome: 'started' | DialStatus | 'other' }
  /** The text message with the numbers: offered in an answer's menu, then sent or not. */
  | { readonly kind: 'message'; readonly lang: LangCode; readonly outcome: 'offered' | 'sent' | 'failed' };

/**
 * What the line does besides answering Twilio, performed by the adapter, which then feeds the result
 * back to the flow: send the helpline numbers by text message to the caller (then `message-result`).
 * A transfer and hanging up are steps of the reply: Twilio performs them from the TwiML.
 */
export type Effect = { readonly kind: 'send-numbers-message'; readonly lang: LangCode; readonly state: CallState };

/**
 * Everything one step of the call produces: what the caller hears and does next, and what to count.
 * With an effect the reply is empty: the adapter performs the effect and asks the flow again.
 */
export interface Outcome {
  readonly reply: Reply;
  readonly events: readonly FlowEvent[];
  readonly effects?: readonly Effect[];
}

/** What a step decides, before what it counts is derived from it: what the line says and does, and any effect to perform first. */
export type Decision = Omit<Outcome, 'events'>;
