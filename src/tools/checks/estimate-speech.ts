import { type Directory, numberGroups, type Reply, type Say } from '../../hotline/index.js';

/** Estimate parameters: a slow digit, the pause between digit groups, "plus", the gap between two sentences. */
const SECONDS_PER_DIGIT = 0.5;
const SECONDS_PER_GROUP_PAUSE = 0.4;
const SECONDS_FOR_PLUS = 0.5;
const SECONDS_BETWEEN_SAYS = 0.3;

export interface SpeechEstimator {
  /** Seconds one sentence takes, and when within it 112 is first said (if it is). */
  say(say: Say): { seconds: number; until112: number | undefined };
  /** Seconds a run of sentences takes, and when 112 is first said in it. */
  says(says: readonly Say[]): { seconds: number; until112: number | undefined };
}

/**
 * Estimates speaking time from what the flow says: words at the language's rate, numbers digit by
 * digit, slowly, in the same groups the renderer reads them in.
 */
export function createSpeechEstimator(directory: Directory, charsPerSecond: (lang: string) => number): SpeechEstimator {
  // The emergency number is the one the directory marks, whatever its id.
  const emergencyId = directory.helplines.find((h) => h.emergency)?.id;
  const numberSeconds = (helplineId: string): number => {
    const helpline = directory.find(helplineId);
    if (!helpline) return 0;
    const { country, groups } = numberGroups(helpline.number);
    const digits = (country ?? '').length + groups.join('').length;
    const pauses = groups.length - 1 + (country ? 1 : 0);
    return digits * SECONDS_PER_DIGIT + pauses * SECONDS_PER_GROUP_PAUSE + (country ? SECONDS_FOR_PLUS : 0);
  };
  const say = (s: Say) => {
    const rate = charsPerSecond(s.lang);
    let seconds = 0;
    let until112: number | undefined;
    for (const segment of s.segments) {
      if (segment.kind === 'text') {
        seconds += segment.text.length / rate;
        continue;
      }
      if (segment.helplineId === emergencyId && until112 === undefined) until112 = seconds;
      seconds += numberSeconds(segment.helplineId);
    }
    return { seconds: seconds + SECONDS_BETWEEN_SAYS, until112 };
  };
  return {
    say,
    says(list) {
      let seconds = 0;
      let until112: number | undefined;
      for (const s of list) {
        const one = say(s);
        if (until112 === undefined && one.until112 !== undefined) until112 = seconds + one.until112;
        seconds += one.seconds;
      }
      return { seconds, until112 };
    },
  };
}

/** Every sentence of a reply in the order it is heard, menus included. */
export const sentencesOf = (reply: Reply): Say[] => reply.flatMap((step) => (step.kind === 'say' ? [step] : step.kind === 'gather' ? [...step.body] : []));

/**
 * What a caller hears before the answer's last menu has offered its last option (all of it when the
 * answer ends the call). In the language menu the other languages' sentences follow the keys; a
 * caller has every option by then.
 */
export function untilMenuEnds(reply: Reply): Say[] {
  const lastMenu = reply.findLastIndex((step) => step.kind === 'gather');
  if (lastMenu < 0) return sentencesOf(reply);
  const menu = reply[lastMenu];
  const body = menu?.kind === 'gather' ? menu.body : [];
  const lastOption = body.findLastIndex((s) => s.announces !== undefined);
  return [...sentencesOf(reply.slice(0, lastMenu)), ...(lastOption < 0 ? body : body.slice(0, lastOption + 1))];
}
