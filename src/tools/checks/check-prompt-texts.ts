import { collectLeafKeys, type Directory, findMissingKeys, type HotlineSources, type Language, MESSAGE_BODY_KEY, type PromptTree, REFERENCE_LANGUAGE, toSegments } from '../../hotline/index.js';

/** The checks of the prompt files' text itself: completeness, letters, numbers, the message's words. */

/** Three or more digits, possibly in groups: a phone number written out instead of a [[token]]. */
const LITERAL_NUMBER = /(?<![\d:])\+?\d(?:[\d ]*\d){2,}(?![\d:])/g;

const leaves = (tree: PromptTree) => new Map(collectLeafKeys(tree).map((key) => [key, leafValue(tree, key)]));

function leafValue(tree: PromptTree, key: string): string {
  let node: string | PromptTree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : '';
}

export function checkCompleteness(sources: HotlineSources, problems: string[]): Map<string, number> {
  const missing = findMissingKeys(sources.files, sources.languages);
  // Keys a language has that the reference lacks are as much a mismatch as the other way round.
  const reference = new Set(collectLeafKeys(sources.files[REFERENCE_LANGUAGE] ?? {}));
  const extra = sources.languages.flatMap((l) => collectLeafKeys(sources.files[l.code] ?? {}).filter((key) => !reference.has(key)).map((key) => ({ lang: REFERENCE_LANGUAGE, key })));
  const count = new Map<string, number>();
  for (const { lang, key } of [...missing, ...extra]) {
    problems.push(`${lang}: "${key}" is missing (it exists in another language).`);
    count.set(lang, (count.get(lang) ?? 0) + 1);
  }
  for (const language of sources.languages) {
    for (const [key, value] of leaves(sources.files[language.code] ?? {})) if (value.trim() === '') problems.push(`${language.code}: "${key}" is empty.`);
  }
  return count;
}

export function checkLetters(language: Language, tree: PromptTree, problems: string[]): void {
  if (!language.notLetters) return;
  const global = new RegExp(language.notLetters.source, 'gu');
  for (const [key, value] of leaves(tree)) {
    const found = [...new Set(value.match(global) ?? [])];
    if (found.length > 0) problems.push(`${language.code}: "${key}" uses ${found.join(', ')}, which ${language.code} does not use.`);
  }
}

export function checkNumbers(language: Language, tree: PromptTree, directory: Directory, problems: string[]): void {
  const spoken = new Set<string>();
  const byDigits = new Map(directory.helplines.map((h) => [h.dialString.replace(/^\+47/, ''), h]));
  for (const [key, value] of leaves(tree)) {
    const segments = toSegments(value);
    for (const segment of segments) {
      // A token naming no helpline is told by the placeholder check (src/hotline/prompts/placeholders.ts).
      if (segment.kind === 'number' && directory.find(segment.helplineId)) spoken.add(segment.helplineId);
    }
    const words = segments.map((s) => (s.kind === 'text' ? s.text : ' ')).join('');
    for (const match of words.matchAll(LITERAL_NUMBER)) {
      const digits = match[0].replace(/[ +]/g, '').replace(/^47(?=\d{8}$)/, '');
      const known = byDigits.get(digits);
      problems.push(
        known
          ? `${language.code}: "${key}" writes the number "${match[0]}"; write [[${known.id}]] so it is read from content/helplines.json.`
          : `${language.code}: "${key}" contains "${match[0]}", which differs from every number in content/helplines.json.`,
      );
    }
  }
  for (const helpline of directory.helplines) {
    if (!spoken.has(helpline.id)) problems.push(`${language.code}: the number of "${helpline.id}" is never spoken.`);
  }
}

/**
 * The words the text message may hold, per language, once numbers and opening hours are taken out:
 * the fixed words of its template (content/message-words.json, a reviewed list, so new wording
 * cannot slip in with an edit of the prompts alone) and the helplines' names. A message on a phone
 * someone else reads must look like an ordinary list of numbers.
 */
export type MessageWords = Readonly<Record<string, readonly string[]>>;

const PLACEHOLDER = /\{\{([^}]*)\}\}/g;
const ALLOWED_PLACEHOLDER = /^writtenHours\.[a-z0-9-]+$/;
const WORD = /\p{L}+/gu;

/** The helplines' names as the prompts write them, in this language and the reference language. */
function helplineNames(tree: PromptTree, reference: PromptTree): string[] {
  return [tree, reference].flatMap((t) => [...leaves(t)].filter(([key]) => /^helplines\.[^.]+\.name$/.test(key)).map(([, value]) => value));
}

/** The text message holds only allowed words and hours placeholders (checked in the file, before anything is filled in). */
export function checkMessageWords(language: Language, files: Readonly<Record<string, PromptTree>>, allowed: MessageWords, problems: string[]): void {
  const tree = files[language.code] ?? {};
  const body = leaves(tree).get(MESSAGE_BODY_KEY);
  if (body === undefined) return;
  const where = `${language.code}: "${MESSAGE_BODY_KEY}"`;
  const placeholders = [...body.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !ALLOWED_PLACEHOLDER.test(name.trim()));
  if (placeholders.length > 0) problems.push(`${where} uses {{${placeholders.join('}}, {{')}}}; the text message may only fill in opening hours, as {{writtenHours.<id>}}.`);
  const own = allowed[language.code];
  if (!own) {
    problems.push(`${language.code}: content/message-words.json has no list for "${language.code}"; the text message can only be checked against one.`);
    return;
  }
  const words = new Set([...own, ...helplineNames(tree, files[REFERENCE_LANGUAGE] ?? {}).flatMap((name) => name.match(WORD) ?? [])].map((w) => w.toLocaleLowerCase(language.code)));
  const text = body.replace(PLACEHOLDER, ' ').replace(/\[\[[^\]]*\]\]/g, ' ');
  const unknown = [...new Set((text.match(WORD) ?? []).filter((w) => !words.has(w.toLocaleLowerCase(language.code))))];
  if (unknown.length > 0) {
    problems.push(`${where} says "${unknown.join('", "')}", which content/message-words.json does not allow; the text message may hold only helpline names and its template's fixed words, so it reads as an ordinary list of numbers.`);
  }
}
