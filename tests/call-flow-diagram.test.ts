import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CallState, type LangCode, segmentsText, START } from '../src/hotline/index.js';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { drawCallFlow } from '../src/tools/operations/draw-call-flow.js';
import { shippedWalk } from './support/shipped-week.js';
import { hotline } from './support/test-line.js';
import { WALK_HOOK_MS } from './support/timeouts.js';

/** The arrows of one language's diagram: "from -- key --> to" as [from, key, to]. */
function arrows(section: string): [string, string, string][] {
  return [...section.matchAll(/^ {2}(\w+) -- "([^"]*)" --> (\w+)$/gm)].map((m) => [m[1] as string, m[2] as string, m[3] as string]);
}

describe('docs/call-flow.md, the picture of the call, drawn from the steps a call can reach', () => {
  // Drawn before the tests rather than while they are collected, so vitest counts its time and schedules this file early;
  // from the week's walk the other test files share, as `npm run flow` draws it.
  let doc = '';
  let sections: string[] = [];
  beforeAll(() => {
    doc = drawCallFlow(hotline(), shippedWalk());
    sections = doc.split('\n## ').slice(1);
  }, WALK_HOOK_MS);

  it('When the menus, prompts or directory change, Then the committed diagram must be regenerated with npm run flow', () => {
    const committed = readFileSync(join(findProjectRoot(), 'docs', 'call-flow.md'), 'utf8');
    expect(committed, 'docs/call-flow.md is out of date: run "npm run flow" and commit it').toBe(doc);
  });

  it('Then every option of the main menu, as the menu definitions give it, is an arrow out of the main menu in every language', () => {
    expect(sections).toHaveLength(hotline().languages.length);
    for (const section of sections) {
      const lang = section.slice(0, section.indexOf(' ')) as LangCode;
      const keys = hotline().flow.menuFor({ ...START, menu: 'main', lang }, new Date(0)).options.map((o) => o.key);
      const fromMain = new Set(arrows(section).filter(([from]) => from === 'main').map(([, key]) => key));
      for (const key of keys) expect(fromMain, `${lang}: main menu key ${key}`).toContain(key);
    }
  });

  it('Then the main, helplines and last part menus are named by the title the caller hears first in them', () => {
    const line = hotline();
    const parts = line.partsOf('signs');
    for (const section of sections) {
      const lang = section.slice(0, section.indexOf(' ')) as LangCode;
      const named = (id: string) => section.match(new RegExp(`^ {2}${id}\\{\\{"(.*)"\\}\\}$`, 'm'))?.[1];
      const heardFirst = (state: CallState) => {
        const shown = line.flow.step({ kind: 'show-menu', state, messageOffer: false }, new Date(0)).reply.find((s) => s.kind === 'gather');
        const first = shown?.kind === 'gather' ? shown.body[0] : undefined;
        return first && segmentsText(first.segments, (id) => id).replace(/"/g, '#quot;').replace(/\s+/g, ' ').trim();
      };
      expect(named('main'), `${lang}: main`).toBe(heardFirst({ ...START, menu: 'main', lang }));
      expect(named('helplines'), `${lang}: helplines`).toBe(heardFirst({ ...START, menu: 'helplines', lang }));
      expect(named('last_part'), `${lang}: last_part`).toBe(heardFirst({ ...START, menu: 'part', lang, reading: 'signs', part: parts }));
    }
  });

  it('Then # leads from the part menus to the text message, and 1 after the last part puts the caller through, not to another part', () => {
    for (const section of sections) {
      const all = arrows(section);
      expect(all).toContainEqual(['part', '#', 'message_part']);
      expect(all).toContainEqual(['last_part', '#', 'message_last_part']);
      const afterLast = all.filter(([from, key]) => from === 'last_part' && key === '1').map(([, , to]) => to);
      expect(afterLast.some((to) => to.endsWith('__dial_rosa') || to.endsWith('__dial_caritas'))).toBe(true);
      expect(afterLast.filter((to) => to.startsWith('reading_') && to !== 'reading_numbers')).toEqual([]);
      // And a transfer that fails goes on to the retry menu or, with no line left, to the numbers.
      expect(all.filter(([from, key]) => from === 'dial_rosa' && key === 'busy').length).toBeGreaterThan(0);
    }
  });
});
