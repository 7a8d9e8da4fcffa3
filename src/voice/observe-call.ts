import type { CallMetrics } from '../metrics/call-metrics.js';
import type { CallFlow, MenuInput } from './call-flow.js';
import type { CallState } from './call-state.js';
import type { Reply } from './reply.js';

/** A count to make for one step; kept with the step's answer so a repeated step counts the same. */
export type MetricEvent = (metrics: CallMetrics) => void;

/** What a menu step meant for the caller, from the state, the key and the reply: never who called. */
export function describeMenuStep(flow: CallFlow, state: CallState, input: MenuInput, reply: Reply, now: Date): MetricEvent[] {
  const events: MetricEvent[] = [];
  if (!input.digits) {
    events.push((m) => m.silence(state.menu));
    const next = reply.find((step) => step.kind === 'gather');
    const guessed = state.menu === 'language' && next?.kind === 'gather' ? next.state.lang : undefined;
    if (guessed) events.push((m) => m.languageChosen(guessed, 'guessed'));
  } else {
    const option = flow.menuFor(state, now).options.find((o) => o.key === input.digits);
    if (!option) {
      events.push((m) => m.invalidKey(state.menu));
    } else {
      const { action } = option;
      events.push((m) => m.menuChoice(state.menu, option.key));
      if (action.kind === 'language') events.push((m) => m.languageChosen(action.lang, 'key'));
      if (action.kind === 'topic' && state.lang) events.push((m) => m.topicHeard(action.topic, state.lang as string));
    }
  }
  return [...events, ...describeTransfers(reply)];
}

export function describeTransfers(reply: Reply): MetricEvent[] {
  return reply.flatMap((step) => (step.kind === 'dial' ? [(m: CallMetrics) => m.transfer(step.helplineId, 'started')] : []));
}
