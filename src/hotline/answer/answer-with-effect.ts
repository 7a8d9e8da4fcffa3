import type { Effect } from '../flow/reply.js';
import type { Hotline } from '../hotline.js';
import { answer } from './answer.js';
import type { Answer, AnswerRequest } from './answer-request.js';

/** Both answers of a request: the first, and the one after its effect (the same when there was none). */
export interface AnswerAfterEffect {
  readonly first: Answer;
  readonly last: Answer;
}

/** How the effect is carried out, and what is told of each answer as soon as it is made (the server counts its events then). */
export interface EffectHandling {
  readonly perform: (effect: Effect) => Promise<boolean>;
  /** The instant the line is asked again, after the effect. */
  readonly later: () => Date;
  readonly made?: ((answered: Answer) => void) | undefined;
}

/**
 * The line's answer to a request, carrying out its effect on the way, as the server and the tools
 * that answer in its place both do: when the first answer asks for an effect (the text message),
 * `perform` carries it out and says whether it was done, and the line is asked again with that
 * result at `later()`; `made` hears of each answer as soon as it exists. The line itself stays free of I/O: only `perform` touches the world.
 */
export async function answerWithEffect(hotline: Hotline, request: AnswerRequest, now: Date, { perform, later, made }: EffectHandling): Promise<AnswerAfterEffect> {
  const first = answer(hotline, request, now);
  made?.(first);
  const effect = first.effects[0];
  if (!effect) return { first, last: first };
  const sent = await perform(effect);
  const last = answer(hotline, { ...request, messageResult: { sent } }, later());
  made?.(last);
  if (last.effects.length > 0) throw new Error('The answer to an effect asked for another effect.');
  return { first, last };
}
