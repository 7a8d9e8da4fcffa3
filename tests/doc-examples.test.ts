import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { EXAMPLES, makeExamples } from '../scripts/doc-examples/examples.js';
import { documentationPages, fencedBlocks, isOutputBlock, rewriteExamples } from '../scripts/doc-examples/markdown-blocks.js';
import { WALK_HOOK_MS } from './support/timeouts.js';

const ROOT = findProjectRoot();
const REGENERATE = 'node scripts/run-built.mjs scripts/write-doc-examples.js';
const pages = documentationPages(ROOT).map((page) => ({ page, text: readFileSync(join(ROOT, page), 'utf8') }));

/** Each output block of every page that names no example the program makes: "README.md:40". */
function unknownOutputBlocks(list: readonly { page: string; text: string }[]): string[] {
  return list.flatMap(({ page, text }) =>
    fencedBlocks(text)
      .filter((block) => isOutputBlock(block) && (block.example === undefined || !(block.example in EXAMPLES)))
      .map((block) => `${page}:${block.line}${block.example === undefined ? '' : ` (example "${block.example}")`}`),
  );
}

describe('Every example of the program\'s output in README.md and docs/ is what the program prints now', () => {
  let outputs: Map<string, string>;
  // The prompt check's example walks the shipped line over a week.
  beforeAll(async () => {
    outputs = await makeExamples();
  }, WALK_HOOK_MS);

  it('When a page shows output, Then the block names an example the program makes (a block of unknown output fails)', () => {
    expect(unknownOutputBlocks(pages), `Each output block needs <!-- example: <name> --> above it, naming one of scripts/doc-examples/examples.ts (or mark commands as sh)`).toEqual([]);
  });

  it('When an operator reads an example, Then it is the output of the program as it is now, word for word', () => {
    const stale = pages.filter(({ text }) => rewriteExamples(text, (name) => outputs.get(name) ?? '') !== text).map(({ page }) => page);
    expect(stale, `These pages show output the program no longer prints: run "${REGENERATE}" and commit them`).toEqual([]);
  });

  it('When the README shows a call on a Monday and a Friday, Then Caritas answers on the Monday and ROSA with its interpreter on the Friday', () => {
    expect(outputs.get('call-monday-caritas')).toMatch(/→ connecting to Caritas \+47/);
    expect(outputs.get('call-friday-rosa')).toMatch(/«Ukrainian»[^\n]*\n→ connecting to ROSA \+47/);
  });

  it('When the checker meets an unmarked output block or one naming an unknown example, Then it names the page and line of each', () => {
    const page = ['# A page', '', '```text', 'made up', '```', '', '<!-- example: no-such-example -->', '```', 'also made up', '```', '', '```sh', 'npm start', '```'].join('\n');
    expect(unknownOutputBlocks([{ page: 'docs/x.md', text: page }])).toEqual(['docs/x.md:3', 'docs/x.md:8 (example "no-such-example")']);
  });

  it('When an example is written again into an indented block, Then only that block changes and it keeps its indentation', () => {
    const page = ['1. A list item:', '', '   <!-- example: one -->', '   ```text', '   old', '   ```', 'after'].join('\n');
    expect(rewriteExamples(page, () => 'new\n\nlines')).toBe(['1. A list item:', '', '   <!-- example: one -->', '   ```text', '   new', '', '   lines', '   ```', 'after'].join('\n'));
  });
});
