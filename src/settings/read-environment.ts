import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { escapeRegExp } from '../content/escape-reg-exp.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The settings every command reads, and where the ones from a file came from. */
export interface Settings {
  /** The process environment completed by .env; the environment wins where both set a variable. */
  readonly env: Environment;
  /** The .env file that was read, if there was one. */
  readonly envFile: string | undefined;
  /** The variables whose value came from that file (the environment did not set them). */
  readonly fromFile: ReadonlySet<string>;
}

/**
 * The one settings loader of every command (the server, configure-number, preflight, npm run call):
 * the process environment, completed by a `.env` file in the working folder when there is one.
 * A variable set in the environment wins over the file, as on hosts that set their own.
 */
export function readEnvironment(processEnv: Environment, dir = process.cwd()): Settings {
  const file = join(dir, '.env');
  if (!existsSync(file)) return { env: processEnv, envFile: undefined, fromFile: new Set() };
  const fromFile = parseEnv(readFileSync(file, 'utf8'));
  const own = definedOnly(processEnv);
  return {
    env: { ...fromFile, ...own },
    envFile: file,
    // A name the file leaves empty counts as not set, like every setting: it is not blamed on the file.
    fromFile: new Set(Object.keys(fromFile).filter((name) => !(name in own) && (fromFile[name] ?? '').trim() !== '')),
  };
}

/**
 * A sentence about settings, told where the named variables came from when a file set them: an
 * operator who never typed NODE_ENV=production must learn that .env did.
 */
export function withSource(sentence: string, settings: Pick<Settings, 'envFile' | 'fromFile'>): string {
  if (!settings.envFile) return sentence;
  // Any name a .env file holds (even `A[B`) is matched as text, never as a pattern.
  const named = [...settings.fromFile].filter((name) => new RegExp(`\\b${escapeRegExp(name)}\\b`).test(sentence));
  if (named.length === 0) return sentence;
  const list = named.join(' and ');
  return `${sentence.replace(/\.$/, '')} (${list} ${named.length > 1 ? 'are' : 'is'} set in ${settings.envFile}).`;
}

function definedOnly(env: Environment): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
