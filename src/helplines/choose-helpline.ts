import type { Directory, Helpline } from './directory.js';
import { findNextOpening, isOpenAt, type NextOpening } from './opening-hours.js';

export interface ClosedLine {
  readonly line: Helpline;
  readonly opens: NextOpening | undefined;
}

export interface HelplineChoice {
  /** The line to put the caller through to now, if any is open. */
  readonly line: Helpline | undefined;
  /** Better-suited lines that are closed now, to explain why the caller gets another. */
  readonly closed: readonly ClosedLine[];
}

/** Lines that can be dialled and that the caller can talk to: their language first, then those with an interpreter. */
export function rankLinesFor(lang: string, directory: Directory): Helpline[] {
  const dialable = directory.helplines.filter((h) => h.dial);
  const speaks = dialable.filter((h) => h.languages.includes(lang));
  const interprets = dialable.filter((h) => !h.languages.includes(lang) && h.interpreter);
  return [...speaks, ...interprets];
}

/** The best open line for this caller that has not been tried yet in this call. */
export function chooseHelpline(
  request: { lang: string; instant: Date; tried: readonly string[] },
  directory: Directory,
): HelplineChoice {
  const closed: ClosedLine[] = [];
  for (const line of rankLinesFor(request.lang, directory)) {
    if (request.tried.includes(line.id)) continue;
    if (isOpenAt(line, request.instant, directory.timeZone)) return { line, closed };
    closed.push({ line, opens: findNextOpening(line, request.instant, directory.timeZone) });
  }
  return { line: undefined, closed };
}
