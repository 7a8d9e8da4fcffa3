import type { PromptTree } from '../../content/prompt-file-schema.js';
import { closestName } from './closest-name.js';
import { PromptFileError } from './languages.js';
import { collectLeafKeys, REFERENCE_LANGUAGE } from './prompt-catalog.js';

/**
 * Every placeholder of every prompt must name something the line has, or a caller hears the
 * fail-safe message (a `[[number]]` no helpline has) or the placeholder read aloud (a `{{name}}`
 * nothing fills in). Checked once, when the line is built and by the prompt check.
 */

/** The placeholders every prompt may use, each followed by a helpline id: `{{hours.rosa}}`. */
export const SHARED_PLACEHOLDERS = ['hours', 'writtenHours'] as const;
export type SharedPlaceholder = (typeof SHARED_PLACEHOLDERS)[number];

const NUMBER = /\[\[([^\]]*)\]\]/g;
const NAME = /\{\{([^}]*)\}\}/g;

function leafText(tree: PromptTree, key: string): string {
  let node: string | PromptTree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : '';
}

/** The end of a sentence: a full stop, or the question whether a close name was meant. */
const didYouMean = (suggestion: string | undefined, write: (name: string) => string) => (suggestion === undefined ? '.' : `; did you mean ${write(suggestion)}?`);

interface Where {
  readonly file: string;
  readonly key: string;
}

/** What is wrong with one `{{name}}` in one prompt, or undefined when the line fills it in. */
function nameProblem(where: Where, name: string, helplineIds: readonly string[], referenceNames: ReadonlySet<string> | undefined): string | undefined {
  const at = `${where.file}: "${where.key}" uses {{${name}}}`;
  const [group, id, ...rest] = name.trim().split('.');
  const shared = (SHARED_PLACEHOLDERS as readonly string[]).includes(group ?? '');
  if (shared && id !== undefined && rest.length === 0) {
    if (helplineIds.includes(id)) return undefined;
    return `${at}, but "${id}" is not a helpline in content/helplines.json${didYouMean(closestName(id, helplineIds), (s) => `{{${group}.${s}}}`)}`;
  }
  if (name.includes('.') || shared) {
    const known = SHARED_PLACEHOLDERS.flatMap((g) => helplineIds.map((h) => `${g}.${h}`));
    return `${at}, which the line does not fill in: opening hours are {{hours.<helpline id>}} or {{writtenHours.<helpline id>}}${didYouMean(closestName(name.trim(), known), (s) => `{{${s}}}`)}`;
  }
  // The reference file's own names are the ones the call flow fills in; a translation uses only those.
  if (!referenceNames || referenceNames.has(name)) return undefined;
  const names = [...referenceNames];
  const has = names.length === 0 ? 'has no placeholder' : `has ${names.map((n) => `{{${n}}}`).join(', ')}`;
  return `${at}, which the line does not fill in there (prompts/${REFERENCE_LANGUAGE}.json ${has})${didYouMean(closestName(name, names), (s) => `{{${s}}}`)}`;
}

/** What is wrong with one `[[number]]` in one prompt, or undefined when it names a helpline. */
function numberProblem(where: Where, token: string, helplineIds: readonly string[], referenceNames: ReadonlySet<string> | undefined): string | undefined {
  const inner = /^\{\{([^}]*)\}\}$/.exec(token.trim());
  // [[{{id}}]]: the number of whichever helpline the call flow names.
  if (inner) return nameProblem(where, inner[1] ?? '', helplineIds, referenceNames);
  if (helplineIds.includes(token)) return undefined;
  return `${where.file}: "${where.key}" names the number [[${token}]], but "${token}" is not a helpline in content/helplines.json${didYouMean(closestName(token, helplineIds), (s) => `[[${s}]]`)}`;
}

const namesIn = (text: string) => new Set([...text.matchAll(NAME)].map((m) => m[1] ?? ''));

/**
 * One sentence for each placeholder that names nothing the line has, in every prompt of every file:
 * `[[id]]` must be a helpline, `{{hours.id}}` and `{{writtenHours.id}}` a helpline's hours, and any
 * other `{{name}}` in a translation one that the reference file's same prompt uses.
 */
export function findPlaceholderProblems(files: Readonly<Record<string, PromptTree>>, helplineIds: readonly string[]): string[] {
  const reference = files[REFERENCE_LANGUAGE] ?? {};
  const problems: string[] = [];
  const codes = [REFERENCE_LANGUAGE, ...Object.keys(files).filter((code) => code !== REFERENCE_LANGUAGE)];
  for (const code of codes) {
    const tree = files[code] ?? {};
    for (const key of collectLeafKeys(tree)) {
      const text = leafText(tree, key);
      const where = { file: `prompts/${code}.json`, key };
      const referenceNames = code === REFERENCE_LANGUAGE ? undefined : namesIn(leafText(reference, key));
      for (const match of text.matchAll(NUMBER)) {
        const problem = numberProblem(where, match[1] ?? '', helplineIds, referenceNames);
        if (problem) problems.push(problem);
      }
      // Names inside a number token were judged with it.
      for (const match of text.replace(NUMBER, ' ').matchAll(NAME)) {
        const problem = nameProblem(where, match[1] ?? '', helplineIds, referenceNames);
        if (problem) problems.push(problem);
      }
    }
  }
  // A prompt that says a number twice ("Again: [[rosa]]") has its mistake told once.
  return [...new Set(problems)];
}

/** Stops the build of the line at the first placeholder that names nothing it has. */
export function checkPlaceholders(files: Readonly<Record<string, PromptTree>>, helplineIds: readonly string[]): void {
  const [first] = findPlaceholderProblems(files, helplineIds);
  if (first !== undefined) throw new PromptFileError(first);
}
