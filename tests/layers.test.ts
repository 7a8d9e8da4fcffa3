import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { LINT_TEST_MS } from './support/timeouts.js';

const eslint = new ESLint({ cwd: findProjectRoot() });
const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'import-x/no-nodejs-modules', 'import-x/no-cycle', 'no-restricted-globals', 'no-restricted-imports']);

/** The boundary errors ESLint reports for a file with this text at this path: [rule, message]. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('The layers are kept by the boundary rules (eslint-plugin-import-x, on resolved paths)', { timeout: LINT_TEST_MS }, () => {
  it.each([
    ['src/hotline/flow/upward.ts', "import { createVoiceRouter } from '../../server/voice-routes.js';\nexport const x = createVoiceRouter;\n"],
    ['src/hotline/flow/upward.ts', "export { createVoiceRouter } from '../../server/voice-routes.js';\n"],
    ['src/hotline/flow/upward.ts', "export const x = () => import('../../server/voice-routes.js');\n"],
    ['src/hotline/flow/upward.ts', "import express from 'express';\nexport const x = express;\n"],
    ['src/hotline/flow/upward.ts', "import pino from 'pino';\nexport const x = pino;\n"],
    ['src/hotline/flow/upward.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['src/hotline/flow/upward.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n"],
    ['src/hotline/flow/upward.ts', "import { createRequire } from 'node:module';\nexport const x = createRequire(import.meta.url)('express');\n"],
    ['src/hotline/flow/upward.ts', "import { Worker } from 'node:worker_threads';\nexport const x = Worker;\n"],
    ['src/hotline/flow/upward.ts', "export const x = () => process.env.PORT;\n"],
    ['src/hotline/flow/upward.ts', "import { loadDirectory } from '../../load/load-directory.js';\nexport const x = loadDirectory;\n"],
    ['src/hotline/flow/upward.ts', "import { loadConfig } from '../../settings/load-config.js';\nexport const x = loadConfig;\n"],
    ['src/hotline/flow/upward.ts', "import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';\nexport const x = VoiceResponse;\n"],
    ['src/vendor/upward.ts', "import { speech } from '../hotline/index.js';\nexport const x = speech;\n"],
    ['src/content/upward.ts', "import { E164 } from '../hotline/helplines/phone-number.js';\nexport const x = E164;\n"],
    ['src/load/upward.ts', "import { loadConfig } from '../settings/load-config.js';\nexport const x = loadConfig;\n"],
    ['src/load/upward.ts', "import { createCallFlow } from '../hotline/flow/call-flow.js';\nexport const x = createCallFlow;\n"],
    ['src/settings/upward.ts', "import { createApp } from '../server/app.js';\nexport const x = createApp;\n"],
    ['src/cli/upward.ts', "import { loadConfig } from '../settings/load-config.js';\nexport const x = loadConfig;\n"],
    ['src/server/upward.ts', "import { runCallCli } from '../tools/simulator/call-cli.js';\nexport const x = runCallCli;\n"],
    ['src/server/upward.ts', "export const x = () => import('../main.js');\n"],
    ['src/server/upward.ts', "import { createCallFlow } from '../hotline/flow/call-flow.js';\nexport const x = createCallFlow;\n"],
    ['src/server/upward.ts', "import { validateExpressRequest } from 'twilio/lib/webhooks/webhooks.js';\nexport const x = validateExpressRequest;\n"],
    ['src/tools/walk/upward.ts', "import { createApp } from '../../server/app.js';\nexport const x = createApp;\n"],
    ['src/tools/checks/upward.ts', "import { createApp } from '../../server/app.js';\nexport const x = createApp;\n"],
    ['src/tools/simulator/upward.ts', "import { createTryRouter } from '../try/try-routes.js';\nexport const x = createTryRouter;\n"],
    ['src/tools/try/upward.ts', "import { runPreflight } from '../operations/preflight.js';\nexport const x = runPreflight;\n"],
    ['src/tools/operations/upward.ts', "import { createTryRouter } from '../try/try-routes.js';\nexport const x = createTryRouter;\n"],
    ['src/tools/operations/upward.ts', "import { describeOpening } from '../../hotline/helplines/describe-hours.js';\nexport const x = describeOpening;\n"],
    ['scripts/upward.ts', "import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';\nexport const x = VoiceResponse;\n"],
  ])('When %s has %j, Then lint fails', async (path, code) => {
    expect(await boundaryErrors(path, code)).not.toEqual([]);
  });

  it('When a module imports one that imports it back, Then lint reports the cycle', async () => {
    // menus.ts is imported by call-flow.ts; menus importing call-flow would close the loop.
    const errors = await boundaryErrors('src/hotline/flow/menus.ts', "import { createCallFlow } from './call-flow.js';\nexport const x = createCallFlow;\n");
    expect(errors).toEqual([expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/)]);
  });

  it('When the line imports its own parts and its packages, and the layers above import it through its door, Then lint passes', async () => {
    expect(await boundaryErrors('src/hotline/flow/downward.ts', "import { numberGroups } from '../helplines/phone-number.js';\nimport { speech } from '../prompts/prompt-key.js';\nimport { z } from 'zod';\nimport { fromZonedTime } from 'date-fns-tz';\nexport const x = [numberGroups, speech, z, fromZonedTime];\n")).toEqual([]);
    expect(await boundaryErrors('src/server/downward.ts', "import { inputKey } from '../hotline/index.js';\nimport { readFileSync } from 'node:fs';\nexport const x = [inputKey, readFileSync];\n")).toEqual([]);
    expect(await boundaryErrors('src/tools/operations/downward.ts', "import { createApp } from '../../server/app.js';\nimport { checkPrompts } from '../checks/check-prompts.js';\nexport const x = [createApp, checkPrompts];\n")).toEqual([]);
  });
});

describe('Functions and files stay small enough to read (max-lines-per-function, max-lines)', { timeout: LINT_TEST_MS }, () => {
  /** The size errors ESLint reports for a file with this text at this path. */
  async function sizeErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'max-lines-per-function' || m.ruleId === 'max-lines').map((m) => m.ruleId!);
  }
  /** A function of `statements` lines of code, each followed by a blank line and a comment. */
  const functionOf = (statements: number) =>
    `export function f(): number {\n  let n = 0;\n${Array.from({ length: statements }, (_, i) => `  n += ${i};\n\n  // step ${i}\n`).join('')}  return n;\n}\n`;

  it.each(['src/hotline/flow/long.ts', 'src/tools/checks/long.ts', 'scripts/long.ts'])('When a function in %s has 81 lines of code, Then lint fails; with 80 it passes, whatever its blank lines and comments', async (path) => {
    // 3 lines of the function itself (its head, `let`, `return`) and the brace: 77 statements make 81.
    expect(await sizeErrors(path, functionOf(77))).toEqual(['max-lines-per-function']);
    expect(await sizeErrors(path, functionOf(76))).toEqual([]);
  });

  it('When a file has 301 lines, Then lint fails, comments and blank lines included', async () => {
    const file = (lines: number) => `export const x = 1;\n${'// a comment\n'.repeat(lines - 1)}`;
    expect(await sizeErrors('src/server/long.ts', file(301))).toEqual(['max-lines']);
    expect(await sizeErrors('src/server/long.ts', file(300))).toEqual([]);
  });
});
