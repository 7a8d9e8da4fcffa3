import type english from '../../../prompts/en.json';

type LeafPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every key of the reference language file; a typo in code fails `tsc`. */
export type PromptKey = LeafPaths<typeof english>;

/** The value of a placeholder: plain text, or another prompt resolved in the same language. */
export type PromptParam = string | Speech;
export type PromptParams = Readonly<Record<string, PromptParam | Readonly<Record<string, PromptParam>>>>;

/** A sentence to speak: a prompt key and its placeholders, language chosen at render time. */
export interface Speech {
  readonly key: PromptKey;
  readonly params?: PromptParams;
}

export function speech(key: PromptKey, params?: PromptParams): Speech {
  return params ? { key, params } : { key };
}
