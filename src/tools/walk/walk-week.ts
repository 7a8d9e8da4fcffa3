import { describeOpening, type Directory, findNextOpening, type Hotline, isOpenAt } from '../../hotline/index.js';
import { walkReachableSteps, type ReachedStep } from './reachable.js';

/** Moments that cover a whole week, hour by hour, so every opening-hours case of the flow is walked. */
export function weekOfInstants(from: Date): Date[] {
  return Array.from({ length: 7 * 24 }, (_, hour) => new Date(from.getTime() + hour * 3_600_000));
}

/**
 * How the line speaks of its helplines at `instant`: which are open, and for each closed one the
 * very sentence part that says when it opens (describeOpening, the one the flow speaks). Two
 * moments the caller hears alike give the same text, and a new way of saying an opening is a new
 * situation by itself, with nothing here to keep in step.
 */
export function situationAt(directory: Directory, instant: Date): string {
  return directory.helplines
    .map((helpline) => {
      if (isOpenAt(helpline, instant, directory)) return 'open';
      const opens = findNextOpening(helpline, instant, directory);
      return opens ? JSON.stringify(describeOpening(opens)) : 'never';
    })
    .join('|');
}

/**
 * One moment for each different situation of the helplines among `instants` (see situationAt), the
 * first of each: the flow answers every moment of a situation alike.
 */
export function distinctSituations(directory: Directory, instants: readonly Date[]): Date[] {
  const seen = new Map<string, Date>();
  for (const instant of instants) {
    const situation = situationAt(directory, instant);
    if (!seen.has(situation)) seen.set(situation, instant);
  }
  return [...seen.values()];
}

/** The walk the checks, the diagram and the tests share: each situation of the helplines, and every step reachable in it. */
export interface WalkedLine {
  readonly situations: readonly Date[];
  readonly steps: readonly ReachedStep[];
}

/** Walks every reachable step once, at one moment of each different situation among `instants`. */
export function walkLine(hotline: Hotline, instants: readonly Date[]): WalkedLine {
  const situations = distinctSituations(hotline.directory, instants);
  return { situations, steps: walkReachableSteps(hotline.flow, { instants: situations, likelyLangs: [undefined, ...hotline.languages.map((l) => l.code)] }) };
}
