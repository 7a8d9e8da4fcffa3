/**
 * Why a text message could not be handed to Twilio, from the error its REST client threw: a closed
 * set an operator can act on, and never the error's text (it may quote the caller's number).
 */
export type SendFailure =
  /** Twilio answered with an error: its HTTP status and error code (such as 21211). */
  | { readonly reason: 'refused'; readonly status: number; readonly code?: number }
  /** The name api.twilio.com could not be looked up: this host's DNS. */
  | { readonly reason: 'dns'; readonly cause: string }
  /** No connection to Twilio, or it broke: this host's network, a firewall, a proxy, TLS. */
  | { readonly reason: 'network'; readonly cause: string }
  /** The request was given up before Twilio answered. */
  | { readonly reason: 'timeout'; readonly cause?: string }
  /** Anything else: a fault of this program rather than of the way to Twilio. */
  | { readonly reason: 'error' };

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const TIMEOUT = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
/** A system or TLS error code (ECONNREFUSED, CERT_HAS_EXPIRED, …): the only text of an error kept. */
const SYSTEM_CODE = /^[A-Z][A-Z0-9_]{2,40}$/;

/** An integer from an error object, or undefined: nothing else of a REST client's error is kept. */
const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/** The system error code of an error or of the error it wraps (axios keeps the socket's in `cause`). */
function systemCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 4; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && SYSTEM_CODE.test(code) && code !== 'ERR_BAD_REQUEST' && code !== 'ERR_BAD_RESPONSE') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function describeSendFailure(error: unknown): SendFailure {
  const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
  const answered = integer(status);
  if (answered !== undefined) {
    const twilioCode = integer(code);
    return { reason: 'refused', status: answered, ...(twilioCode === undefined ? {} : { code: twilioCode }) };
  }
  const cause = systemCode(error);
  if (cause === undefined) return { reason: 'error' };
  if (DNS.has(cause)) return { reason: 'dns', cause };
  if (TIMEOUT.has(cause)) return { reason: 'timeout', cause };
  if (cause.startsWith('ERR_') && !cause.startsWith('ERR_TLS') && !cause.startsWith('ERR_SSL')) return { reason: 'error' };
  return { reason: 'network', cause };
}
