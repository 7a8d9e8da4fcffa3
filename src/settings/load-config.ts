import type { z } from 'zod';
import { parseOrFail } from '../content/describe-schema-error.js';
import { environmentSchema, environmentSubject } from './environment-schema.js';
import { withSource, type Environment, type Settings } from './read-environment.js';
import { isLoopbackHost } from './public-origin.js';
import { metricsAccess, tryPageAccess, type RouteAccess } from './route-access.js';

/** The settings read from the environment (each variable is described in src/settings/environment-schema.ts). */
export interface Config extends Readonly<z.output<typeof environmentSchema>> {
  /** HOST when set; else 127.0.0.1 in development or when requests go unchecked (no token), else all interfaces. */
  readonly host: string;
}

export class ConfigError extends Error {}

export const LOOPBACK = '127.0.0.1';
export const EVERY_INTERFACE = '0.0.0.0';

/**
 * Reads and checks the settings once; a bad value stops start-up with a sentence naming it, and
 * saying so when the value came from .env.
 */
export function loadConfig(env: Environment, source: Pick<Settings, 'envFile' | 'fromFile'> = { envFile: undefined, fromFile: new Set() }): Config {
  let settings: z.output<typeof environmentSchema>;
  try {
    settings = parseOrFail(environmentSchema, env, environmentSubject, ConfigError);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(withSource(error.message, source));
    throw error;
  }
  // A laptop reached through a tunnel is on the internet too, but its own network need not see /try.
  const host = settings.hostSetting ?? (settings.development || !settings.authToken ? LOOPBACK : EVERY_INTERFACE);
  return { ...settings, host };
}

/** The one sentence an operator needs when signed requests are refused because the URL differs. */
export const PUBLIC_URL_HINT =
  'set PUBLIC_BASE_URL to the origin in the number\'s settings (such as https://hotline.example.org), or TRUST_PROXY=true behind a TLS-terminating router';

/** Settings that start, but that an operator should fix before callers depend on them. */
export function describeStartupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  // A line that checks signatures may be live, whatever NODE_ENV says; development says it is not.
  if (config.development || !config.authToken) return warnings;
  if (config.authToken && !config.publicBaseUrl && !config.trustProxy) {
    warnings.push(`Neither PUBLIC_BASE_URL nor TRUST_PROXY is set: behind a TLS-terminating router every signed request will be refused; ${PUBLIC_URL_HINT}.`);
  }
  if (metricsAccess(config).kind === 'off') {
    warnings.push('GET /metrics is off (404): set METRICS_TOKEN to read it with "Authorization: Bearer <token>", or METRICS_PUBLIC=true on a private network.');
  }
  if (!config.hotlineNumber) {
    warnings.push(
      "HOTLINE_NUMBER is not set: a transfer shows helplines the number the call came in on when Twilio sends one, and otherwise the caller's own; set HOTLINE_NUMBER to this line's Twilio number (production requires it).",
    );
  }
  if (!config.logHashKey) {
    warnings.push('LOG_HASH_KEY is not set: each instance makes up its own, so the same call has a different reference in each instance\'s logs; set one long random secret on every instance.');
  }
  return warnings;
}

function describeAccess(path: string, access: RouteAccess): string | undefined {
  return access.kind === 'open' ? `${path} is open to anyone who reaches this server, without a token, because ${access.why}.` : undefined;
}

/** One line for each thing that is open to whoever reaches the server, and why. */
export function describeOpenings(config: Config): string[] {
  const lines = [describeAccess('GET /try', tryPageAccess(config)), describeAccess('GET /metrics', metricsAccess(config))];
  if (!config.authToken) {
    const where = isLoopbackHost(config.host.toLowerCase()) ? `the server listens on ${config.host} only` : `HOST=${config.host} lets other computers reach it`;
    lines.unshift(`TWILIO_AUTH_TOKEN is not set: development mode, signatures are NOT checked and ${where}.`);
  }
  return lines.filter((line): line is string => line !== undefined);
}
