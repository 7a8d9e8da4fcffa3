import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The process environment, completed by a `.env` file in the working folder when there is one.
 * A variable set in the environment wins over the file, as on hosts that set their own.
 */
export function readEnvironment(processEnv: Environment, dir = process.cwd()): { env: Environment; envFile: string | undefined } {
  const file = join(dir, '.env');
  if (!existsSync(file)) return { env: processEnv, envFile: undefined };
  const fromFile = parseEnv(readFileSync(file, 'utf8'));
  return { env: { ...fromFile, ...definedOnly(processEnv) }, envFile: file };
}

function definedOnly(env: Environment): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
