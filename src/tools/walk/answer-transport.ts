import { parse as parseQuery } from 'node:querystring';
import { type AnswerRequest, answerWithEffect, asksMessageOffer, failSafeAnswer, failSafeCase, type Hotline } from '../../hotline/index.js';
import { errorMessage } from '../../content/error-message.js';
import type { TranscriptEvent, Transport, TransportResponse } from './walk-call.js';

/**
 * What only the server finds out before it answers, passed in by whoever builds this transport
 * (the simulator's layer, which may read the server's rules; this layer may not).
 */
export interface AnswerServer {
  /** The origin the line answers under: relative TwiML URLs resolve against it, and recordings are played from it. */
  readonly baseUrl: URL;
  /** The instant the line answers at (a try call keeps the moment it was started at). */
  readonly clock: () => Date;
  /** The number a transfer shows the helpline, from the form as Twilio posts it. */
  readonly callerId: (form: Readonly<Record<string, string>>) => string | undefined;
  /**
   * Whether the server would offer this caller the numbers by text message, for a request whose
   * answer may offer them (text messages on, a number that can get one, under today's limit).
   */
  readonly mayOffer: (from: string | undefined) => boolean;
}

const TWIML = 'text/xml; charset=utf-8';

/**
 * A transport that answers in this process through `answer`, with the request the server would
 * build: the same path, query (parsed as Express's simple parser does) and form, the text-message
 * offer and the caller ID. Nothing is performed: a text message the line asks for is told as a
 * transcript event, and the line is asked again with the result a successful send gives, so the
 * caller hears what a real caller hears. An answer that throws gets the fail-safe answer, as on
 * the server. No socket is opened.
 */
export function answerTransport(hotline: Hotline, server: AnswerServer): Transport {
  const post = async (path: string, form: Record<string, string>): Promise<TransportResponse> => {
    const url = new URL(path, server.baseUrl);
    if (url.origin !== server.baseUrl.origin) throw new Error(`The line sent the call to ${url.href}, outside ${server.baseUrl.origin}.`);
    const now = server.clock();
    const base: AnswerRequest = { path: url.pathname, query: parseQuery(url.search.slice(1)), form, origin: server.baseUrl.origin, callerId: server.callerId(form) };
    const request: AnswerRequest = { ...base, messageOffer: asksMessageOffer(hotline, base) && server.mayOffer(form.From) };
    try {
      // Nothing is sent: the effect is told in the transcript, and the line hears a successful send.
      const { first, last } = await answerWithEffect(hotline, request, now, { perform: async () => true, later: server.clock });
      const effects: TranscriptEvent[] = first.effects.map((effect) => ({ kind: 'text-message', lang: effect.lang }));
      return { status: 200, contentType: TWIML, body: last.twiml, effects };
    } catch (error) {
      // Said in the transcript, where the server would log it: a tool shows what went wrong.
      const failed: TranscriptEvent = { kind: 'error', message: `The line failed to answer ${url.pathname} (${errorMessage(error)}); the caller hears the fail-safe answer.` };
      return { status: 200, contentType: TWIML, body: failSafeAnswer(hotline, failSafeCase(hotline, request), request.origin, now).twiml, effects: [failed] };
    }
  };
  return { baseUrl: server.baseUrl, post, close: async () => {} };
}
