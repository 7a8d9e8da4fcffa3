import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/hotline.js';
import { drawCallFlow } from '../src/operations/draw-call-flow.js';
import { hotline } from './support/test-line.js';

describe('docs/call-flow.md, the picture of the call', () => {
  it('When the menus, prompts or directory change, Then the committed diagram must be regenerated with npm run flow', () => {
    const committed = readFileSync(join(findProjectRoot(), 'docs', 'call-flow.md'), 'utf8');
    expect(committed, 'docs/call-flow.md is out of date: run "npm run flow" and commit it').toBe(drawCallFlow(hotline()));
  });

  it('Then every main-menu key of every language appears as an arrow out of the main menu', () => {
    const doc = drawCallFlow(hotline());
    const sections = doc.split('## ').slice(1);
    expect(sections).toHaveLength(hotline().catalog.languages.length);
    for (const section of sections) {
      for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*']) expect(section).toContain(`main -- "${key}" -->`);
      expect(section).toContain('dial -- "busy / no-answer / failed" --> retry');
    }
  });
});
