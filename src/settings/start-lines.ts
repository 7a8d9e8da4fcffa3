import type { Config } from './load-config.js';
import { isLoopbackHost } from './public-origin.js';
import { redisAddress } from './redis-address.js';
import { HOW_TO_OPEN_TRY, metricsAccess, tryPageAccess, type AccessSettings, type RouteAccess } from './route-access.js';

/** What each route is, for the start lines and GET /. */
function routeLine(path: string, what: string): string {
  return `  ${path.padEnd(13)} ${what}`;
}

function accessWords(access: RouteAccess, tokenName: string, howToGive: string): string | undefined {
  if (access.kind === 'off') return undefined;
  if (access.kind === 'open') return `open to anyone, because ${access.why}`;
  return `asks for ${tokenName} (${howToGive})`;
}

/** Where the daily limit of text messages per number is counted: per instance unless REDIS_URL shares it. */
function describeMessageLimits(config: Config): string {
  const from = `the numbers by SMS from ${config.textMessages?.from ?? ''} when a caller asks`;
  return config.redisUrl
    ? `${from}; the daily limit per number is shared by every instance through ${redisAddress(config.redisUrl)}`
    : `${from}; the daily limit per number is counted per instance, in its memory (set REDIS_URL to share it between instances)`;
}

/**
 * The human start lines: where the server listens, which routes answer, and what to try next.
 * `port` is the port it really listens on.
 */
export function describeListening(config: Config, port: number): string[] {
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const reachable = everywhere ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const local = `http://${reachable}:${port}`;
  const where = everywhere ? `port ${port} on every interface` : isLoopbackHost(config.host.toLowerCase()) ? `${local} (this computer only)` : `${local} (HOST)`;
  const checked = config.authToken
    ? `signatures checked against ${config.publicBaseUrl ? config.publicBaseUrl.origin : config.trustProxy ? 'the URL the router reports' : 'the URL each request arrived at'}`
    : 'signatures NOT checked: TWILIO_AUTH_TOKEN is not set';
  const tryPage = accessWords(tryPageAccess(config), 'TRY_TOKEN', 'open /try?token=<TRY_TOKEN> once');
  const metrics = accessWords(metricsAccess(config), 'METRICS_TOKEN', 'Authorization: Bearer <METRICS_TOKEN>');
  const lines = [
    `The hotline is listening on ${where}.`,
    routeLine('POST /voice', `Twilio's webhook for calls, with /voice/menu, /voice/dial-result, /voice/status and /voice/fallback (${checked})`),
    routeLine('GET /healthz', '200 when ready'),
    routeLine('GET /try', tryPage ? `the line in a browser, ${tryPage}` : `closed (404); to open it, ${HOW_TO_OPEN_TRY}`),
    ...(metrics ? [routeLine('GET /metrics', `counts for Prometheus, ${metrics}`)] : []),
    ...(config.textMessages ? [routeLine('text messages', describeMessageLimits(config))] : []),
  ];
  if (!config.authToken) {
    const browser = tryPageAccess(config).kind === 'open' ? `open ${local}/try in a browser, or ` : '';
    lines.push(`Next: ${browser}make a pretend call with: npm run call -- --url ${local} --keys 1,2`);
  } else {
    const origin = config.publicBaseUrl?.origin ?? 'https://<public address>';
    lines.push(`Next: point the number here with: npm run configure-number -- <number> ${origin}, then try it with: npm run preflight -- --to <your phone>`);
  }
  return lines;
}

/** The text of GET /: what this service is, and where to look. */
export function describeService(config: AccessSettings): string {
  const lines = ['Safety hotline: a Twilio voice line. Twilio posts calls to /voice.', 'GET /healthz answers 200 when the service is ready.'];
  const tryPage = tryPageAccess(config);
  if (tryPage.kind === 'open') lines.push('GET /try: the line in a browser.');
  if (tryPage.kind === 'token') lines.push('GET /try: the line in a browser, with its token (/try?token=<TRY_TOKEN> once).');
  if (tryPage.kind === 'off') lines.push(`GET /try, the line in a browser, is closed; to open it, ${HOW_TO_OPEN_TRY}.`);
  return `${lines.join('\n')}\n`;
}
