import type { Directory } from '../helplines/directory.js';
import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import type { HelplineKeys } from './helpline-keys.js';
import type { ReadingId, TopicId } from './call-state.js';

/** Numbers read in one part of the list of numbers: two numbers, each twice, stay well under a minute. */
const NUMBERS_PER_PART = 2;

export interface Readings {
  /** The sentences of each part of a reading, in order. */
  parts(reading: ReadingId): readonly (readonly Speech[])[];
  count(reading: ReadingId): number;
}

/** What is read out part by part: each topic as the prompt files group it, and the list of every number. */
export function createReadings(directory: Directory, helplineKeys: (id: string) => HelplineKeys, topicParts: Readonly<Record<TopicId, readonly (readonly PromptKey[])[]>>): Readings {
  /**
   * Every number in the directory, each twice, one sentence per helpline, a few helplines a part: the
   * introduction first, how to dial from a foreign SIM card last.
   */
  const numberParts: readonly (readonly Speech[])[] = (() => {
    const sentences = directory.helplines.map((h) => speech(helplineKeys(h.id).number));
    const parts: Speech[][] = [];
    for (let i = 0; i < sentences.length; i += NUMBERS_PER_PART) parts.push(sentences.slice(i, i + NUMBERS_PER_PART));
    parts[0]?.unshift(speech('numbers.intro'));
    parts.at(-1)?.push(speech('numbers.foreignSim'));
    return parts;
  })();
  const parts = (reading: ReadingId): readonly (readonly Speech[])[] =>
    reading === 'numbers' ? numberParts : topicParts[reading].map((keys) => keys.map((key) => speech(key)));
  return { parts, count: (reading) => parts(reading).length };
}

