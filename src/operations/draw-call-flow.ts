import { MAX_SILENCES, START, type CallState, type LangCode, type MenuId } from '../call/call-state.js';
import { helplineKeyNames } from '../call/helpline-keys.js';
import { TOPIC_IDS } from '../call/call-state.js';
import { topicPrefix, type Menu, type MenuOption } from '../call/menus.js';
import { rankLinesFor } from '../helplines/choose-helpline.js';
import type { Hotline } from '../hotline.js';
import { speech, type Speech } from '../prompts/prompt-key.js';
import { segmentsText } from '../prompts/segments.js';

/** Text safe inside a quoted Mermaid label. */
const quote = (text: string) => `"${text.replace(/"/g, '#quot;').replace(/\s+/g, ' ').trim()}"`;

function drawLanguage(hotline: Hotline, lang: LangCode): string {
  const { flow, catalog, directory } = hotline;
  // Number tokens become the numbers as written, so the diagram shows what the caller hears.
  const text = (s: Speech) => segmentsText(catalog.segments(lang, s), (id) => directory.find(id)?.number ?? id);
  const nameOf = (id: string) => text({ key: catalog.checkedKey(helplineKeyNames(id).name) });
  const now = new Date(0);
  const lines: string[] = ['flowchart TD'];
  const node = (id: string, label: string, shape: 'menu' | 'step' | 'end' = 'step') => {
    const [open, close] = shape === 'menu' ? ['{{', '}}'] : shape === 'end' ? ['([', '])'] : ['[', ']'];
    lines.push(`  ${id}${open}${quote(label)}${close}`);
  };
  const edge = (from: string, to: string, label?: string) => lines.push(label ? `  ${from} -- ${quote(label)} --> ${to}` : `  ${from} --> ${to}`);

  const menuTitle: Record<MenuId, string> = {
    language: catalog.languages.map((l) => catalog.text(l.code, speech('language.choose', { key: l.key }))).join(' / '),
    main: text(speech('main.title')),
    helplines: text(speech('helplinesMenu.title')),
    retry: `${text(speech('retryMenu.labels.next', { name: '…' }))} / ${text(speech('retryMenu.labels.numbers'))}`,
    part: text(speech('topicMenu.title', { part: 'n', parts: 'N' })),
  };
  const states: Record<MenuId, CallState> = {
    language: START,
    main: { ...START, menu: 'main', lang },
    helplines: { ...START, menu: 'helplines', lang },
    retry: { ...START, menu: 'retry', lang },
    // The first part of a long topic: the menu that offers the next part.
    part: { ...START, menu: 'part', lang, reading: TOPIC_IDS.find((t) => hotline.partsOf(t) > 1), part: 1 },
  };

  // Not "call": Mermaid reads that word as a keyword wherever it stands, and refuses to draw.
  node('incoming', 'POST /voice', 'end');
  node('opening', text(speech('opening.danger')));
  edge('incoming', 'opening');
  edge('opening', 'language');
  for (const id of Object.keys(states) as MenuId[]) node(id, menuTitle[id], 'menu');

  const ranked = rankLinesFor(lang, false, directory).map((h) => nameOf(h.id));
  node('dial', 'Dial');
  node('ended', text(speech('transfer.ended')), 'end');
  edge('dial', 'ended', 'completed');
  edge('dial', 'retry', 'busy / no-answer / failed');
  node('goodbye', text(speech('menu.goodbyeNoInput')), 'end');

  const target = (menu: Menu, { action, key, label }: MenuOption): string => {
    switch (action.kind) {
      case 'language':
        return 'main';
      case 'topic': {
        const id = `topic_${action.topic}`;
        const parts = hotline.partsOf(action.topic);
        node(id, `${label ? text(label) : action.topic} (${catalog.keysUnder(topicPrefix(action.topic)).length} sentences in ${parts} part${parts > 1 ? "s" : ""})`);
        // Every topic, however short, is followed by the part menu.
        edge(id, 'part', 'part 1');
        return id;
      }
      case 'part':
        return 'part';
      case 'menu':
        return action.menu;
      case 'talk':
        node('talk', ranked.join(' → '));
        edge('talk', 'dial');
        return 'talk';
      case 'connect': {
        const id = `connect_${menu.id}_${key}`;
        node(id, nameOf(action.helplineId));
        edge(id, 'dial', 'open');
        edge(id, 'retry', 'closed');
        return id;
      }
      case 'numbers': {
        // The numbers are read part by part, like a topic.
        const id = `numbers_${menu.id}`;
        node(id, `${text(speech('numbers.intro'))} (${hotline.partsOf('numbers')} parts)`);
        edge(id, 'part', 'part 1');
        return id;
      }
      case 'emergency': {
        const id = `emergency_${menu.id}`;
        node(id, text(speech('emergency.say')));
        edge(id, menu.id);
        return id;
      }
      case 'repeat':
        return menu.id;
      case 'back':
        return menu.parent;
      case 'message': {
        // Offered to a caller with a mobile number, where numbers were just heard, once a call.
        const id = `message_${menu.id}`;
        node(id, text(speech('textMessage.offer')));
        edge(id, menu.id, text(speech('textMessage.sent')));
        edge(id, 'part', text(speech('textMessage.failed')));
        return id;
      }
    }
  };

  for (const id of Object.keys(states) as MenuId[]) {
    // Drawn for a caller who may be offered the numbers in a text message (the retry menu offers it).
    const menu = flow.menuFor(states[id], now, true);
    // The retry menu offers the next open line when there is one; draw that case.
    const options = id === 'retry' ? flow.menuFor({ ...states.retry, tried: [] }, now, true).options : menu.options;
    for (const option of options) edge(id, target(menu, option), option.key);
    edge(id, id === 'language' ? 'main' : 'goodbye', `${MAX_SILENCES + 1} × ${text(speech('menu.noKeyHeard'))}`);
  }
  return lines.join('\n');
}

/** docs/call-flow.md: the menus as the app runs them, one Mermaid diagram per language. */
export function drawCallFlow(hotline: Hotline): string {
  const sections = hotline.languages.map((l) => `## ${l.code} (${l.voice})\n\n\`\`\`mermaid\n${drawLanguage(hotline, l.code)}\n\`\`\`\n`);
  return [
    '# Call flow',
    '',
    'Generated by `npm run flow` from the menus, prompts and directory the app runs; do not edit by hand.',
    'Keys on the arrows; a key that is not an option replays the same menu. Transfers try the lines in the order shown,',
    'skipping those closed at the moment of the call.',
    '',
    ...sections,
  ].join('\n');
}
