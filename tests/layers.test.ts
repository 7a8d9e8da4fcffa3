import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/hotline.js';
import { LINT_TEST_MS } from './support/timeouts.js';

const eslint = new ESLint({ cwd: findProjectRoot() });

/** The layer errors ESLint reports for a file with this text at this path. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('The layers are kept by the lint rule', { timeout: LINT_TEST_MS }, () => {
  it.each([
    ['src/call/upward.ts', "import { renderTwiml } from '../twilio/render-twiml.js';\nexport const x = renderTwiml;\n"],
    ['src/call/upward.ts', "import express from 'express';\nexport const x = express;\n"],
    ['src/call/upward.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['src/helplines/upward.ts', "import { createCallFlow } from '../call/call-flow.js';\nexport const x = createCallFlow;\n"],
    ['src/prompts/upward.ts', "import { loadHotline } from '../hotline.js';\nexport const x = loadHotline;\n"],
    ['src/metrics/upward.ts', "import { createApp } from '../app.js';\nexport const x = createApp;\n"],
    ['src/twilio/upward.ts', "import { runCallCli } from '../simulator/call-cli.js';\nexport const x = runCallCli;\n"],
  ])('When %s imports upwards (%s), Then lint fails', async (path, code) => {
    expect(await layerErrors(path, code)).toEqual([expect.stringMatching(/points up the layers|knows nothing|reads no files/)]);
  });

  it('When the pure call imports content and domain, and an adapter imports the pure call, Then lint passes', async () => {
    expect(await layerErrors('src/call/downward.ts', "import { numberGroups } from '../helplines/phone-number.js';\nexport const x = numberGroups;\n")).toEqual([]);
    expect(await layerErrors('src/twilio/downward.ts', "import { inputKey } from '../call/flow-input.js';\nexport const x = inputKey;\n")).toEqual([]);
  });
});
