import { normalizePublicOrigin, parseAddress, PublicOriginError, unreachableHostReason, type PublicOriginOptions } from '../../settings/public-origin.js';
import { E164, FALLBACK_PATH } from '../../hotline/index.js';
import { ConfigureError } from './configure-error.js';

/** The addresses an operator types: the line's number, the service's public https origin, a static fallback. */

class InvalidFallbackUrl extends ConfigureError {
  constructor(message: string) {
    super('invalid-fallback-url', message);
  }
}

/** Spaces are allowed in the input ("+47 21 00 00 00"); the result is strict E.164. */
export function normalizePhoneNumber(input: string): string {
  const compact = input.replace(/\s+/g, '');
  if (!E164.test(compact)) {
    throw new ConfigureError(
      'invalid-phone-number',
      `"${input}" is not a phone number in international format: write it with a plus sign and the country code, digits only, for example +4721000000.`,
    );
  }
  return compact;
}

/** An https origin Twilio can reach, such as https://hotline.example.org: the one rule in src/settings/public-origin.ts. */
export function normalizePublicBaseUrl(input: string, options: PublicOriginOptions = {}): string {
  try {
    return normalizePublicOrigin(input, options);
  } catch (error) {
    if (error instanceof PublicOriginError) throw new ConfigureError('invalid-url', error.message);
    throw error;
  }
}

/**
 * The full https address of a static fallback file (issue 14). It must not be on the service's own
 * origin: the point of a static fallback is that it still answers when the service is down.
 */
export function normalizeFallbackUrl(input: string, base: string): string {
  const url = parseAddress(input, 'the full https address of the static fallback file, for example https://static.example.org/voice-fallback.xml', InvalidFallbackUrl);
  if (url.username || url.password) {
    throw new ConfigureError('invalid-fallback-url', `The fallback address for ${url.host} contains a user name or password: leave them out; Twilio fetches the file without logging in.`);
  }
  const unreachable = unreachableHostReason(url.hostname);
  if (unreachable) {
    throw new ConfigureError('invalid-fallback-url', `The fallback address "${input}" points at ${unreachable}, which Twilio cannot reach from the internet: give the public https address where voice-fallback.xml is hosted.`);
  }
  if (url.protocol !== 'https:') {
    throw new ConfigureError('invalid-fallback-url', `The fallback address "${input}" does not start with https://: host voice-fallback.xml where it is served over https and give that address.`);
  }
  if (url.origin === new URL(base).origin) {
    throw new ConfigureError(
      'invalid-fallback-url',
      `The fallback address "${input}" is on the same host as the service (${url.origin}), so it would fail whenever the service does: host voice-fallback.xml elsewhere (object storage, a static site or a TwiML Bin), or leave out --fallback-url to use ${base}${FALLBACK_PATH}.`,
    );
  }
  return url.href;
}
