/**
 * Answers for the steps of a call, kept for the current minute. Every answer is a pure function of
 * the flow's input (see inputKey) and the minute (opening hours have minute precision), so callers
 * in the same state within a minute share one prepared document. The cache empties when the minute
 * changes, and never holds more than `maxEntries`.
 */
export interface AnswerCache<T> {
  get(key: string, now: Date, compute: () => T): T;
}

export function createAnswerCache<T>(maxEntries = 2000): AnswerCache<T> {
  const entries = new Map<string, T>();
  let minute = Number.NaN;
  return {
    get(key, now, compute) {
      const thisMinute = Math.floor(now.getTime() / 60_000);
      if (thisMinute !== minute) {
        entries.clear();
        minute = thisMinute;
      }
      let value = entries.get(key);
      if (value === undefined) {
        value = compute();
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
        entries.set(key, value);
      }
      return value;
    },
  };
}
