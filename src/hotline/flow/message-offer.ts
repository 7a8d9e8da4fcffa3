import type { CallState, ReadingId } from './call-state.js';

/** Readings whose part menus offer the text message: the list of numbers, and the help for children and young people. */
const NUMBER_READINGS: ReadonlySet<ReadingId> = new Set(['numbers', 'young']);

/**
 * Where the text message is offered: in a language chosen, where the caller has just heard numbers
 * (the part menus of the readings above, the menu after a transfer that did not happen, the menu
 * after the emergency key's answer), when the adapter says this caller may get one and none was
 * asked for in this call.
 */
export const offersMessage = (state: CallState, offer: boolean): boolean =>
  offer &&
  !state.messageSent &&
  state.lang !== undefined &&
  state.menu !== 'language' &&
  (state.menu === 'retry' || state.afterEmergency === true || (state.menu === 'part' && state.reading !== undefined && NUMBER_READINGS.has(state.reading)));

/** The state without the offer after the emergency key's answer. */
export const withoutEmergency = (state: CallState): CallState => (state.afterEmergency ? { ...state, afterEmergency: undefined } : state);

/** What lasts for the whole call whatever menu comes next: that a text message was asked for. */
export const forTheCall = (state: { readonly messageSent?: true | undefined }) => (state.messageSent ? { messageSent: true as const } : {});
