/**
 * The fenced blocks of a Markdown page, and the marker that says which example of the program's
 * output a block shows: a line `<!-- example: <name> -->` right above its fence. A block is told by
 * its info string: `sh` holds commands to type, `text` (or none) output of the program, which must
 * carry a marker so it can be checked and written again.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** README.md and every page under docs/, as paths from the project's root. */
export function documentationPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name));
  return ['README.md', ...docs.sort()];
}

export interface FencedBlock {
  /** The info string after the opening fence: `sh`, `text`, `json`, or empty. */
  readonly info: string;
  /** The example's name from the marker above the fence, when there is one. */
  readonly example: string | undefined;
  /** The lines inside the fence, without the fence's indentation. */
  readonly body: string;
  /** 1-based line of the opening fence, for a message that points at it. */
  readonly line: number;
  /** Indices (0-based) of the first and last line inside the fence. */
  readonly from: number;
  readonly to: number;
  /** The opening fence's indentation, given back to every line written inside it. */
  readonly indent: string;
}

const FENCE = /^( *)```(\S*)\s*$/;
const MARKER = /^\s*<!-- example: ([\w-]+) -->\s*$/;

/** Every fenced block of `markdown`, in order. An unclosed fence ends the page. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) continue;
    const indent = open[1] as string;
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^ *\`\`\`\\s*$`).test(lines[end] as string)) end++;
    const body = lines
      .slice(i + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join('\n');
    const marker = i > 0 ? MARKER.exec(lines[i - 1] as string) : null;
    blocks.push({ info: open[2] as string, example: marker?.[1], body, line: i + 1, from: i + 1, to: end - 1, indent });
    i = end;
  }
  return blocks;
}

/** Whether a block shows output of the program (and so must name its example), rather than commands or a file's contents. */
export const isOutputBlock = (block: FencedBlock): boolean => block.info === '' || block.info === 'text';

/** The page with each marked block's body replaced by its example's current output; unmarked blocks stay. */
export function rewriteExamples(markdown: string, outputOf: (example: string) => string): string {
  const lines = markdown.split('\n');
  // From the last block to the first, so the earlier blocks' line numbers still hold.
  for (const block of fencedBlocks(markdown).reverse()) {
    if (block.example === undefined) continue;
    const body = outputOf(block.example)
      .split('\n')
      .map((line) => (line === '' ? '' : block.indent + line));
    lines.splice(block.from, block.to - block.from + 1, ...body);
  }
  return lines.join('\n');
}
