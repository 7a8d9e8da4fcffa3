import { callFlowDocument, diagramTitle } from '../walk/call-flow-document.js';
import { callGraph, type GraphNode } from '../walk/call-graph.js';
import { buildRetryMenu, helplineKeyNames, type Hotline, type LangCode, type Menu, segmentsText, speech, type Speech, START } from '../../hotline/index.js';
import { walkLine, weekOfInstants, type WalkedLine } from '../walk/walk-week.js';

/** A week without public holidays (Monday 7 December 2026, Oslo): every situation of the lines comes up in it. */
export const DIAGRAM_WEEK = weekOfInstants(new Date('2026-12-07T00:00:00+01:00'));

/** How the diagram writes what changes from call to call in a menu's name, by the prompt parameter that carries it. */
const PLACEHOLDERS = { part: 'n', parts: 'N', name: '…' } as const;
const withPlaceholders = (s: Speech): Speech =>
  s.params ? { ...s, params: Object.fromEntries(Object.entries(s.params).map(([name, value]) => [name, Object.hasOwn(PLACEHOLDERS, name) ? PLACEHOLDERS[name as keyof typeof PLACEHOLDERS] : value])) } : s;
/** The options every menu has (repeat, back, 112): not what names a menu. */
const COMMON_ACTIONS: ReadonlySet<string> = new Set(['repeat', 'back', 'emergency']);

/** Text safe inside a quoted Mermaid label. */
const quote = (text: string) => `"${text.replace(/"/g, '#quot;').replace(/\s+/g, ' ').trim()}"`;

function drawLanguage(hotline: Hotline, walked: WalkedLine, lang: LangCode): string {
  const { flow, catalog, directory } = hotline;
  // Number tokens become the numbers as written, so the diagram shows what the caller hears.
  const numberOf = (id: string) => directory.find(id)?.number ?? id;
  const text = (s: Speech) => segmentsText(catalog.segments(lang, s), numberOf);
  const nameOf = (id: string) => text({ key: catalog.checkedKey(helplineKeyNames(id).name) });
  const mainOptions = flow.menuFor({ ...START, menu: 'main', lang }, new Date(0)).options;

  const now = walked.situations[0] ?? new Date(0);
  /**
   * A menu as the flow defines it: its title, parameters that change from call to call drawn as
   * placeholders. The language menu has no title and is drawn as its choices are heard; the retry
   * menu's title only says "Press:", so it is drawn as its own choices, with a next line to try.
   */
  const menuName = (menu: Menu): string => {
    if (menu.id === 'language') {
      const shown = flow.step({ kind: 'show-menu', state: START, messageOffer: false }, now).reply.find((s) => s.kind === 'gather');
      return shown?.kind === 'gather' ? shown.body.map((s) => segmentsText(s.segments, numberOf)).join(' / ') : '';
    }
    if (menu.id === 'retry') {
      const next = directory.helplines.find((h) => h.dial);
      const menu = buildRetryMenu(next && { id: next.id, name: { key: catalog.checkedKey(helplineKeyNames(next.id).name) } });
      return menu.options.flatMap((o) => (o.label && !COMMON_ACTIONS.has(o.action.kind) ? [text(withPlaceholders(o.label))] : [])).join(' / ');
    }
    return menu.title ? text(withPlaceholders(menu.title)) : menu.id;
  };
  const label = (node: GraphNode): string => {
    switch (node.kind) {
      case 'incoming':
        return 'POST /voice';
      case 'menu':
        return menuName(flow.menuFor(node.state, now));
      case 'reading': {
        const parts = hotline.partsOf(node.reading);
        const option = mainOptions.find((o) => o.action.kind === 'topic' && o.action.topic === node.reading);
        const title = node.reading === 'numbers' ? text(speech('numbers.intro')) : option?.label ? text(option.label) : node.reading;
        return `${title} (${parts} part${parts > 1 ? 's' : ''})`;
      }
      case 'said':
        return node.says.map((s) => segmentsText(s.segments, numberOf)).join(' ');
      case 'dial':
        return `Dial ${nameOf(node.helplineId)}`;
      case 'message':
        return text(speech('textMessage.offer'));
      case 'hangup':
        return 'Hang up';
    }
  };
  const shape = (node: GraphNode): [string, string] =>
    node.kind === 'menu' ? ['{{', '}}'] : node.kind === 'incoming' || node.kind === 'hangup' ? ['([', '])'] : ['[', ']'];

  const graph = callGraph(flow, walked.steps, lang);
  const lines = ['flowchart TD'];
  for (const node of graph.nodes.values()) {
    const [open, close] = shape(node);
    lines.push(`  ${node.id}${open}${quote(label(node))}${close}`);
  }
  for (const { from, to, label: on } of graph.edges) lines.push(on === undefined ? `  ${from} --> ${to}` : `  ${from} -- ${quote(on)} --> ${to}`);
  return lines.join('\n');
}

/**
 * docs/call-flow.md: one Mermaid diagram per language, drawn from the steps a call can reach (the
 * walk the prompt check makes) over a week, so it shows what the line does, not a copy of the menus.
 */
export function drawCallFlow(hotline: Hotline, walked: WalkedLine = walkLine(hotline, DIAGRAM_WEEK)): string {
  return callFlowDocument(hotline.languages.map((l) => ({ lang: l.code, title: diagramTitle(l), mermaid: drawLanguage(hotline, walked, l.code) })));
}
