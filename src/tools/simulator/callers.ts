import { createInterface } from 'node:readline';
import { DIAL_OUTCOMES, KEY } from '../../hotline/index.js';
import type { DialChoice, DialOutcome, KeyChoice, PromptContext } from '../walk/walk-call.js';

/** Where the simulated caller writes: transcript lines and prompts. */
export interface CallerIo {
  out(line: string): void;
  err(line: string): void;
  prompt?(text: string): void;
}

/** A --keys item that is not a key, silence or a transfer outcome. */
export class ScriptError extends Error {}

const KEY_PROMPT = 'key (0-9 * #, Enter for silence, q to hang up)> ';
const SPEAKING_PROMPT = 'key (0-9 * #), or say:<words>, Enter for silence, q to hang up> ';
const DIAL_PROMPT = 'outcome: [a]nswered, [b]usy, [n]o answer, [f]ailed > ';

export type ScriptItem =
  | { readonly kind: 'key'; readonly key: string }
  /** Words said instead of a key: say:<words>, or say:<words>@<confidence> to set how sure Twilio is (0 to 1). */
  | { readonly kind: 'say'; readonly words: string; readonly confidence: number | undefined }
  | { readonly kind: 'silence' }
  | { readonly kind: 'outcome'; readonly outcome: DialOutcome };

/** `say:людина` or `say:людина@0.4`: words said instead of a key; undefined when `raw` is no such item. */
export function parseSpoken(raw: string): { words: string; confidence: number | undefined } | undefined {
  const match = /^say:(.*?)(?:@(0(?:\.\d+)?|1(?:\.0+)?))?$/su.exec(raw.trim());
  const words = match?.[1]?.trim();
  if (!match || !words) return undefined;
  return { words, confidence: match[2] === undefined ? undefined : Number(match[2]) };
}


const OUTCOME_WORDS: Record<string, DialOutcome> = { answered: 'completed', ...Object.fromEntries(DIAL_OUTCOMES.map((outcome) => [outcome, outcome])) };
export function parseScriptItem(raw: string): ScriptItem {
  const item = raw.trim().toLowerCase();
  if (item === '' || item === 'silence') return { kind: 'silence' };
  const spoken = parseSpoken(raw);
  if (spoken) return { kind: 'say', ...spoken };
  if (KEY.test(item)) return { kind: 'key', key: item };
  const outcome = OUTCOME_WORDS[item];
  if (outcome) return { kind: 'outcome', outcome };
  throw new ScriptError(
    `"${raw}" in --keys is not a key (0-9, * or #), "silence", words to say (say:<words>, with SPEECH_INPUT=on) or a transfer outcome (answered, busy, no-answer, failed).`,
  );
}

export interface Caller {
  nextKey(context?: Pick<PromptContext, 'listens'>): Promise<KeyChoice>;
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
    async nextKey(context) {
      const item = items[position];
      if (!item) {
        io.out('(end of key script)');
        return 'stop';
      }
      if (item.kind === 'outcome') {
        problem = `Item ${position + 1} of --keys is a transfer outcome, but the line is waiting for a key there.`;
        return 'stop';
      }
      if (item.kind === 'say' && !context?.listens) {
        problem = `Item ${position + 1} of --keys says "${item.words}", but this menu takes keys only: spoken answers need SPEECH_INPUT=on.`;
        return 'stop';
      }
      position++;
      if (item.kind === 'say') return { say: item.words, confidence: item.confidence };
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
    async nextKey(context) {
      const listens = context?.listens === true;
      for (;;) {
        prompt(listens ? SPEAKING_PROMPT : KEY_PROMPT);
        const line = await reader.next();
        if (line === undefined) return 'hangup';
        const answer = line.trim().toLowerCase();
        if (answer === '') return 'silence';
        if (answer === 'q') return 'hangup';
        if (KEY.test(answer)) return answer;
        const spoken = parseSpoken(line);
        if (spoken && listens) return { say: spoken.words, confidence: spoken.confidence };
        if (spoken) io.err('This menu takes keys only: spoken answers need SPEECH_INPUT=on.');
        else io.err(`Type one key: 0 to 9, * or #${listens ? ', or say:<words>' : ''}; press Enter alone for no key, or q to hang up.`);
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

