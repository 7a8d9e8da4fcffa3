import type { CallFlow, CallState, FlowInput, LangCode, ReadingId, Say, Step } from '../../hotline/index.js';
import { perShownMenu, type ReachedStep } from './reachable.js';

/**
 * The call as a graph, read off the reachable steps (see reachable.ts): the one description the
 * diagram, the benchmark and the tests draw their menus, keys and transitions from. Nodes are
 * language-independent: menus by id (the part menu after the last part is its own node, since 1
 * means "talk to someone now" there), what the line says on the way (named by its last sentence's
 * prompt key and where it leads), readings, transfers by helpline, the text message and hanging up.
 */
export type GraphNode =
  | { readonly kind: 'incoming'; readonly id: string }
  | { readonly kind: 'menu'; readonly id: string; readonly state: CallState }
  | { readonly kind: 'reading'; readonly id: string; readonly reading: ReadingId }
  | { readonly kind: 'said'; readonly id: string; readonly says: readonly Say[] }
  | { readonly kind: 'dial'; readonly id: string; readonly helplineId: string }
  | { readonly kind: 'message'; readonly id: string }
  | { readonly kind: 'hangup'; readonly id: string };

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** The key pressed, 'no key', a transfer's result or the message's; none where the line just goes on. */
  readonly label?: string | undefined;
}

export interface CallGraph {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly edges: readonly GraphEdge[];
}

export const NO_KEY = 'no key';
export const MESSAGE_SENT = 'sent';
export const MESSAGE_NOT_SENT = 'not sent';

/** The node id of a menu a caller is in. */
export function menuNodeId(flow: CallFlow, state: CallState): string {
  if (state.menu === 'part' && state.reading && (state.part ?? 0) >= flow.partsOf(state.reading)) return 'last_part';
  return state.menu;
}

const safeId = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '_');

/** Whether an input was made in the same part menu, of the same part, as `state`. */
function samePartMenu(input: FlowInput, state: CallState): boolean {
  if (input.kind !== 'menu' && input.kind !== 'message-result' && input.kind !== 'show-menu') return false;
  return input.state.menu === state.menu && input.state.reading === state.reading && input.state.part === state.part;
}

/** The language a step is in; undefined before the caller chose one. */
function inputLang(input: FlowInput): LangCode | undefined {
  switch (input.kind) {
    case 'menu':
    case 'show-menu':
    case 'message-result':
    case 'dial-result':
      return input.state.lang;
    case 'fail-safe':
      return input.lang;
    case 'answer':
    case 'static-fallback':
      return undefined;
  }
}

/**
 * What a menu's answer says besides the menu itself: its body less the sentences of the menu as
 * shown on its own, with or without the text-message offer (the language menu may interleave its
 * choices with the opening, in an order that depends on the caller's country).
 */
function sentencesBesidesMenu(flow: CallFlow): (gather: Extract<Step, { kind: 'gather' }>, now: Date) => readonly Say[] {
  const sayId = (s: Say) => `${s.key}|${s.lang}|${s.announces ?? ''}`;
  // The sentences of each menu as shown on its own, once per menu, offer and moment.
  const ownSentences = perShownMenu(flow, (reply): ReadonlySet<string> => {
    const plain = reply.find((s) => s.kind === 'gather');
    return new Set(plain?.kind === 'gather' ? plain.body.map(sayId) : []);
  });
  return (gather, now) => {
    const own = [false, true].map((messageOffer) => ownSentences(gather.state, messageOffer, now));
    return gather.body.filter((s) => !own.some((sentences) => sentences.has(sayId(s))));
  };
}

/**
 * Whether an input that ends in the part menu `reached` read a part of a reading: the key's action
 * is a reading (by the menu's definition), the call came into a part menu from elsewhere (such as
 * the numbers after the last line failed), or the numbers are read again after a message that was
 * not sent.
 */
function readsAPart(flow: CallFlow, input: FlowInput, reached: CallState, now: Date): boolean {
  if (reached.menu !== 'part' || reached.reading === undefined) return false;
  const action = input.kind === 'menu' && input.digits !== undefined ? flow.menuFor(input.state, now, input.messageOffer).options.find((o) => o.key === input.digits)?.action.kind : undefined;
  return action === 'topic' || action === 'part' || action === 'numbers' || (input.kind === 'message-result' && !input.sent) || !samePartMenu(input, reached);
}

/**
 * The graph of the steps in one language (and the steps before a language is chosen), or of all
 * steps. Wrong keys are left out (they replay the same menu) and so are the fail-safe answers.
 */
export function callGraph(flow: CallFlow, steps: readonly ReachedStep[], lang?: LangCode): CallGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const addNode = (node: GraphNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    return node.id;
  };
  const addEdge = (from: string, to: string, label?: string) => {
    const id = `${from}|${to}|${label ?? ''}`;
    if (!edges.has(id)) edges.set(id, { from, to, label });
  };
  const menuNode = (state: CallState) => addNode({ kind: 'menu', id: menuNodeId(flow, state), state });
  const dialNode = (helplineId: string) => addNode({ kind: 'dial', id: `dial_${safeId(helplineId)}`, helplineId });

  /** Where a reply leads: its first menu, transfer or goodbye. */
  const terminalOf = (reply: readonly Step[]) => reply.findIndex((s) => s.kind !== 'say');
  const targetNode = (step: Step | undefined): string | undefined => {
    if (step?.kind === 'gather') return menuNode(step.state);
    if (step?.kind === 'dial') return dialNode(step.helplineId);
    if (step?.kind === 'hangup') return addNode({ kind: 'hangup', id: 'hangup' });
    return undefined;
  };

  const besidesMenu = sentencesBesidesMenu(flow);

  /** Draws what follows an input at `from`: what is said on the way (if anything), then where it leads. */
  const follow = (from: string, label: string | undefined, input: FlowInput, reply: readonly Step[], now: Date) => {
    const end = terminalOf(reply);
    const terminal = reply[end];
    const to = targetNode(terminal);
    if (!to) return;
    const says = [...reply.slice(0, end).filter((s): s is Say => s.kind === 'say'), ...(terminal?.kind === 'gather' ? besidesMenu(terminal, now) : [])];
    const silence = input.kind === 'menu' && input.digits === undefined;
    if (says.length === 0 || (silence && to === from)) {
      addEdge(from, to, label);
      return;
    }
    const readingPart = terminal?.kind === 'gather' && readsAPart(flow, input, terminal.state, now);
    const last = says.filter((s) => lang === undefined || s.lang === lang).at(-1) ?? (says.at(-1) as Say);
    const via = readingPart
      ? addNode({ kind: 'reading', id: `reading_${terminal.state.reading}`, reading: terminal.state.reading as ReadingId })
      : addNode({ kind: 'said', id: `${safeId(last.key)}__${to}`, says: says.filter((s) => s.lang === last.lang) });
    addEdge(from, via, label);
    addEdge(via, to);
  };

  for (const { input, outcome, now } of steps) {
    const stepLang = inputLang(input);
    if (lang !== undefined && stepLang !== undefined && stepLang !== lang) continue;
    switch (input.kind) {
      case 'answer':
        follow(addNode({ kind: 'incoming', id: 'incoming' }), undefined, input, outcome.reply, now);
        break;
      case 'menu': {
        if (input.digits === '?') break;
        const from = menuNode(input.state);
        // The text message: the adapter sends it and comes back with the result (message-result below).
        if (outcome.effects?.some((e) => e.kind === 'send-numbers-message')) addEdge(from, addNode({ kind: 'message', id: `message_${from}` }), input.digits);
        else follow(from, input.digits ?? NO_KEY, input, outcome.reply, now);
        break;
      }
      case 'message-result': {
        const message = addNode({ kind: 'message', id: `message_${menuNode(input.state)}` });
        follow(message, input.sent ? MESSAGE_SENT : MESSAGE_NOT_SENT, input, outcome.reply, now);
        break;
      }
      case 'dial-result':
        follow(dialNode(input.state.helpline), input.status ?? 'no result', input, outcome.reply, now);
        break;
      case 'show-menu':
      case 'fail-safe':
        break;
    }
  }
  // Each node's ways out together, in the order the walk first reached the nodes.
  const order = new Map([...nodes.keys()].map((id, index) => [id, index]));
  const sorted = [...edges.values()].sort((a, b) => (order.get(a.from) ?? 0) - (order.get(b.from) ?? 0));
  return { nodes, edges: sorted };
}
