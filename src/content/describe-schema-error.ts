import type { z } from 'zod';

/**
 * Turns the first problem zod finds in a file or the environment into the one sentence an operator
 * reads at start-up: who (the file and its entry, or the variable), which field, what is expected.
 *
 * Schemas give their own messages where zod's would be vague. A message is a clause about the
 * subject: either a predicate ("needs …", "is …", "has …"), joined with a space
 * ("PORT is "eighty", but …"), or a clause of its own ("\"number\" must be …"), joined after a colon.
 * A message that starts with "must " is about the field the issue is on, and gets its name in front
 * ("\"opening.danger\" must be …") when that field lies inside the subject.
 * Where a schema gives none, a clause is made here from the issue's code, its path and the value.
 */

/** Stands for "no message given": zod's own are replaced by a clause made here. */
const NO_MESSAGE = '\u0000';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Names what a path points into, and the part of the path left inside it. */
export type NameSubject = (path: Path, input: unknown) => { subject: string; field: Path };

/** Parses with a schema, or throws `fail` with one sentence about the first problem. */
export function parseOrFail<S extends z.ZodType>(
  schema: S,
  input: unknown,
  name: NameSubject,
  fail: new (message: string) => Error,
): z.output<S> {
  const result = schema.safeParse(input, { error: () => NO_MESSAGE, reportInput: true });
  if (result.success) return result.data;
  throw new fail(describeSchemaError(result.error, input, name));
}

export function describeSchemaError(error: z.core.$ZodError, input: unknown, name: NameSubject): string {
  const first = error.issues[0];
  if (!first) return 'The input is not valid.';
  const issue = settle(first);
  const { subject, field } = name(issue.path, input);
  const clause = issue.message === NO_MESSAGE ? clauseFor(issue, field) : field.length > 0 && issue.message.startsWith('must ') ? `${label(field)} ${issue.message}` : issue.message;
  return sentence(subject, clause);
}

/** The subject and clause as one sentence; a predicate follows the subject, a clause comes after a colon. */
function sentence(subject: string, clause: string): string {
  const joined = /^(needs|is|has|must) /.test(clause) ? `${subject} ${clause}` : `${subject}: ${clause}`;
  return /[.!?]$/.test(joined) ? joined : `${joined}.`;
}

/**
 * A value that fits none of a union's forms: when it has the kind of one form (an object where weekly
 * hours or "always" are allowed), the problem inside that form is the useful one; otherwise the union's.
 */
function settle(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  const branch = issue.errors.find((issues) => {
    const inner = issues[0];
    return inner !== undefined && !(inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value'));
  });
  const inner = branch?.[0];
  if (!inner) return issue;
  return settle({ ...inner, path: [...issue.path, ...inner.path] } as Issue);
}

/** "timeZone", "hours.mon", item 2 of "languages". */
function label(field: Path): string {
  let end = field.length;
  while (end > 0 && typeof field[end - 1] === 'number') end--;
  const keys = field.slice(0, end).map(String).join('.');
  const indexes = field.slice(end) as number[];
  const named = keys ? `"${keys}"` : 'the list';
  return indexes.reduceRight<string>((inner, index) => `item ${index + 1} of ${inner}`, named);
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** A value as an operator wrote it, shortened. */
export function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

function clauseFor(issue: Issue, field: Path): string {
  const what = label(field);
  const whole = field.length === 0;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.input === undefined && !whole) return `needs ${what} (${expected})`;
      return whole ? `is ${shown(issue.input)}, but it must be ${expected}` : `${what} is ${shown(issue.input)}, but it must be ${expected}`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(' or ');
      return whole ? `is ${shown(issue.input)}, but it must be ${allowed}` : `${what} is ${shown(issue.input)}, but it must be ${allowed}`;
    }
    case 'unrecognized_keys':
      return whole ? `has an unknown field "${issue.keys[0]}"` : `${what} has an unknown field "${issue.keys[0]}"`;
    case 'too_small':
      return whole ? 'must not be empty' : `${what} must not be empty`;
    case 'too_big':
      return whole ? `must be at most ${String(issue.maximum)}` : `${what} must be at most ${String(issue.maximum)}`;
    default:
      return whole ? `is ${shown(issue.input)}, which is not valid here` : `${what} is ${shown(issue.input)}, which is not valid here`;
  }
}

/**
 * Subjects for a file whose entries sit in one list: an entry is named by its name field when that
 * is usable ("content/helplines.json, helpline \"caritas\""), else by its place ("helpline 3").
 */
export function fileWithEntries(where: string, list: string, entry: string, nameField: string, usable: RegExp): NameSubject {
  return (path, input) => {
    const index = path[1];
    if (path[0] !== list || typeof index !== 'number') return { subject: where, field: path };
    const entries = (input as Record<string, unknown> | null | undefined)?.[list];
    const name = Array.isArray(entries) ? (entries[index] as Record<string, unknown> | null | undefined)?.[nameField] : undefined;
    const named = typeof name === 'string' && usable.test(name) ? `${entry} "${name}"` : `${entry} ${index + 1}`;
    return { subject: `${where}, ${named}`, field: path.slice(2) };
  };
}
