import type { LangCode } from './call-state.js';
import type { PromptKey } from '../prompts/prompt-key.js';
import type { Menu, WordSource } from './menus.js';

/**
 * Spoken answers: what a caller says in a menu becomes the key it means, so the flow answers a
 * spoken "one" or "person" exactly as it answers key 1. Pure: the words come from the prompt files
 * through `SpokenWords`; nothing here knows Twilio.
 */

/** The keys a caller can say as a number or its name, each with its words (`spoken.keys.<name>`). */
export const SPOKEN_KEY_NAMES: Readonly<Record<string, string>> = {
  '0': '0', '1': '1', '2': '2', '3': '3', '4': '4', '5': '5', '6': '6', '7': '7', '8': '8', '9': '9', '*': 'star', '#': 'hash',
};

/** Where each prompt file lists how a caller names a language, as that file's recogniser writes it. */
export const languageNamesKey = (code: string): PromptKey => `spoken.languages.${code}` as PromptKey;

/** The words and phrases a caller may say, each as a prompt file writes it (see splitWordList). */
export interface SpokenWords {
  /** The words of a key said as a number ("один", "перший") in one language. */
  key(lang: LangCode, key: string): readonly string[];
  /** The words of an option as the recogniser of one language writes them. */
  option(lang: LangCode, source: WordSource): readonly string[];
}

/** What each option of a menu is called, and the key it answers to. */
export interface SpokenChoice {
  readonly key: string;
  /** Words said for the option itself, then words of its key said as a number. */
  readonly words: readonly string[];
  readonly numberWords: readonly string[];
}

/** A menu's options as a caller may say them in `lang`. */
export function spokenChoices(menu: Menu, lang: LangCode, words: SpokenWords): SpokenChoice[] {
  return menu.options.map((option) => ({
    key: option.key,
    words: option.words.flatMap((source) => words.option(lang, source)),
    numberWords: words.key(lang, option.key),
  }));
}

/**
 * Text as the matcher compares it: lower case, ё as е, one kind of apostrophe (kept inside a word,
 * as in "п'ять"), hyphens and punctuation as spaces. Both the caller's answer and the prompt files'
 * words pass through it.
 */
export function normalizeWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’ʼ‘`´′]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .split(' ')
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word !== '');
}

/** The words of a list in a prompt file ("один, перший"), as written; a phrase with no word in it is left out. */
export function splitWordList(list: string): string[] {
  return list
    .split(',')
    .map((phrase) => phrase.trim())
    .filter((phrase) => normalizeWords(phrase).length > 0);
}

interface Found {
  readonly key: string;
  readonly start: number;
  readonly length: number;
}

function occurrences(said: readonly string[], phrase: readonly string[], key: string): Found[] {
  const found: Found[] = [];
  for (let start = 0; start + phrase.length <= said.length; start++) {
    if (phrase.every((word, i) => said[start + i] === word)) found.push({ key, start, length: phrase.length });
  }
  return found;
}

/**
 * The key a spoken answer means in this menu, or undefined when it names no option, or names two of
 * which neither is the emergency option.
 * A digit said as a digit counts as that key. Where one option's phrase holds another option's word
 * ("признаки опасности" holds "опасности"), the longer phrase wins.
 */
export function understandSpoken(menu: Menu, lang: LangCode, said: string, words: SpokenWords): string | undefined {
  const heard = normalizeWords(said);
  if (heard.length === 0) return undefined;
  const found: Found[] = [];
  for (const choice of spokenChoices(menu, lang, words)) {
    for (const phrase of [...choice.words, ...choice.numberWords]) found.push(...occurrences(heard, normalizeWords(phrase), choice.key));
  }
  heard.forEach((word, start) => {
    const option = menu.options.find((o) => o.key === word);
    if (option) found.push({ key: option.key, start, length: 1 });
  });
  const covers = (outer: Found, inner: Found) => outer.length > inner.length && outer.start <= inner.start && outer.start + outer.length >= inner.start + inner.length;
  const kept = found.filter((f) => !found.some((other) => other.key !== f.key && covers(other, f)));
  const keys = new Set(kept.map((f) => f.key));
  if (keys.size === 1) return [...keys][0];
  // "Help, I am in danger" names two options: the police numbers are the one answer that is right
  // whatever else the caller meant, so danger wins over anything it is said with.
  return menu.options.find((o) => o.action.kind === 'emergency' && keys.has(o.key))?.key;
}

/** What Twilio posts for a spoken answer: the words it heard, and how sure it is (0 to 1). */
export interface SpokenAnswer {
  readonly said: string;
  /** Undefined when Twilio sent none or something that is not a number: then it counts as 0. */
  readonly confidence: number | undefined;
}

/**
 * The key a spoken answer stands for, or undefined when it was not understood: Twilio was less sure
 * than `minConfidence`, or the words name no option of this menu (or two of them).
 */
export function keyForSpokenAnswer(answer: SpokenAnswer, menu: Menu, lang: LangCode, words: SpokenWords, minConfidence: number): string | undefined {
  const confidence = answer.confidence !== undefined && Number.isFinite(answer.confidence) ? answer.confidence : 0;
  if (confidence < minConfidence) return undefined;
  return understandSpoken(menu, lang, answer.said, words);
}

/** The words a menu listens for, for Twilio's `hints`: each option's words and its key's number words, once each. */
export function hintsFor(menu: Menu, lang: LangCode, words: SpokenWords): string[] {
  return [...new Set(spokenChoices(menu, lang, words).flatMap((choice) => [...choice.words, ...choice.numberWords]))];
}

/** A problem with a menu's words in one language: an option with none, or one word for two options. */
export function checkSpokenChoices(menu: Menu, lang: LangCode, words: SpokenWords): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const choice of spokenChoices(menu, lang, words)) {
    if (choice.words.length === 0) problems.push(`${lang}: in the ${menu.id} menu, option ${choice.key} has no words to say it with.`);
    if (choice.numberWords.length === 0) problems.push(`${lang}: key ${choice.key} has no words to say it as a number.`);
    for (const word of new Set([...choice.words, ...choice.numberWords].map((phrase) => normalizeWords(phrase).join(' ')))) {
      const other = owner.get(word);
      if (other !== undefined && other !== choice.key) problems.push(`${lang}: in the ${menu.id} menu, "${word}" is a word of both ${other} and ${choice.key}.`);
      else owner.set(word, choice.key);
    }
  }
  return problems;
}

/**
 * The words of the prompt files, read once per language and word list: `text` resolves a prompt key
 * in a language, `helplineName` gives the key of a helpline's spoken name.
 */
/**
 * `emergencyNumber` is the number to call in danger as a recogniser writes it when said aloud (digits,
 * "112"): it names the emergency option in every language, read from the directory like every number.
 */
export function spokenWordsFrom(text: (lang: string, key: PromptKey) => string, helplineName: (id: string) => PromptKey | undefined, emergencyNumber?: string): SpokenWords {
  const lists = new Map<string, readonly string[]>();
  const read = (lang: string, key: PromptKey | undefined): readonly string[] => {
    if (!key) return [];
    const cacheKey = `${lang}|${key}`;
    let list = lists.get(cacheKey);
    if (!list) {
      list = splitWordList(text(lang, key));
      lists.set(cacheKey, list);
    }
    return list;
  };
  return {
    key: (lang, key) => (SPOKEN_KEY_NAMES[key] ? read(lang, `spoken.keys.${SPOKEN_KEY_NAMES[key]}` as PromptKey) : []),
    option(lang, source) {
      switch (source.kind) {
        case 'option': {
          const words = read(lang, `spoken.options.${source.id}`);
          return source.id === 'emergency' && emergencyNumber ? [...words, emergencyNumber] : words;
        }
        case 'helpline':
          return read(lang, helplineName(source.id));
        case 'language-name':
          return read(lang, languageNamesKey(source.lang));
      }
    },
  };
}
