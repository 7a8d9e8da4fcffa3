import type { Hotline } from '../../hotline/index.js';
import { callerIdFor } from '../../server/caller-id.js';
import { mobileLooking } from '../../server/send-numbers-message.js';
import type { Config } from '../../settings/load-config.js';
import { answerTransport } from '../walk/answer-transport.js';
import type { Transport } from '../walk/walk-call.js';

/** The settings that change what a server answers beside the line itself. */
export interface InProcessSettings extends Partial<Pick<Config, 'hotlineNumber' | 'passCallerNumber'>> {
  /** Whether the server this stands for sends text messages (SMS_FROM and the account are set). */
  readonly textMessages: boolean;
}

/**
 * The line answering in this process as a server with these settings would: the caller ID by the
 * server's rule, and the text message offered by its rule (text messages on, a number that can get
 * one) with a limits store that always allows. The simulator without --url and the try page call
 * through it; nothing is sent and no socket is opened.
 */
export function inProcessLine(hotline: Hotline, baseUrl: URL, clock: () => Date, settings: InProcessSettings): Transport {
  return answerTransport(hotline, {
    baseUrl,
    clock,
    callerId: (form) => callerIdFor(settings, { From: form.From, To: form.To }),
    mayOffer: (from) => settings.textMessages && mobileLooking(from),
  });
}
