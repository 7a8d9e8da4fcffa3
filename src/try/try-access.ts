import type { Config } from '../config/load-config.js';

export const TRY_PATH = '/try';

/** Off: 404 (production without TRY_TOKEN). Open: development without a token. Or the token it asks for. */
export type TryAccess = { readonly kind: 'off' } | { readonly kind: 'open' } | { readonly kind: 'token'; readonly token: string };

/**
 * Whether the try page is there, decided without loading it: the page pulls in the simulator and
 * the diagram, which a production server that does not serve it should not carry in memory.
 */
export function tryAccess(config: Partial<Pick<Config, 'tryToken' | 'production'>>): TryAccess {
  if (config.tryToken) return { kind: 'token', token: config.tryToken };
  return config.production ? { kind: 'off' } : { kind: 'open' };
}
