import { tryPageAccess, type AccessSettings, type RouteAccess } from '../config/route-access.js';

export const TRY_PATH = '/try';

/**
 * Whether the try page is there, decided without loading it: the page pulls in the simulator and
 * the diagram, which a production server that does not serve it should not carry in memory.
 */
export function tryAccess(config: AccessSettings): RouteAccess {
  return tryPageAccess(config);
}
