import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/hotline.js';
import { LINT_TEST_MS } from './support/timeouts.js';

const eslint = new ESLint({ cwd: findProjectRoot() });
const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'import-x/no-nodejs-modules', 'import-x/no-cycle', 'no-restricted-globals']);

/** The boundary errors ESLint reports for a file with this text at this path: [rule, message]. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('The layers are kept by the boundary rules (eslint-plugin-import-x, on resolved paths)', { timeout: LINT_TEST_MS }, () => {
  it.each([
    ['src/call/upward.ts', "import { renderTwiml } from '../twilio/render-twiml.js';\nexport const x = renderTwiml;\n"],
    ['src/call/upward.ts', "export { renderTwiml } from '../twilio/render-twiml.js';\n"],
    ['src/call/upward.ts', "export const x = () => import('../twilio/render-twiml.js');\n"],
    ['src/call/upward.ts', "import express from 'express';\nexport const x = express;\n"],
    ['src/call/upward.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['src/call/upward.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n"],
    ['src/call/upward.ts', "import { createRequire } from 'node:module';\nexport const x = createRequire(import.meta.url)('express');\n"],
    ['src/call/upward.ts', "import { createSocket } from 'node:dgram';\nexport const x = createSocket;\n"],
    ['src/call/upward.ts', "import { Worker } from 'node:worker_threads';\nexport const x = Worker;\n"],
    ['src/call/upward.ts', "export const x = () => process.env.PORT;\n"],
    ['src/call/upward.ts', "import { z } from 'zod';\nexport const x = z;\n"],
    ['src/call/upward.ts', "import { loadConfig } from '../config/load-config.js';\nexport const x = loadConfig;\n"],
    ['src/helplines/upward.ts', "import { createCallFlow } from '../call/call-flow.js';\nexport const x = createCallFlow;\n"],
    ['src/content/upward.ts', "import { E164 } from '../helplines/phone-number.js';\nexport const x = E164;\n"],
    ['src/helplines/upward.ts', "import { loadConfig } from '../config/load-config.js';\nexport const x = loadConfig;\n"],
    ['src/prompts/upward.ts', "import { loadHotline } from '../hotline.js';\nexport const x = loadHotline;\n"],
    ['src/metrics/upward.ts', "import { createApp } from '../app.js';\nexport const x = createApp;\n"],
    ['src/twilio/upward.ts', "import { runCallCli } from '../simulator/call-cli.js';\nexport const x = runCallCli;\n"],
    ['src/twilio/upward.ts', "export const x = () => import('../server.js');\n"],
  ])('When %s has %j, Then lint fails', async (path, code) => {
    expect(await boundaryErrors(path, code)).not.toEqual([]);
  });

  it('When a module imports one that imports it back, Then lint reports the cycle', async () => {
    // menus.ts is imported by call-flow.ts; menus importing call-flow would close the loop.
    const errors = await boundaryErrors('src/call/menus.ts', "import { createCallFlow } from './call-flow.js';\nexport const x = createCallFlow;\n");
    expect(errors).toEqual([expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/)]);
  });

  it('When the pure call imports content and domain, and an adapter imports the pure call, Then lint passes', async () => {
    expect(await boundaryErrors('src/call/downward.ts', "import { numberGroups } from '../helplines/phone-number.js';\nimport { speech } from '../prompts/prompt-key.js';\nexport const x = [numberGroups, speech];\n")).toEqual([]);
    expect(await boundaryErrors('src/twilio/downward.ts', "import { inputKey } from '../call/flow-input.js';\nimport { readFileSync } from 'node:fs';\nexport const x = [inputKey, readFileSync];\n")).toEqual([]);
  });
});
