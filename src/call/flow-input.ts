import type { DialStatus } from './call-status.js';
import type { CallState, DialState, LangCode } from './call-state.js';

/** Everything the call flow needs to decide one step; nothing else may change its answer but the minute. */
export type FlowInput =
  | { readonly kind: 'answer' }
  | {
      readonly kind: 'menu';
      readonly state: CallState;
      /** The key pressed; undefined when none was, '?' for anything Twilio could not have sent. */
      readonly digits: string | undefined;
      /** The language the caller's country code suggests, used when nothing is chosen. */
      readonly likelyLang: LangCode | undefined;
    }
  | { readonly kind: 'dial-result'; readonly state: DialState; readonly status: DialStatus | undefined }
  /** The nearest menu, for a request that cannot be read any other way. */
  | { readonly kind: 'show-menu'; readonly state: CallState }
  /** When anything fails: the emergency number, a 24-hour line, and a way to start again. */
  | { readonly kind: 'fail-safe'; readonly lang: LangCode | undefined };

/** Serialises a value with its object keys sorted, so the same input always gives the same text. */
function stableText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) text += `${key}:${stableText(record[key])},`;
  }
  return `${text}}`;
}

/**
 * The key under which a step's answer may be shared: the whole input the flow receives, so a field
 * added to the input can never be left out of it.
 */
export const inputKey = (input: FlowInput): string => stableText(input);
