import { isIPv4, isIPv6 } from 'node:net';

/**
 * The one rule for the public origin Twilio calls (PUBLIC_BASE_URL, the address given to
 * configure-number and preflight): an https origin that Twilio can reach from the internet, with
 * no path, user name or password. The server also accepts a loopback host (http or https), where a
 * developer's own tools call it.
 */

const EXAMPLE_ADDRESS = 'for example https://hotline.example.org';

/** A public origin that breaks the rule: the message is the one sentence an operator reads. */
export class PublicOriginError extends Error {
  override readonly name = 'PublicOriginError';
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

const LOOPBACK_V4 = 'a loopback address (127.x, this computer)';
const LOOPBACK_V6 = 'the loopback address ::1 (this computer)';
const LOCALHOST = 'this computer (localhost)';

function privateIpv4(address: string): string | undefined {
  const [a = 0, b = 0] = address.split('.').map(Number);
  if (a === 127) return LOOPBACK_V4;
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private network address';
  if (a === 169 && b === 254) return 'a link-local address (169.254.x)';
  if (a === 0) return 'an address that means "this network"';
  return undefined;
}

function privateIpv6(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (groups.every((group, i) => group === (i === 7 ? 1 : 0))) return LOOPBACK_V6;
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
  if (host === 'localhost' || host.endsWith('.localhost')) return LOCALHOST;
  if (host.endsWith('.local')) return 'a name that only exists on the local network (.local)';
  if (isIPv4(host)) return privateIpv4(host);
  if (isIPv6(host)) return privateIpv6(host);
  return undefined;
}

/** This computer: localhost, 127.x or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  return [LOCALHOST, LOOPBACK_V4, LOOPBACK_V6].includes(unreachableHostReason(hostname) ?? '');
}

/** Parses a web address an operator typed, or throws `fail` with "give …". */
export function parseAddress(input: string, whatToGive: string, fail: new (message: string) => Error = PublicOriginError): URL {
  try {
    return new URL(input.trim());
  } catch {
    throw new fail(`"${input}" is not a web address: give ${whatToGive}.`);
  }
}

export interface PublicOriginOptions {
  /** Accept a loopback host, over http or https: the server's own rule, for tools on the same computer. */
  readonly allowLoopback?: boolean;
  /**
   * Accept http, and any host only this computer or network can reach. Only tests set it (they serve
   * the service on 127.0.0.1); configure-number never does, because a live number pointed there reaches nothing.
   */
  readonly allowLocal?: boolean;
}

/** The origin of an https address Twilio can reach, such as https://hotline.example.org (a trailing slash is tolerated). */
export function normalizePublicOrigin(input: string, options: PublicOriginOptions = {}): string {
  const trimmed = input.trim();
  const url = parseAddress(input, `the public address of this service, ${EXAMPLE_ADDRESS}`);
  if (url.username || url.password) {
    throw new PublicOriginError(`The address for ${url.host} contains a user name or password: leave them out and give the plain public address, ${EXAMPLE_ADDRESS}.`);
  }
  const local = options.allowLocal === true || (options.allowLoopback === true && isLoopbackHost(url.hostname));
  const unreachable = local ? undefined : unreachableHostReason(url.hostname);
  if (unreachable) {
    throw new PublicOriginError(
      `"${input}" points at ${unreachable}, which Twilio cannot reach from the internet: give the public https address of this service, ${EXAMPLE_ADDRESS} (to try the line from a laptop, open an https tunnel such as ngrok or cloudflared and give its address).`,
    );
  }
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    throw new PublicOriginError(`"${input}" does not start with https://: Twilio must reach this service over https, so give its public https address, ${EXAMPLE_ADDRESS}.`);
  }
  if (url.pathname !== '/' || url.search || url.hash || trimmed.endsWith('?') || trimmed.endsWith('#')) {
    throw new PublicOriginError(
      `"${input}" has something after the host name: give only the base address (${url.origin}); /voice, /voice/fallback and /voice/status are added to it.`,
    );
  }
  return url.origin;
}
