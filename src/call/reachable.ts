import { DIAL_STATUS_VALUES } from './call-status.js';
import type { CallFlow } from './call-flow.js';
import type { FlowInput } from './flow-input.js';
import { callStateQuery, dialStateQuery, type CallState, type DialState, type LangCode } from './call-state.js';
import type { Outcome } from './reply.js';

/** One step a caller can reach: what went in, and what the line answered. */
export interface ReachedStep {
  readonly input: FlowInput;
  readonly now: Date;
  readonly outcome: Outcome;
}

export interface WalkOptions {
  /** The moments to walk the call at (opening hours change what is reachable). */
  readonly instants: readonly Date[];
  /** Country-code guesses to try when nobody chooses a language. */
  readonly likelyLangs: readonly (LangCode | undefined)[];
  /** A bound on the walk, so a flow that never ends cannot hang a check. */
  readonly maxSteps?: number;
}

/** What a caller can do in a menu: each option's key, a wrong key, and silence (with each country-code guess where that matters). */
function menuInputs(flow: CallFlow, state: CallState, now: Date, likelyLangs: WalkOptions['likelyLangs']): FlowInput[] {
  const keys = flow.menuFor(state, now).options.map((o) => o.key);
  // The country-code guess only matters where nobody has chosen a language yet.
  const guesses = state.menu === 'language' ? likelyLangs : [undefined];
  return [
    ...[...keys, '?'].map((digits): FlowInput => ({ kind: 'menu', state, digits, likelyLang: undefined })),
    ...guesses.map((likelyLang): FlowInput => ({ kind: 'menu', state, digits: undefined, likelyLang })),
  ];
}

const dialInputs = (state: DialState): FlowInput[] => [...DIAL_STATUS_VALUES, undefined].map((status) => ({ kind: 'dial-result', state, status }));

/**
 * Every step a call can reach from the first ring, and the fail-safe answers, at each instant:
 * every key in every menu, a wrong key, silence, and every transfer result, breadth first.
 * A menu or transfer state is expanded once: what follows depends only on it and the instant.
 */
export function walkReachableSteps(flow: CallFlow, options: WalkOptions): ReachedStep[] {
  const maxSteps = options.maxSteps ?? 50_000;
  const reached: ReachedStep[] = [];
  for (const now of options.instants) {
    const expanded = new Set<string>();
    const queue: FlowInput[] = [{ kind: 'answer' }, ...[undefined, ...options.likelyLangs].map((lang): FlowInput => ({ kind: 'fail-safe', lang }))];
    for (let next = 0; next < queue.length; next++) {
      const input = queue[next] as FlowInput;
      if (reached.length >= maxSteps) throw new Error(`The call flow reaches more than ${maxSteps} steps; it may never end.`);
      const outcome = flow.step(input, now);
      reached.push({ input, now, outcome });
      for (const step of outcome.reply) {
        const key = step.kind === 'gather' ? `menu?${callStateQuery(step.state)}` : step.kind === 'dial' ? `dial?${dialStateQuery(step.state)}` : undefined;
        if (!key || expanded.has(key)) continue;
        expanded.add(key);
        if (step.kind === 'gather') queue.push(...menuInputs(flow, step.state, now, options.likelyLangs));
        if (step.kind === 'dial') queue.push(...dialInputs(step.state));
      }
    }
  }
  return reached;
}
