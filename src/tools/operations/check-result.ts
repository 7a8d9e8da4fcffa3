/** One line of a report: ✓ or ✗, a sentence, and the details under it. */
export interface CheckResult {
  readonly ok: boolean;
  /** One sentence: what was found and, when wrong, what to do. */
  readonly line: string;
  /** Indented lines under it (what exactly differs). */
  readonly details?: readonly string[];
}

export const fail = (line: string, details?: readonly string[]): CheckResult => (details ? { ok: false, line, details } : { ok: false, line });
export const pass = (line: string): CheckResult => ({ ok: true, line });
