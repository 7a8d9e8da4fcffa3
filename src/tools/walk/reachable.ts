import { type CallFlow, type CallState, callStateQuery, DIAL_STATUS_VALUES, type DialState, dialStateQuery, type Effect, type FlowInput, inputKey, type LangCode, type Outcome, type Reply } from '../../hotline/index.js';

/** One step a caller can reach: what went in, and what the line answered. */
export interface ReachedStep {
  readonly input: FlowInput;
  readonly now: Date;
  readonly outcome: Outcome;
}

export interface WalkOptions {
  /** The moments to walk the call at (opening hours change what is reachable). */
  readonly instants: readonly Date[];
  /** Country-code guesses to try: the opening's order, and where every language is spoken or nobody chooses one. */
  readonly likelyLangs: readonly (LangCode | undefined)[];
  /**
   * Callers to walk: one who may be offered the numbers in a text message, one who may not (no
   * sending configured, a withheld number, the day's limit reached). Both by default.
   */
  readonly messageOffers?: readonly boolean[];
  /** A bound on the walk, so a flow that never ends cannot hang a check. */
  readonly maxSteps?: number;
}

/** What a caller can do in a menu: each option's key, a wrong key, and silence (with each country-code guess where that matters). */
function menuInputs(flow: CallFlow, state: CallState, now: Date, likelyLangs: WalkOptions['likelyLangs'], messageOffer: boolean): FlowInput[] {
  const keys = flow.menuFor(state, now, messageOffer).options.map((o) => o.key);
  // The country-code guess only matters where nobody has chosen a language yet.
  const guesses = state.menu === 'language' ? likelyLangs : [undefined];
  return [
    ...[...keys, '?'].map((digits): FlowInput => ({ kind: 'menu', state, digits, likelyLang: undefined, messageOffer })),
    ...guesses.map((likelyLang): FlowInput => ({ kind: 'menu', state, digits: undefined, likelyLang, messageOffer })),
  ];
}

/** What the adapter can feed back after performing an effect: the text message sent, or not. */
const effectResults = (effect: Effect): FlowInput[] => [true, false].map((sent) => ({ kind: 'message-result', state: effect.state, sent }));

const dialInputs = (state: DialState, messageOffer: boolean): FlowInput[] =>
  [...DIAL_STATUS_VALUES, undefined].map((status) => ({ kind: 'dial-result', state, status, messageOffer }));

/**
 * Every step a call can reach from the first ring, and the fail-safe answers, at each instant and
 * for each kind of caller: every key in every menu, a wrong key, silence, every transfer result and,
 * for an effect, every result the adapter can feed back (the text message sent or not), breadth first. A menu or transfer state is expanded once
 * per caller: what follows depends only on it, the instant and whether a message may be offered.
 */
export function walkReachableSteps(flow: CallFlow, options: WalkOptions): ReachedStep[] {
  const maxSteps = options.maxSteps ?? 200_000;
  const reached: ReachedStep[] = [];
  const guesses = [...new Set([undefined, ...options.likelyLangs])];
  /**
   * A key whose answer speaks every language (the language menu) is answered in the order the
   * caller's country suggests: each other order is reached too, though it leads nowhere new.
   */
  const inEveryOrder = (input: FlowInput, outcome: Outcome, now: Date) => {
    if (input.kind !== 'menu' || input.digits === undefined || input.likelyLang !== undefined) return;
    if (!outcome.reply.some((step) => step.kind === 'gather' && step.state.menu === 'language')) return;
    for (const likelyLang of guesses) if (likelyLang) reached.push({ input: { ...input, likelyLang }, now, outcome: flow.step({ ...input, likelyLang }, now) });
  };
  for (const now of options.instants) {
    // Shared by the callers walked at this instant: once a message was asked for in a call, nothing
    // is offered again, so such a state is answered alike for every caller (and as it would be
    // without the message asked for, to a caller offered none) and expanded once.
    const expanded = new Set<string>();
    const stateKey = <S extends CallState | DialState>(kind: string, query: (state: S) => string, state: S, messageOffer: boolean) =>
      state.messageSent ? `${kind}?${query({ ...state, messageSent: undefined })}|false` : `${kind}?${query(state)}|${messageOffer}`;
    for (const messageOffer of options.messageOffers ?? [false, true]) {
      const queue: FlowInput[] = [
        ...guesses.map((likelyLang): FlowInput => ({ kind: 'answer', likelyLang })),
        ...guesses.map((lang): FlowInput => ({ kind: 'fail-safe', lang })),
      ];
      for (let next = 0; next < queue.length; next++) {
        const input = queue[next] as FlowInput;
        if (reached.length >= maxSteps) throw new Error(`The call flow reaches more than ${maxSteps} steps; it may never end.`);
        const outcome = flow.step(input, now);
        reached.push({ input, now, outcome });
        for (const effect of outcome.effects ?? []) {
          const key = `effect:${effect.kind}?${callStateQuery(effect.state)}|${messageOffer}`;
          if (expanded.has(key)) continue;
          expanded.add(key);
          queue.push(...effectResults(effect));
        }
        inEveryOrder(input, outcome, now);
        for (const step of outcome.reply) {
          const key =
            step.kind === 'gather'
              ? stateKey('menu', callStateQuery, step.state, messageOffer)
              : step.kind === 'dial'
                ? stateKey('dial', dialStateQuery, step.state, messageOffer)
                : undefined;
          if (!key || expanded.has(key)) continue;
          expanded.add(key);
          if (step.kind === 'gather') queue.push(...menuInputs(flow, step.state, now, guesses, messageOffer));
          if (step.kind === 'dial') queue.push(...dialInputs(step.state, messageOffer));
        }
      }
    }
  }
  return reached;
}

/**
 * The walk as a lookup: the step a given input reached at a given instant, or undefined when the
 * walk never reached it. A check follows a caller's path through it instead of stepping the flow again.
 */
export function stepsByInput(steps: readonly ReachedStep[]): (input: FlowInput, now: Date) => ReachedStep | undefined {
  const key = (input: FlowInput, now: Date) => `${now.getTime()}|${inputKey(input)}`;
  const byKey = new Map<string, ReachedStep>();
  for (const step of steps) if (!byKey.has(key(step.input, step.now))) byKey.set(key(step.input, step.now), step);
  return (input, now) => byKey.get(key(input, now));
}

/**
 * What a check reads off the menu a caller in `state` is shown at `now` (as the flow answers
 * "show-menu"), worked out once per state, offer and moment: many walked steps end in the same
 * menu, and a check that looks at each of them reads it here instead of stepping the flow again.
 */
export function perShownMenu<T>(flow: CallFlow, read: (reply: Reply) => T): (state: CallState, messageOffer: boolean, now: Date) => T {
  const done = new Map<string, T>();
  return (state, messageOffer, now) => {
    const key = `${now.getTime()}|${messageOffer}|${callStateQuery(state)}`;
    if (!done.has(key)) done.set(key, read(flow.step({ kind: 'show-menu', state, messageOffer }, now).reply));
    return done.get(key) as T;
  };
}
