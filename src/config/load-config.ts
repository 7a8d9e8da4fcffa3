import type { z } from 'zod';
import { parseOrFail } from '../content/describe-schema-error.js';
import { environmentSchema, environmentSubject } from '../content/environment-schema.js';

/** The settings read from the environment (each variable is described in src/content/environment-schema.ts). */
export interface Config extends Readonly<z.output<typeof environmentSchema>> {
  /** 127.0.0.1 when requests go unchecked (development without a token), else all interfaces. */
  readonly host: string;
}

export class ConfigError extends Error {}

/** Reads and checks the environment once; a bad value stops start-up with a sentence naming it. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const settings = parseOrFail(environmentSchema, env, environmentSubject, ConfigError);
  return { ...settings, host: settings.authToken ? '0.0.0.0' : '127.0.0.1' };
}

/** The one sentence an operator needs when signed requests are refused because the URL differs. */
export const PUBLIC_URL_HINT =
  'set PUBLIC_BASE_URL to the origin in the number\'s settings (such as https://hotline.example.org), or TRUST_PROXY=true behind a TLS-terminating router';

/** Settings that start, but that an operator should fix before callers depend on them. */
export function describeStartupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (!config.production) return warnings;
  if (config.authToken && !config.publicBaseUrl && !config.trustProxy) {
    warnings.push(`Neither PUBLIC_BASE_URL nor TRUST_PROXY is set: behind a TLS-terminating router every signed request will be refused; ${PUBLIC_URL_HINT}.`);
  }
  if (!config.metricsToken && !config.metricsPublic) {
    warnings.push('GET /metrics is off (404): set METRICS_TOKEN to read it with "Authorization: Bearer <token>", or METRICS_PUBLIC=true on a private network.');
  }
  if (!config.logHashKey) {
    warnings.push('LOG_HASH_KEY is not set: each instance makes up its own, so the same call has a different reference in each instance\'s logs; set one long random secret on every instance.');
  }
  return warnings;
}
