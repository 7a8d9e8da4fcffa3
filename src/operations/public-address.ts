import { isIPv4, isIPv6 } from 'node:net';
import { E164 } from '../helplines/phone-number.js';
import { FALLBACK_PATH } from '../twilio/webhook-paths.js';
import { ConfigureError, type ConfigureErrorReason } from './configure-error.js';

/** The addresses an operator types: the line's number, the service's public https origin, a static fallback. */

const EXAMPLE_ADDRESS = 'for example https://hotline.example.org';

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

/** The eight 16-bit groups of a valid IPv6 address (as the URL parser writes it, without brackets). */
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function privateIpv4(address: string): string | undefined {
  const [a = 0, b = 0] = address.split('.').map(Number);
  if (a === 127) return 'a loopback address (127.x, this computer)';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private network address';
  if (a === 169 && b === 254) return 'a link-local address (169.254.x)';
  if (a === 0) return 'an address that means "this network"';
  return undefined;
}

function privateIpv6(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (groups.every((group, i) => group === (i === 7 ? 1 : 0))) return 'the loopback address ::1 (this computer)';
  if (groups.every((group) => group === 0)) return 'the unspecified address ::';
  const first = groups[0] ?? 0;
  if ((first & 0xfe00) === 0xfc00) return 'a private network address (fc00::/7)';
  if ((first & 0xffc0) === 0xfe80) return 'a link-local address (fe80::/10)';
  // ::ffff:a.b.c.d is an IPv4 address written as IPv6; the URL parser turns it into two hex groups.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return privateIpv4(`${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`);
  }
  return undefined;
}

/**
 * Why Twilio, calling from the internet, could never reach this host; undefined for a public host.
 * `hostname` is as the URL parser gives it (lower case, IPv4 normalised, IPv6 in brackets).
 */
export function unreachableHostReason(hostname: string): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'this computer (localhost)';
  if (host.endsWith('.local')) return 'a name that only exists on the local network (.local)';
  if (isIPv4(host)) return privateIpv4(host);
  if (isIPv6(host)) return privateIpv6(host);
  return undefined;
}

function parseAddress(input: string, reason: ConfigureErrorReason, whatToGive: string): URL {
  try {
    return new URL(input.trim());
  } catch {
    throw new ConfigureError(reason, `"${input}" is not a web address: give ${whatToGive}.`);
  }
}

export interface PublicBaseUrlOptions {
  /**
   * Accept http, and hosts only this computer or network can reach. Only tests set it (they serve the
   * service on 127.0.0.1); configure-number never does, because a live number pointed there reaches nothing.
   */
  readonly allowLocal?: boolean;
}

/** An https origin Twilio can reach, such as https://hotline.example.org (a trailing slash is tolerated). */
export function normalizePublicBaseUrl(input: string, options: PublicBaseUrlOptions = {}): string {
  const trimmed = input.trim();
  const url = parseAddress(input, 'invalid-url', `the public address of this service, ${EXAMPLE_ADDRESS}`);
  if (url.username || url.password) {
    throw new ConfigureError('invalid-url', `The address for ${url.host} contains a user name or password: leave them out and give the plain public address, ${EXAMPLE_ADDRESS}.`);
  }
  const unreachable = options.allowLocal ? undefined : unreachableHostReason(url.hostname);
  if (unreachable) {
    throw new ConfigureError(
      'invalid-url',
      `"${input}" points at ${unreachable}, which Twilio cannot reach from the internet: give the public https address of this service, ${EXAMPLE_ADDRESS} (to try the line from a laptop, open an https tunnel such as ngrok or cloudflared and give its address).`,
    );
  }
  if (url.protocol !== 'https:' && !(options.allowLocal && url.protocol === 'http:')) {
    throw new ConfigureError(
      'invalid-url',
      `"${input}" does not start with https://: Twilio must reach this service over https, so give its public https address, ${EXAMPLE_ADDRESS}.`,
    );
  }
  if (url.pathname !== '/' || url.search || url.hash || trimmed.endsWith('?') || trimmed.endsWith('#')) {
    throw new ConfigureError(
      'invalid-url',
      `"${input}" has something after the host name: give only the base address (${url.origin}); this command adds /voice, /voice/fallback and /voice/status itself.`,
    );
  }
  return url.origin;
}

/**
 * The full https address of a static fallback file (issue 14). It must not be on the service's own
 * origin: the point of a static fallback is that it still answers when the service is down.
 */
export function normalizeFallbackUrl(input: string, base: string): string {
  const url = parseAddress(input, 'invalid-fallback-url', 'the full https address of the static fallback file, for example https://static.example.org/voice-fallback.xml');
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
