import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHotline, type HotlineSources, type PromptTree } from '../src/hotline/index.js';
import { findProjectRoot, readHotlineSources } from '../src/load/load-hotline.js';
import { checkPrompts } from '../src/tools/checks/check-prompts.js';
import { buildForCheck, shippedMessageWords } from './support/shipped-week.js';
import { SERVER_TEST_MS } from './support/timeouts.js';
import { freePort } from './support/built-server.js';

/** The shipped prompts with one sentence of one file changed by `edit`. */
function withEdit(lang: string, key: string, edit: (text: string) => string): HotlineSources {
  const sources = readHotlineSources();
  const files = structuredClone(sources.files);
  let node = files[lang] as PromptTree;
  const parts = key.split('.');
  for (const part of parts.slice(0, -1)) node = node[part] as PromptTree;
  const last = parts.at(-1) as string;
  const before = node[last] as string;
  node[last] = edit(before);
  expect(node[last]).not.toBe(before);
  return { ...sources, files };
}

const ROZA_NUMBER = 'prompts/uk.json: "menu.goodbyeNoInput" names the number [[roza]], but "roza" is not a helpline in content/helplines.json; did you mean [[rosa]]?';
const ROZA_HOURS = 'prompts/uk.json: "menu.goodbyeNoInput" uses {{hours.roza}}, but "roza" is not a helpline in content/helplines.json; did you mean {{hours.rosa}}?';
const NMAE =
  'prompts/uk.json: "transfer.connecting" uses {{nmae}}, which the line does not fill in there (prompts/en.json has {{name}}); did you mean {{name}}?';

describe('A placeholder that names nothing the line has stops the line from being built', () => {
  it.each([
    ['a number', 'menu.goodbyeNoInput', (t: string) => t.replace('Номер: [[rosa]]', 'Номер: [[roza]]'), ROZA_NUMBER],
    ['an hours placeholder', 'menu.goodbyeNoInput', (t: string) => t.replace('{{hours.rosa}}', '{{hours.roza}}'), ROZA_HOURS],
    ['a name', 'transfer.connecting', (t: string) => t.replace('{{name}}', '{{nmae}}'), NMAE],
  ])('When %s is misspelt in prompts/uk.json, Then building the line fails with one sentence naming the file, the key, the name and the close one', (_what, key, edit, sentence) => {
    const sources = withEdit('uk', key, edit);
    expect(() => buildHotline(sources)).toThrow(sentence);
  });

  it('When the hours placeholder is misspelt, Then the prompt check names the placeholder and gives no advice about the pronunciation table', () => {
    const sources = withEdit('uk', 'menu.goodbyeNoInput', (t) => t.replace('{{hours.rosa}}', '{{hours.roza}}'));
    const report = checkPrompts(sources, { build: buildForCheck, instants: [new Date('2026-12-07T11:00:00+01:00')], messageWords: shippedMessageWords });
    expect(report.problems).toEqual([ROZA_HOURS]);
  });

  it('When a placeholder is unlike every known one, Then the sentence says what the line fills in, without a guess', () => {
    const sources = withEdit('en', 'menu.goodbyeNoInput', (t) => t.replace('{{hours.rosa}}', '{{opening.rosa}}'));
    expect(() => buildHotline(sources)).toThrow(
      'prompts/en.json: "menu.goodbyeNoInput" uses {{opening.rosa}}, which the line does not fill in: opening hours are {{hours.<helpline id>}} or {{writtenHours.<helpline id>}}.',
    );
  });
});

describe('A {{name}} misspelt the same way in every language (the reference file too)', () => {
  /** The shipped prompts with `{{name}}` of transfer.connecting written {{nmae}} in every file. */
  function misspeltEverywhere(): HotlineSources {
    const sources = readHotlineSources();
    const files = structuredClone(sources.files);
    for (const code of Object.keys(files)) {
      const transfer = (files[code] as PromptTree).transfer as PromptTree;
      transfer.connecting = (transfer.connecting as string).replace('{{name}}', '{{nmae}}');
    }
    return { ...sources, files };
  }

  it('When the prompts are checked, Then the check names the key and the placeholder, which a caller would otherwise hear read aloud', () => {
    // The files agree with each other, so building the line cannot tell; saying the sentence can.
    const sources = misspeltEverywhere();
    const report = checkPrompts(sources, { build: buildForCheck, instants: [new Date('2026-12-07T11:00:00+01:00')], messageWords: shippedMessageWords });
    expect(report.problems.join('\n')).toContain('"transfer.connecting" uses {{nmae}}, which the line does not fill in there.');
  });
});

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the built project whose prompts/uk.json can be spoiled without touching this checkout. */
function builtCopy(): string {
  const root = findProjectRoot();
  const dir = mkdtempSync(join(tmpdir(), 'hotline-placeholders-'));
  copies.push(dir);
  for (const name of ['package.json', 'prompts', 'content', 'dist']) cpSync(join(root, name), join(dir, name), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('The built server refuses to start with a misspelt placeholder', () => {
  it('When [[rosa]] is written [[roza]] in prompts/uk.json, Then the server exits 1 with the sentence and never says it is listening', { timeout: SERVER_TEST_MS }, async () => {
    const dir = builtCopy();
    const file = join(dir, 'prompts', 'uk.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Номер: [[rosa]]. Ще раз: [[rosa]]. Ви можете', 'Номер: [[roza]]. Ще раз: [[rosa]]. Ви можете'));
    const child = spawn(process.execPath, [join(dir, 'dist', 'src', 'main.js')], { cwd: dir, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', PORT: String(await freePort()) }, stdio: 'pipe' });
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // A server that starts anyway is stopped at once: the test has failed, and need not wait.
      if (output.includes('listening')) child.kill('SIGKILL');
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output.trim()).toBe(`Cannot start the hotline: ${ROZA_NUMBER}`);
  });
});
