import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import twilio from 'twilio';
import { helplineKeyNames, type Hotline, REFERENCE_LANGUAGE } from '../../hotline/index.js';
import type { TranscriptEvent, DialOutcome, NumberDescription, Transport, TransportResponse } from '../walk/walk-call.js';
import { errorMessage } from '../../content/error-message.js';

/** Twilio gives up on a webhook after 15 seconds; so does the simulator. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Resolves a TwiML URL against the line's origin. Requests carry a signature made with the
 * auth token, so they never go to another origin, whatever the TwiML says.
 */
function resolveOnLine(baseUrl: URL, path: string): URL {
  const url = new URL(path, baseUrl);
  if (url.origin !== baseUrl.origin) {
    throw new Error(`The line sent the call to ${url.href}, outside ${baseUrl.origin}; the simulator only follows the line's own addresses.`);
  }
  return url;
}

/**
 * Posts to `baseUrl`, signing for the same path and query under `publicUrl`: the origin Twilio calls,
 * which a server behind a router (or with PUBLIC_BASE_URL) checks signatures against.
 */
function signedPoster(baseUrl: URL, authToken: string | undefined, publicUrl: URL = baseUrl) {
  return async (path: string, params: Record<string, string>): Promise<TransportResponse> => {
    const url = resolveOnLine(baseUrl, path);
    const signedUrl = new URL(`${url.pathname}${url.search}`, publicUrl);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (authToken) headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(authToken, signedUrl.href, params);
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString(), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? errorMessage(error);
      throw new Error(`Cannot reach ${url.origin}: ${cause}.`, { cause: error });
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  };
}

/** Posts to a line that is already running, e.g. `npm start` or a deployed service. */
export function urlTransport(baseUrl: URL, authToken: string | undefined, publicUrl?: URL): Transport {
  return { baseUrl, post: signedPoster(baseUrl, authToken, publicUrl), close: async () => {} };
}

/** A moment given as wall-clock time in a time zone, e.g. "2026-12-07T11:00" in Europe/Oslo. */
export function parseWallTime(value: string, timeZone: string): Date {
  const example = 'such as 2026-12-07T11:00';
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) {
    throw new Error(`"${value}" is not a date and time ${example} (${timeZone} time).`);
  }
  const instant = fromZonedTime(value, timeZone);
  // Catches impossible dates (2026-02-30) and times the clock skips when summer time starts.
  if (Number.isNaN(instant.getTime()) || formatInTimeZone(instant, timeZone, "yyyy-MM-dd'T'HH:mm") !== value.slice(0, 16)) {
    throw new Error(`"${value}" is not a time that exists on the clock in ${timeZone}; give one ${example}.`);
  }
  return instant;
}

const OUTCOME_LABELS: Record<DialOutcome, string> = {
  completed: 'answered; the conversation is over',
  busy: 'busy',
  'no-answer': 'no answer',
  failed: 'the transfer failed',
};

/** One transcript line per event. */
export function formatEvent(event: TranscriptEvent): string {
  switch (event.kind) {
    case 'say':
      return `[${[event.lang, event.voice].filter(Boolean).join(' ') || 'default voice'}] ${event.text}`;
    case 'play':
      return `[recording] ${event.url}`;
    case 'pause':
      return `(pause ${event.seconds} s)`;
    case 'key':
      return `(key ${event.key})`;
    case 'said':
      return `(said "${event.words}", confidence ${event.confidence})`;
    case 'no-key':
      return '(no key)';
    case 'transfer':
      return `→ connecting to ${[event.name, event.number].filter(Boolean).join(' ')}`;
    case 'dial-outcome':
      return `(${OUTCOME_LABELS[event.outcome]})`;
    case 'text-message':
      return `(a text message with the numbers would be sent now, in ${event.lang})`;
    case 'end':
      return event.reason ? `(call ended: ${event.reason})` : '(call ended)';
    case 'error':
      return `(error) ${event.message}`;
  }
}

/** Names a dialled number as the directory writes it, with its English name, for transcripts. */
export function describeDialledNumber(hotline: Hotline) {
  return (e164: string): NumberDescription | undefined => {
    const helpline = hotline.directory.helplines.find((h) => h.dial && h.dialString === e164);
    return helpline && { name: hotline.catalog.text(REFERENCE_LANGUAGE, { key: hotline.catalog.checkedKey(helplineKeyNames(helpline.id).name) }), display: helpline.number };
  };
}
