import type { Directory, Helpline } from './directory.js';
import { findNextOpening, isOpenAt, type NextOpening } from './opening-hours.js';

export interface ClosedHelpline {
  readonly helpline: Helpline;
  readonly opens: NextOpening | undefined;
}

export interface HelplineChoice {
  /** The helpline to put the caller through to now, if any is open. */
  readonly helpline: Helpline | undefined;
  /** Better-suited helplines that are closed now, to explain why the caller gets another. */
  readonly closed: readonly ClosedHelpline[];
}

export interface HelplineRequest {
  readonly lang: string;
  readonly instant: Date;
  readonly tried: readonly string[];
  /** The caller said they are a child or young person: helplines for young people come first. */
  readonly young: boolean;
}

/**
 * Helplines that can be dialled and that the caller can talk to: those for young people first when the
 * caller is young, then those that speak the caller's language, then those that bring an interpreter.
 */
export function rankHelplinesFor(lang: string, young: boolean, directory: Directory): Helpline[] {
  const dialable = directory.helplines.filter((h) => h.dial && (h.languages.includes(lang) || h.interpreter));
  const score = (h: Helpline) => (young && h.youngPeople ? 0 : 2) + (h.languages.includes(lang) ? 0 : 1);
  return dialable.map((h, i) => ({ h, i })).sort((a, b) => score(a.h) - score(b.h) || a.i - b.i).map(({ h }) => h);
}

/** The best open helpline for this caller that has not been tried yet in this call. */
export function chooseHelpline(request: HelplineRequest, directory: Directory): HelplineChoice {
  const closed: ClosedHelpline[] = [];
  for (const helpline of rankHelplinesFor(request.lang, request.young, directory)) {
    if (request.tried.includes(helpline.id)) continue;
    if (isOpenAt(helpline, request.instant, directory)) return { helpline, closed };
    closed.push({ helpline, opens: findNextOpening(helpline, request.instant, directory) });
  }
  return { helpline: undefined, closed };
}
