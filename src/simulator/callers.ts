import { createInterface } from 'node:readline';
import { KEY } from '../call/keys.js';
import type { DialChoice, DialOutcome, KeyChoice } from './walk-call.js';

/** Where the simulated caller writes: transcript lines and prompts. */
export interface CallerIo {
  out(line: string): void;
  err(line: string): void;
  prompt?(text: string): void;
}

/** A --keys item that is not a key, silence or a transfer outcome. */
export class ScriptError extends Error {}

const KEY_PROMPT = 'key (0-9 * #, Enter for silence, q to hang up)> ';
const DIAL_PROMPT = 'outcome: [a]nswered, [b]usy, [n]o answer, [f]ailed > ';

export type ScriptItem = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'silence' } | { readonly kind: 'outcome'; readonly outcome: DialOutcome };


const OUTCOME_WORDS: Record<string, DialOutcome> = { answered: 'completed', completed: 'completed', busy: 'busy', 'no-answer': 'no-answer', failed: 'failed' };
export function parseScriptItem(raw: string): ScriptItem {
  const item = raw.trim().toLowerCase();
  if (item === '' || item === 'silence') return { kind: 'silence' };
  if (KEY.test(item)) return { kind: 'key', key: item };
  const outcome = OUTCOME_WORDS[item];
  if (outcome) return { kind: 'outcome', outcome };
  throw new ScriptError(`"${raw}" in --keys is not a key (0-9, * or #), "silence" or a transfer outcome (answered, busy, no-answer, failed).`);
}

export interface Caller {
  nextKey(): Promise<KeyChoice>;
  dialOutcome(): Promise<DialChoice>;
  close(): void;
  /** Set when the script does not fit what the line asked for. */
  readonly problem: string | undefined;
}

export function scriptedCaller(items: readonly ScriptItem[], io: CallerIo): Caller {
  let position = 0;
  let problem: string | undefined;
  return {
    get problem() {
      return problem;
    },
    async nextKey() {
      const item = items[position];
      if (!item) {
        io.out('(end of key script)');
        return 'stop';
      }
      if (item.kind === 'outcome') {
        problem = `Item ${position + 1} of --keys is a transfer outcome, but the line is waiting for a key there.`;
        return 'stop';
      }
      position++;
      return item.kind === 'key' ? item.key : 'silence';
    },
    async dialOutcome() {
      const item = items[position];
      if (item?.kind !== 'outcome') return 'stop';
      position++;
      return item.outcome;
    },
    close() {},
  };
}

/** Lines typed on the input; undefined once it is closed (Ctrl+D or the end of a pipe). */
function lineReader(input: NodeJS.ReadableStream) {
  const rl = createInterface({ input, terminal: false });
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const resolve = waiting.shift();
    if (resolve) resolve(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const resolve of waiting.splice(0)) resolve(undefined);
  });
  return {
    next: (): Promise<string | undefined> => {
      if (lines.length > 0) return Promise.resolve(lines.shift());
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => rl.close(),
  };
}

const DIAL_ANSWERS: Record<string, DialOutcome> = { a: 'completed', b: 'busy', n: 'no-answer', f: 'failed', ...OUTCOME_WORDS };

export function interactiveCaller(input: NodeJS.ReadableStream, io: CallerIo): Caller {
  const reader = lineReader(input);
  const prompt = (text: string) => (io.prompt ? io.prompt(text) : io.out(text));
  return {
    problem: undefined,
    async nextKey() {
      for (;;) {
        prompt(KEY_PROMPT);
        const line = await reader.next();
        if (line === undefined) return 'hangup';
        const answer = line.trim().toLowerCase();
        if (answer === '') return 'silence';
        if (answer === 'q') return 'hangup';
        if (KEY.test(answer)) return answer;
        io.err('Type one key: 0 to 9, * or #; press Enter alone for no key, or q to hang up.');
      }
    },
    async dialOutcome() {
      for (;;) {
        prompt(DIAL_PROMPT);
        const line = await reader.next();
        if (line === undefined) return 'stop';
        const outcome = DIAL_ANSWERS[line.trim().toLowerCase()];
        if (outcome) return outcome;
        io.err('Type a (answered), b (busy), n (no answer) or f (failed).');
      }
    },
    close: () => reader.close(),
  };
}

