import { describeOpening } from '../helplines/describe-hours.js';
import type { HelplineChoice } from '../helplines/choose-helpline.js';
import { speech, type Speech } from '../prompts/prompt-key.js';
import type { CallState, LangCode } from './call-state.js';
import { helplineName, nextHelpline, say, type At } from './flow-context.js';
import { forTheCall } from './message-offer.js';
import { startReading } from './read-aloud.js';
import type { Reply, Say } from './reply.js';
import { enter, menuReply } from './shown-menu.js';

/** Why each closed helpline passed over cannot take the call now, and when it opens, where it says. */
const explainClosed = (at: At, lang: LangCode, choice: HelplineChoice): Say[] =>
  choice.closed.flatMap(({ helpline, opens }) => {
    const name = helplineName(at.flow, helpline.id);
    return say(at, lang, opens ? speech('transfer.closed', { name, opens: describeOpening(opens) }) : speech('transfer.closedNoOpening', { name }));
  });

/**
 * Puts the caller through to the chosen helpline, or, if none is open, gives the numbers to dial.
 * A caller who asked for a particular helpline (`chosen`) hears why it is closed; one who asked for
 * anyone is put through at once (the helplines menu gives every helpline's hours). `announce` is the
 * sentence that names the helpline being dialled, "connecting you to …" unless another is given.
 */
export function transfer(state: CallState & { lang: LangCode }, choice: HelplineChoice, at: At, chosen: boolean, announce = connecting): Reply {
  const { lang } = state;
  const tried = [...state.tried, ...choice.closed.map((c) => c.helpline.id)];
  const explained = chosen || !choice.helpline ? explainClosed(at, lang, choice) : [];
  if (!choice.helpline) return offerRetry({ ...state, tried }, at, explained);
  const helpline = choice.helpline;
  const intro = at.flow.ctx.helplineKeys(helpline.id).intro;
  const dialState = { lang, helpline: helpline.id, tried, young: state.young, ...forTheCall(state), ...(chosen ? { chosen: true as const } : {}) };
  return [
    ...explained,
    ...say(at, lang, announce(helplineName(at.flow, helpline.id))),
    ...(intro ? say(at, lang, speech(intro)) : []),
    { kind: 'dial', helplineId: helpline.id, state: dialState },
  ];
}

const connecting = (name: Speech): Speech => speech('transfer.connecting', { name });

/** After a transfer did not happen: the next open helpline to try, or, when none is left, the numbers to dial. */
export function offerRetry(state: CallState & { lang: LangCode }, at: At, preface: readonly Say[]): Reply {
  const retry: CallState = { ...enter(state, 'retry'), silences: 0 };
  if (nextHelpline(at.flow, retry, at.now)) return menuReply(retry, at, preface);
  return startReading(retry, 'numbers', at, [...preface, ...say(at, state.lang, speech('transfer.nothingLeft'))]);
}
