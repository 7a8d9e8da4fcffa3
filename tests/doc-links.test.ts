import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { documentationPages, fencedBlocks } from '../scripts/doc-examples/markdown-blocks.js';

const ROOT = findProjectRoot();

/** The anchor the code host gives a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** A page's text outside its fenced blocks, where a link is a link. */
function prose(markdown: string): string {
  const lines = markdown.split('\n');
  for (const block of fencedBlocks(markdown)) lines.fill('', block.from - 1, block.to + 2);
  return lines.join('\n');
}

function anchorsOf(markdown: string): Set<string> {
  return new Set([...prose(markdown).matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => anchorOf(match[1] as string)));
}

/** Each link of `page` to a file of this repository (or a heading in one) that is not there. */
function brokenLinks(page: string, markdown: string, read: (path: string) => string | undefined): string[] {
  const links = [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
  return links
    .filter((target) => !/^[a-z]+:/.test(target))
    .filter((target) => {
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const path = file === '' ? page : normalize(join(dirname(page), file));
      const text = read(path);
      if (text === undefined) return true;
      return anchor !== undefined && path.endsWith('.md') && !anchorsOf(text).has(anchor);
    })
    .map((target) => `${page}: ${target}`);
}

const readPage = (path: string) => (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : undefined);

describe('The links between README.md and docs/ lead somewhere', () => {
  it('When a reader follows a link to a page, a heading or a file of the project, Then it is there', () => {
    const broken = documentationPages(ROOT).flatMap((page) => brokenLinks(page, readPage(page) ?? '', readPage));
    expect(broken).toEqual([]);
  });

  it('When a link names a page or a heading that does not exist, Then it is reported with its page', () => {
    const pages: Record<string, string> = { 'docs/a.md': '# A\n\n## Shared limits: Redis\n', 'docs/b.md': '[x](a.md#shared-limits-redis) [y](a.md#nothing) [z](gone.md) [w](https://example.org/)' };
    expect(brokenLinks('docs/b.md', pages['docs/b.md'] as string, (path) => pages[path])).toEqual(['docs/b.md: a.md#nothing', 'docs/b.md: gone.md']);
  });
});
