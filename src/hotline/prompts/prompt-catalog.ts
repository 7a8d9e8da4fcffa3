import type { PromptTree } from '../../content/prompt-file-schema.js';
import i18next, { type TFunction } from 'i18next';
import type { Language } from './languages.js';
import { PromptFileError } from './languages.js';
import type { PromptKey, PromptParams, Speech } from './prompt-key.js';
import { toSegments, type Segment } from './segments.js';

export const REFERENCE_LANGUAGE = 'en';

/**
 * A placeholder that ends in an abbreviation ("four p.m.") before the sentence's own full stop
 * would be written "p.m.."; the abbreviation's stop ends the sentence.
 */
const STOP_AFTER_ABBREVIATION = /((?<!\p{L})\p{L}\.\p{L}\.)\.(?!\.)/gu;

export type { PromptTree };

/** Every spoken word, in every language, loaded once at start-up. */
export interface PromptCatalog {
  readonly languages: readonly Language[];
  language(code: string): Language | undefined;
  /** Resolves a speech to text in one language; `[[id]]` number tokens are left in place. */
  text(lang: string, speech: Speech): string;
  /** Resolves a speech in one language into words and numbers (kept: the same speech is resolved once). */
  segments(lang: string, speech: Speech): readonly Segment[];
  /** The keys under a prefix, in the reference file's order (topics are read part by part). */
  keysUnder(prefix: string): PromptKey[];
  /** Every key, in the reference file's order. */
  keys(): readonly PromptKey[];
  /** A key built from parts (such as a helpline id), checked once against the reference prompts. */
  checkedKey(raw: string): PromptKey;
}

/** Keys the reference language has that another language lacks; the one completeness check. */
export function findMissingKeys(files: Readonly<Record<string, PromptTree>>, languages: readonly Language[]): { lang: string; key: string }[] {
  const reference = collectLeafKeys(files[REFERENCE_LANGUAGE] ?? {});
  return languages.flatMap((language) => {
    const own = new Set(collectLeafKeys(files[language.code] ?? {}));
    return reference.filter((key) => !own.has(key)).map((key) => ({ lang: language.code, key }));
  });
}


export function collectLeafKeys(tree: PromptTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : collectLeafKeys(value, `${prefix}${key}.`),
  );
}

/** The reference file's keys, in order, once every language is there with every key; else a sentence naming what is missing. */
function checkedReferenceKeys(languages: readonly Language[], files: Readonly<Record<string, PromptTree>>): string[] {
  const reference = files[REFERENCE_LANGUAGE];
  if (!reference) throw new PromptFileError(`The reference prompts "${REFERENCE_LANGUAGE}.json" are missing.`);
  for (const language of languages) {
    if (!files[language.code]) throw new PromptFileError(`The prompts of "${language.code}" are missing.`);
    const missing = findMissingKeys(files, [language]).map((m) => m.key);
    if (missing.length > 0) {
      throw new PromptFileError(`prompts/${language.code}.json lacks ${missing.length} key(s): ${missing.slice(0, 5).join(', ')}`);
    }
  }
  return collectLeafKeys(reference);
}

/** One translation function per prompt file, each bound to its language. */
function translatorsFor(files: Readonly<Record<string, PromptTree>>): Map<string, TFunction> {
  const i18n = i18next.createInstance();
  void i18n.init({
    initAsync: false,
    resources: Object.fromEntries(Object.entries(files).map(([code, tree]) => [code, { translation: tree }])),
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return new Map(Object.keys(files).map((code) => [code, i18n.getFixedT(code)]));
}

const UNFILLED = /\{\{[^}]*\}\}/;

/** Resolves each speech into words and numbers once per language: prompts are few and their parameters come from menus and the directory, so this stays small. */
function keptSegments(text: (lang: string, s: Speech) => string): (lang: string, s: Speech) => readonly Segment[] {
  const resolved = new Map<string, readonly Segment[]>();
  return (lang, s) => {
    const key = `${lang}|${JSON.stringify(s)}`;
    let found = resolved.get(key);
    if (!found) {
      const words = text(lang, s);
      // A {{name}} nothing filled in would be read aloud to the caller: the answer fails instead (the
      // fail-safe), and the prompt check, which says every reachable answer, names it before a deploy.
      const unfilled = UNFILLED.exec(words)?.[0];
      if (unfilled) throw new PromptFileError(`prompts/${lang}.json: "${s.key}" uses ${unfilled}, which the line does not fill in there.`);
      found = Object.freeze(toSegments(words));
      resolved.set(key, found);
    }
    return found;
  };
}

export function createPromptCatalog(
  languages: readonly Language[],
  files: Record<string, PromptTree>,
  commonParams: (lang: string) => PromptParams = () => ({}),
): PromptCatalog {
  const referenceKeys = checkedReferenceKeys(languages, files);
  const known = new Set(referenceKeys);
  const translators = translatorsFor(files);
  const byCode = new Map(languages.map((l) => [l.code, l]));

  // Placeholders shared by every prompt (such as opening hours), resolved once per language.
  const commonResolved = new Map<string, Record<string, unknown>>();

  const resolveParams = (lang: string, params: PromptParams | undefined): Record<string, unknown> => {
    const resolved: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(params ?? {})) {
      if (typeof value === 'string') resolved[name] = value;
      else if (isSpeech(value)) resolved[name] = text(lang, value);
      else resolved[name] = resolveParams(lang, value as PromptParams);
    }
    return resolved;
  };

  const translate = (lang: string, s: Speech, replace: Record<string, unknown>): string => {
    const t = translators.get(lang);
    if (!t) throw new PromptFileError(`No prompts for language "${lang}".`);
    const out = t(s.key, { replace });
    if (typeof out !== 'string' || out === s.key) {
      throw new PromptFileError(`Prompt "${s.key}" is missing in prompts/${lang}.json.`);
    }
    return out.replace(STOP_AFTER_ABBREVIATION, '$1');
  };

  function sharedParams(lang: string): Record<string, unknown> {
    let shared = commonResolved.get(lang);
    if (!shared) {
      shared = {};
      for (const [name, value] of Object.entries(commonParams(lang))) {
        // Shared placeholders are built from plain phrases, which never use shared placeholders themselves.
        shared[name] = typeof value === 'string' ? value : isSpeech(value) ? translate(lang, value, {}) : Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : text(lang, v as Speech)]),
        );
      }
      commonResolved.set(lang, shared);
    }
    return shared;
  }

  function text(lang: string, s: Speech): string {
    return translate(lang, s, { ...(commonResolved.get(lang) ?? {}), ...resolveParams(lang, s.params) });
  }

  for (const code of Object.keys(files)) sharedParams(code);

  return {
    languages,
    language: (code) => byCode.get(code),
    text,
    segments: keptSegments(text),
    // The reference file's keys are exactly the PromptKey type, so a key found among them is one.
    keysUnder: (prefix) => referenceKeys.filter((key) => key.startsWith(`${prefix}.`)) as PromptKey[],
    keys: () => referenceKeys as PromptKey[],
    checkedKey(raw) {
      if (!known.has(raw)) throw new PromptFileError(`prompts/${REFERENCE_LANGUAGE}.json has no "${raw}", which the helpline directory needs.`);
      return raw as PromptKey;
    },
  };
}

/** Nested records (such as `hours`) map helpline ids to speeches, so a string `key` marks a speech. */
function isSpeech(value: unknown): value is Speech {
  return typeof value === 'object' && value !== null && typeof (value as Speech).key === 'string';
}
