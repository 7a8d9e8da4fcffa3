/**
 * Who may open /try and /metrics. Both are closed unless opened on purpose: by their token, by
 * NODE_ENV=development (or test), or, for /metrics only, by METRICS_PUBLIC=true on a private network.
 * Any other NODE_ENV, not set included, keeps them closed as in production: a laptop reached through
 * a tunnel is on the internet too.
 */
export interface AccessSettings {
  /** NODE_ENV=development or test. */
  readonly development?: boolean;
  readonly tryToken?: string | undefined;
  readonly metricsToken?: string | undefined;
  readonly metricsPublic?: boolean;
}

/** Off: 404. Open: anyone, for the reason given. Token: asks for the token. */
export type RouteAccess = { readonly kind: 'off' } | { readonly kind: 'open'; readonly why: string } | { readonly kind: 'token'; readonly token: string };

const DEVELOPMENT = 'NODE_ENV=development';

export function tryPageAccess(settings: AccessSettings): RouteAccess {
  if (settings.tryToken) return { kind: 'token', token: settings.tryToken };
  return settings.development === true ? { kind: 'open', why: DEVELOPMENT } : { kind: 'off' };
}

export function metricsAccess(settings: AccessSettings): RouteAccess {
  if (settings.metricsToken) return { kind: 'token', token: settings.metricsToken };
  if (settings.metricsPublic === true) return { kind: 'open', why: 'METRICS_PUBLIC=true' };
  return settings.development === true ? { kind: 'open', why: DEVELOPMENT } : { kind: 'off' };
}

/** Where the try page lives: known without loading the page, which a server that keeps it closed never does. */
export const TRY_PATH = '/try';

/** How an operator opens the try page, in the words of the start lines, GET / and the closed page. */
export const HOW_TO_OPEN_TRY = `set TRY_TOKEN (then open ${TRY_PATH}?token=<TRY_TOKEN> once), or NODE_ENV=development on a computer of your own`;

/** What GET /try answers while the page is closed: a short page that says how to open it. */
export const CLOSED_TRY_PAGE = `The try page is closed on this server. To open it, ${HOW_TO_OPEN_TRY}, and start the server again.\n`;
