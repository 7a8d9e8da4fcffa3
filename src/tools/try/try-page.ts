import type { RequestHandler } from 'express';
import type { TryDeps } from './try-routes.js';

/** The try page's router, loaded when /try is first asked for (the app's `tryPage`), so a closed server never loads it. */
export const tryPageLoader =
  (deps: TryDeps): (() => Promise<RequestHandler>) =>
  async () =>
    (await import('./try-routes.js')).createTryRouter(deps);
