import type { CallMetrics } from '../metrics/call-metrics.js';
import type { CallFlow, MenuInput } from './call-flow.js';
import type { CallState } from './call-state.js';
import type { Reply } from './reply.js';

/** Counts what a menu step meant for the caller, from the state, the key and the reply: never who called. */
export function observeMenuStep(metrics: CallMetrics, flow: CallFlow, state: CallState, input: MenuInput, reply: Reply, now: Date): void {
  if (!input.digits) {
    metrics.silence(state.menu);
    const next = reply.find((step) => step.kind === 'gather');
    if (state.menu === 'language' && next?.kind === 'gather' && next.state.lang) metrics.languageChosen(next.state.lang, 'guessed');
  } else {
    const option = flow.menuFor(state, now).options.find((o) => o.key === input.digits);
    if (!option) {
      metrics.invalidKey(state.menu);
    } else {
      metrics.menuChoice(state.menu, option.key);
      if (option.action.kind === 'language') metrics.languageChosen(option.action.lang, 'key');
      if (option.action.kind === 'topic' && state.lang) metrics.topicHeard(option.action.topic, state.lang);
    }
  }
  observeTransfers(metrics, reply);
}

export function observeTransfers(metrics: CallMetrics, reply: Reply): void {
  for (const step of reply) if (step.kind === 'dial') metrics.transfer(step.helplineId, 'started');
}
