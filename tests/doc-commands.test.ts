import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { documentationPages, fencedBlocks } from '../scripts/doc-examples/markdown-blocks.js';
import { SERVER_TEST_MS } from './support/timeouts.js';

/*
 * Every command of this project that README.md and docs/ show (`npm run …`, `npm start`, `node …`
 * with a file of this project) runs: its script exists and answers --help, and every option the
 * page gives it is one its usage names. Commands of other tools (a host's CLI, npx, cp, git) are
 * not this project's to check.
 */
const ROOT = findProjectRoot();
const NPM_HOME = mkdtempSync(join(tmpdir(), 'hotline-npm-home-'));
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
/** Scripts that only call another tool (the compiler, the linter, the test runner): they have no usage of their own. */
const TOOL_SCRIPTS = new Set(['build', 'typecheck', 'lint', 'test:unit', 'test']);

interface ShownCommand {
  readonly text: string;
  readonly where: string;
}

/** The commands of a page: each line of its sh blocks, and each inline code span, cut at "&&", ";", "|" and "&". */
function shownCommands(page: string, markdown: string): ShownCommand[] {
  const fromBlocks = fencedBlocks(markdown)
    .filter((block) => block.info === 'sh')
    .flatMap((block) =>
      block.body
        .replace(/\\\n/g, ' ')
        .split('\n')
        .map((line) => ({ line: line.replace(/\s+#\s.*$/, ''), where: `${page}:${block.line}` })),
    );
  const fromSpans = [...markdown.matchAll(/`([^`\n]+)`/g)].map((match) => ({ line: match[1] as string, where: page }));
  return [...fromBlocks, ...fromSpans].flatMap(({ line, where }) =>
    line
      .split(/&&|;|\||&(?=\s|$)/)
      .map((part) => part.trim().replace(/^(?:[A-Z_]+=\S*\s+)+/, ''))
      .filter((part) => /^npm (?:run [\w:-]+|start|test)(?:\s|$)/.test(part) || /^node\s.*\.m?js\b/.test(part))
      .map((text) => ({ text, where })),
  );
}

interface Invocation {
  /** What is run to ask for the usage: the program and its arguments. */
  readonly argv: readonly string[];
  /** The options the page gives the command, each of which its usage must name. */
  readonly options: readonly string[];
  /** A reason the command is wrong as shown, found without running it. */
  readonly wrong?: string;
}

/** The options among a command's words; --help is every command's and needs no mention in a usage. */
const optionsIn = (words: readonly string[]) =>
  words
    .filter((word) => /^--[a-z]/.test(word))
    .map((word) => word.replace(/=.*$/, ''))
    .filter((option) => option !== '--help');

/** How to ask a shown command for its usage, or why it cannot work as shown. */
function invocationOf(text: string): Invocation | undefined {
  const words = text.split(/\s+/);
  if (words[0] === 'node') {
    const lastFile = words.findLastIndex((word) => /\.m?js$/.test(word));
    return { argv: [process.execPath, ...words.slice(1, lastFile + 1), '--help'], options: optionsIn(words.slice(lastFile + 1)) };
  }
  const script = words[1] === 'run' ? (words[2] as string) : (words[1] as string);
  const rest = words.slice(words[1] === 'run' ? 3 : 2);
  if (!(script in SCRIPTS)) return { argv: [], options: [], wrong: `package.json has no script "${script}"` };
  if (rest.length > 0 && rest[0] !== '--') return { argv: [], options: [], wrong: `npm takes "${rest.join(' ')}" for itself: the command's own options go after --` };
  if (TOOL_SCRIPTS.has(script)) return undefined;
  return { argv: ['npm', 'run', '--silent', script, '--', '--help'], options: optionsIn(rest.slice(1)) };
}

function run(argv: readonly string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(argv[0] as string, argv.slice(1), { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: NPM_HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

const shown = documentationPages(ROOT).flatMap((page) => shownCommands(page, readFileSync(join(ROOT, page), 'utf8')));
/** One run per usage asked for, with every option any page gives that command and where it is shown. */
const byUsage = new Map<string, { argv: readonly string[]; options: Set<string>; where: Set<string> }>();
const wrong: string[] = [];
for (const command of shown) {
  const invocation = invocationOf(command.text);
  if (invocation === undefined) continue;
  if (invocation.wrong) {
    wrong.push(`${command.where}: "${command.text}": ${invocation.wrong}`);
    continue;
  }
  const key = invocation.argv.join(' ');
  const entry = byUsage.get(key) ?? { argv: invocation.argv, options: new Set<string>(), where: new Set<string>() };
  invocation.options.forEach((option) => entry.options.add(option));
  entry.where.add(command.where);
  byUsage.set(key, entry);
}

describe('Every command of this project shown in README.md and docs/ runs as shown', () => {
  it('When the pages are read, Then they show the commands an operator needs (the reading finds them)', () => {
    const texts = shown.map((command) => command.text);
    expect(texts).toContain('npm start');
    expect(texts.some((text) => text.startsWith('npm run preflight -- --to'))).toBe(true);
    expect(texts.some((text) => text.startsWith('node scripts/run-built.mjs scripts/write-doc-examples.js'))).toBe(true);
  });

  it('When a page shows npm run with a script, Then the script exists and its options follow --', () => {
    expect(wrong).toEqual([]);
  });

  it.each([...byUsage.values()].map((entry) => [entry.argv.slice(entry.argv[0] === 'npm' ? 3 : 1).join(' '), entry] as const))(
    'When "%s" is asked for its usage, Then it answers 0 and names every option the pages give it',
    { timeout: SERVER_TEST_MS },
    async (_name, entry) => {
      const { code, out } = await run(entry.argv);
      const shownAt = [...entry.where].join(', ');
      expect(code, `${shownAt}: ${entry.argv.join(' ')} failed:\n${out}`).toBe(0);
      expect(out, `${shownAt}: no usage printed`).toMatch(/Usage/);
      const unknown = [...entry.options].filter((option) => !out.includes(option));
      expect(unknown, `${shownAt}: options the usage does not name`).toEqual([]);
    },
  );

  it('When a page shows a command wrongly, Then the reading says what is wrong', () => {
    expect(invocationOf('npm run call --url')?.wrong).toMatch(/after --/);
    expect(invocationOf('npm run no-such-script')?.wrong).toMatch(/no script "no-such-script"/);
    expect(shownCommands('p.md', '```sh\nHOTLINE_NUMBER=+47 npm run preflight -- --to +47 --yes   # a comment\n```').map((c) => c.text)).toEqual(['npm run preflight -- --to +47 --yes']);
  });
});
