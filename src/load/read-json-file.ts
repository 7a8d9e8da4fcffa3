import { readFileSync } from 'node:fs';
import { errorMessage } from '../content/error-message.js';

/** Line and column (both from 1) of a character position in a text. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

/** A comma just before a closing bracket or brace, the commonest slip in a hand-edited JSON file. */
function trailingCommaBefore(text: string, position: number): number | undefined {
  const next = text.charAt(position);
  if (next !== ']' && next !== '}') return undefined;
  return /,\s*$/.exec(text.slice(0, position))?.index;
}

const ENDS_TOO_EARLY = 'the file ends too early (a closing bracket or brace is missing)';

/**
 * Where a JSON text went wrong and why. A text that stops before it is complete (V8 gives no
 * position, or one at or past its last character) ends too early, just after its last character;
 * a trailing comma is named; otherwise V8's own reason at its "position N".
 */
function locateFailure(message: string, text: string): { position: number; reason: string } {
  const end = text.trimEnd().length;
  const at = /at position (\d+)/.exec(message)?.[1];
  if (at === undefined || Number(at) >= end) return { position: end, reason: ENDS_TOO_EARLY };
  const comma = trailingCommaBefore(text, Number(at));
  if (comma !== undefined) return { position: comma, reason: `this comma is followed by '${text.charAt(Number(at))}'; remove it` };
  return { position: Number(at), reason: describeFailure(message) };
}

/** What V8 says is wrong, without its position (given as line and column instead) and the text it quotes. */
function describeFailure(message: string): string {
  const reason = message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}

/**
 * Reads and parses a JSON file an operator edits. A file that cannot be read or parsed throws the
 * given error class with one sentence: the file, the line and column, and what is wrong there.
 */
export function readJsonFile(file: string, fail: new (message: string) => Error): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new fail(code === 'ENOENT' ? `${file} is missing.` : `${file} cannot be read (${code ?? errorMessage(error)}).`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const { position, reason } = locateFailure(errorMessage(error), text);
    const { line, column } = lineAndColumn(text, position);
    throw new fail(`${file} is not valid JSON at line ${line}, column ${column}: ${reason}.`);
  }
}
