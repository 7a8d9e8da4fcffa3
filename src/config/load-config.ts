export interface Config {
  readonly port: number;
  /** 127.0.0.1 when requests go unchecked (development without a token), else all interfaces. */
  readonly host: string;
  readonly production: boolean;
  /** Undefined only in development: then signatures are not checked. */
  readonly authToken: string | undefined;
  /** The origin Twilio calls, e.g. https://hotline.example.org; signatures are checked against it. */
  readonly publicBaseUrl: URL | undefined;
  /** Whether X-Forwarded-Proto from a TLS-terminating router is believed. */
  readonly trustProxy: boolean;
  readonly logLevel: string;
  /** Show helplines the caller's own number on a transfer; off by default, so callers stay anonymous. */
  readonly passCallerNumber: boolean;
  /** When set, GET /metrics needs "Authorization: Bearer <token>". */
  readonly metricsToken: string | undefined;
  /** GET /metrics without a token in production, for a service on a private network only. */
  readonly metricsPublic: boolean;
  /** The secret behind the call reference in logs; shared by instances so one call has one reference. */
  readonly logHashKey: string | undefined;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function readBoolean(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const text = (env[name] ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'true', 'false'].includes(text)) {
    throw new ConfigError(`${name} is "${env[name]}", but it must be true or false.`);
  }
  return text === '1' || text === 'true';
}

/** Reads and checks the environment once; a bad value stops start-up with a sentence naming it. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const production = env.NODE_ENV === 'production';

  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT is "${portText}", but it must be a whole number from 1 to 65535.`);
  }

  const authToken = env.TWILIO_AUTH_TOKEN?.trim() || undefined;
  if (production && !authToken) {
    throw new ConfigError(
      'TWILIO_AUTH_TOKEN is not set. In production (NODE_ENV=production) every request must be checked against the Twilio auth token; set it to the token of the account that owns the number.',
    );
  }

  let publicBaseUrl: URL | undefined;
  if (env.PUBLIC_BASE_URL) {
    try {
      publicBaseUrl = new URL(env.PUBLIC_BASE_URL);
    } catch {
      throw new ConfigError(`PUBLIC_BASE_URL is "${env.PUBLIC_BASE_URL}", which is not a URL; use the origin Twilio calls, such as https://hotline.example.org.`);
    }
    if (!['http:', 'https:'].includes(publicBaseUrl.protocol) || publicBaseUrl.pathname !== '/' || publicBaseUrl.search) {
      throw new ConfigError(`PUBLIC_BASE_URL is "${env.PUBLIC_BASE_URL}", but it must be an http(s) origin without a path, such as https://hotline.example.org.`);
    }
  }

  const trustProxy = readBoolean(env, 'TRUST_PROXY');
  const passCallerNumber = readBoolean(env, 'PASS_CALLER_NUMBER');
  const metricsPublic = readBoolean(env, 'METRICS_PUBLIC');

  const logHashKey = env.LOG_HASH_KEY?.trim() || undefined;
  if (logHashKey !== undefined && logHashKey.length < 16) {
    throw new ConfigError('LOG_HASH_KEY is shorter than 16 characters; use a long random secret, such as the output of "openssl rand -hex 32", the same on every instance.');
  }

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL is "${logLevel}", but it must be one of ${LOG_LEVELS.join(', ')}.`);
  }

  return {
    port,
    host: authToken ? '0.0.0.0' : '127.0.0.1',
    production,
    authToken,
    publicBaseUrl,
    trustProxy,
    logLevel,
    passCallerNumber,
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    metricsPublic,
    logHashKey,
  };
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
