import { isIP } from 'node:net';
import { z } from 'zod';
import { normalizePublicOrigin, PublicOriginError } from './public-origin.js';
import { ACCOUNT_SID, API_KEY_SID } from './twilio-ids.js';
import { E164 } from '../hotline/index.js';
import type { NameSubject } from '../content/describe-schema-error.js';

/**
 * The environment variables the server reads. Every message is a clause about its variable, so the
 * sentence reads "PORT is "eighty", but it must be …".
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** How long a secret must be, at least: one rule for every secret and token the server reads. */
export const SECRET_MIN_LENGTH = 16;

const RANDOM_SECRET = 'use a long random secret, such as the output of "openssl rand -hex 32"';

/** Trimmed, with an empty value as not set: the form of every value an operator pastes (SIDs, sender). */
const trimmed = () => z.string().optional().transform((value) => value?.trim() || undefined);

/**
 * A secret or token, all under one rule: surrounding spaces are dropped, an empty value counts as not
 * set, and a value that is set has SECRET_MIN_LENGTH characters or more. `advice` says where a good
 * one comes from.
 */
const secret = (advice = RANDOM_SECRET) =>
  trimmed().refine((value) => value === undefined || value.length >= SECRET_MIN_LENGTH, {
    error: `is shorter than ${SECRET_MIN_LENGTH} characters; ${advice}`,
  });

/** The modes NODE_ENV may name; not set counts as production for what is open to the internet. */
const NODE_ENVS = ['production', 'development', 'test'] as const;

const ON = ['on', 'true', 'yes', '1'];
const OFF = ['off', 'false', 'no', '0', ''];

/**
 * The one rule for every on/off setting: on, true, yes or 1; off, false, no or 0 (any case, spaces
 * around dropped); not set or empty is off. `usual` is how the setting's own examples write it.
 */
function toggle(description: string, usual: 'true or false' | 'on or off') {
  return z
    .string()
    .optional()
    .refine((value) => [...ON, ...OFF].includes((value ?? '').trim().toLowerCase()), {
      error: (iss) => `is "${String(iss.input)}", but it must be ${usual} (also yes or no, 1 or 0)`,
    })
    .transform((value) => ON.includes((value ?? '').trim().toLowerCase()))
    .describe(description);
}
const flag = (description: string) => toggle(description, 'true or false');
const onOff = (description: string) => toggle(description, 'on or off');

/** A host name such as localhost: letters, digits, hyphens and dots. */
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

/** The confidence below which a spoken answer counts as not understood, when SPEECH_MIN_CONFIDENCE is not set. */
export const DEFAULT_SPEECH_MIN_CONFIDENCE = 0.5;
const REDIS_URL_EXAMPLES = 'redis://127.0.0.1:6379 or rediss://:password@redis.example.net:6380';

/** A Twilio SID: two letters and 32 hexadecimal characters (the patterns of src/settings/twilio-ids.ts). */
const sid = (pattern: RegExp, what: string) =>
  trimmed().refine((value) => value === undefined || pattern.test(value), {
    error: (iss) => `is "${String(iss.input).trim()}", but it must be ${pattern.source.slice(1, 3)} followed by 32 hexadecimal characters (${what})`,
  });

/** An alphanumeric sender ID: 1 to 11 ASCII letters, digits or spaces, at least one letter (Twilio's rule). */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** What text messages need besides SMS_FROM, in the words of every sentence about it. */
const MESSAGE_SETTINGS = 'text messages need TWILIO_ACCOUNT_SID and SMS_FROM, with TWILIO_AUTH_TOKEN or with TWILIO_API_KEY and TWILIO_API_SECRET';

/** Every variable the server reads, each with its one-line description (shown by `npm start -- --help`). */
export const environmentVariables = z.object({
  PORT: trimmed()
    .transform((text) => text ?? '3000')
    .refine((text) => /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535, { error: (iss) => `is "${String(iss.input)}", but it must be a whole number from 1 to 65535` })
    .transform(Number)
    .describe('The port to listen on; 3000 when not set.'),
  HOST: trimmed()
    .refine((value) => value === undefined || isIP(value) !== 0 || HOST_NAME.test(value), {
      error: (iss) => `is "${String(iss.input).trim()}", but it must be an address of this computer to listen on, such as 127.0.0.1 (this computer only) or 0.0.0.0 (every interface)`,
    })
    .describe('The address to listen on: 0.0.0.0 for every interface, 127.0.0.1 for this computer only. Not set: 127.0.0.1 in development or without TWILIO_AUTH_TOKEN, every interface otherwise.'),
  NODE_ENV: z
    .string()
    .optional()
    .transform((text) => text?.trim().toLowerCase() || undefined)
    .refine((mode) => mode === undefined || (NODE_ENVS as readonly string[]).includes(mode), {
      error: (iss) =>
        `is "${String(iss.input)}", but it must be production, development or test; when it is not set, /try and /metrics stay closed as in production`,
    })
    .describe('"production" requires TWILIO_AUTH_TOKEN; "development" (or "test") opens /try and /metrics without their tokens; not set keeps them closed.'),
  TWILIO_AUTH_TOKEN: secret('copy the Auth Token from the Twilio Console home page (32 characters)').describe('The auth token of the Twilio account that owns the number; requests are checked against it.'),
  PUBLIC_BASE_URL: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text?.trim()) return undefined;
      try {
        return new URL(normalizePublicOrigin(text, { allowLoopback: true }));
      } catch (error) {
        if (!(error instanceof PublicOriginError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    })
    .describe('The https origin Twilio calls, such as https://hotline.example.org (http only for a loopback host); signatures are checked against it.'),
  TRUST_PROXY: flag('Believe X-Forwarded-Proto from a TLS-terminating router.'),
  HOTLINE_NUMBER: trimmed()
    .refine((value) => value === undefined || E164.test(value), {
      error: (iss) => `is "${String(iss.input).trim()}", but it must be this line's own Twilio number in E.164 form (a + and the country code, no spaces, such as +4721000000)`,
    })
    .describe("This line's own Twilio number (E.164), the number a helpline sees on a transfer; required in production."),
  PASS_CALLER_NUMBER: flag("Show helplines the caller's own number on a transfer; off by default, so callers stay anonymous."),
  METRICS_PUBLIC: flag('GET /metrics without a token in production, for a service on a private network only.'),
  LOG_HASH_KEY: secret(`${RANDOM_SECRET}, the same on every instance`).describe('The secret behind the call reference in logs; the same on every instance.'),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((text) => text?.trim().toLowerCase() || 'info')
    .refine((level) => (LOG_LEVELS as readonly string[]).includes(level), { error: (iss) => `is "${String(iss.input)}", but it must be one of ${LOG_LEVELS.join(', ')}` })
    .describe('How much the server logs; info when not set.'),
  METRICS_TOKEN: secret().describe('When set, GET /metrics needs "Authorization: Bearer <token>".'),
  TWILIO_ACCOUNT_SID: sid(ACCOUNT_SID, 'the Account SID in the Twilio Console').describe(
    'The Twilio account that sends the text messages; with SMS_FROM it turns text messages on.',
  ),
  TWILIO_API_KEY: sid(API_KEY_SID, "an API key's SID").describe('An API key of that account for sending text messages, instead of TWILIO_AUTH_TOKEN; needs TWILIO_API_SECRET.'),
  TWILIO_API_SECRET: secret("copy the API key's secret, shown once when the key was made (32 characters)").describe("The API key's secret."),
  SMS_FROM: trimmed()
    .refine((value) => value === undefined || ALPHANUMERIC_SENDER.test(value) || E164.test(value), {
      error: (iss) =>
        `is "${String(iss.input).trim()}", but it must be an alphanumeric sender ID (1 to 11 letters, digits or spaces, at least one letter, such as Info) or a Twilio number in E.164 form (such as +4721000000)`,
    })
    .describe('Who the text message with the numbers comes from: an alphanumeric sender ID such as Info, or a Twilio number.'),
  SPEECH_INPUT: onOff(
    'on: after the language choice every menu also listens for the number or a word said aloud (in the language of the call), and the language menu for a language\'s name as callers say it; off by default, because speaking aloud can be unsafe for a caller who is not alone.',
  ),
  SPEECH_MIN_CONFIDENCE: z
    .string()
    .optional()
    .refine((text) => text === undefined || text.trim() === '' || /^(0(\.\d+)?|1(\.0+)?)$/.test(text.trim()), {
      error: (iss) => `is "${String(iss.input)}", but it must be a number from 0 to 1, such as ${DEFAULT_SPEECH_MIN_CONFIDENCE}`,
    })
    .transform((text) => (text === undefined || text.trim() === '' ? DEFAULT_SPEECH_MIN_CONFIDENCE : Number(text.trim())))
    .describe(
      `With SPEECH_INPUT=on: a spoken answer Twilio is less sure of than this (its Confidence, 0 to 1) counts as not understood, like a key that is not an option; ${DEFAULT_SPEECH_MIN_CONFIDENCE} when not set.`,
    ),
  REDIS_URL: trimmed()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      // The value is never repeated in a sentence: it may hold a password.
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname) {
        ctx.addIssue({ code: 'custom', message: `is not a redis:// or rediss:// URL with a host (its value is not repeated here, as it may hold a password); use one such as ${REDIS_URL_EXAMPLES}` });
        return z.NEVER;
      }
      return url;
    })
    .describe('A Redis every instance shares for the daily limit of text messages per number (redis:// or rediss://, a password in the URL); unset, each instance counts in its own memory.'),
  TRY_TOKEN: secret().describe('When set, the try page (GET /try) asks for it; in production the page is off (404) without it.'),
});

export const environmentSchema = environmentVariables
  .superRefine((env, ctx) => {
    if (env.REDIS_URL && !env.LOG_HASH_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message:
          'is set, but LOG_HASH_KEY is not; instances share the text-message limits under a keyed hash of the number, so set LOG_HASH_KEY to the same long random secret on every instance (such as the output of "openssl rand -hex 32")',
      });
    }
    if (env.NODE_ENV === 'production' && !env.TWILIO_AUTH_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_AUTH_TOKEN'],
        message:
          'is not set. In production (NODE_ENV=production) every request must be checked against the Twilio auth token; set it to the token of the account that owns the number.',
      });
    }
    if (env.NODE_ENV === 'production' && !env.HOTLINE_NUMBER) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOTLINE_NUMBER'],
        message:
          "is not set. In production a transfer must show helplines this line's own number, never the caller's; set it to the line's Twilio number in E.164 form, such as +4721000000.",
      });
    }
    // Text messages: an API key comes with its secret; SMS_FROM with the account and a way to sign in.
    if (Boolean(env.TWILIO_API_KEY) !== Boolean(env.TWILIO_API_SECRET)) {
      const [set, missing] = env.TWILIO_API_KEY ? ['TWILIO_API_KEY', 'TWILIO_API_SECRET'] : ['TWILIO_API_SECRET', 'TWILIO_API_KEY'];
      ctx.addIssue({ code: 'custom', path: [set], message: `is set, but ${missing} is not; set both, or neither and use TWILIO_AUTH_TOKEN` });
    } else if (env.SMS_FROM && !env.TWILIO_ACCOUNT_SID) {
      ctx.addIssue({ code: 'custom', path: ['SMS_FROM'], message: `is set, but TWILIO_ACCOUNT_SID is not; ${MESSAGE_SETTINGS}` });
    } else if (env.SMS_FROM && !env.TWILIO_AUTH_TOKEN && !env.TWILIO_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SMS_FROM'], message: `is set, but neither TWILIO_AUTH_TOKEN nor TWILIO_API_KEY is; ${MESSAGE_SETTINGS}` });
    }
  })
  .transform((env) => ({
    port: env.PORT,
    /** HOST as given; undefined when not set (see loadConfig for the address then chosen). */
    hostSetting: env.HOST,
    /** NODE_ENV=production: TWILIO_AUTH_TOKEN is required. */
    production: env.NODE_ENV === 'production',
    /** NODE_ENV=development or test: /try and /metrics are served without their tokens. Anything else keeps them closed. */
    development: env.NODE_ENV === 'development' || env.NODE_ENV === 'test',
    /** NODE_ENV as given (trimmed, lower case), or undefined when not set. */
    mode: env.NODE_ENV,
    /** Undefined only in development: then signatures are not checked. */
    authToken: env.TWILIO_AUTH_TOKEN,
    /** The origin Twilio calls, e.g. https://hotline.example.org; signatures are checked against it. */
    publicBaseUrl: env.PUBLIC_BASE_URL,
    /** Whether X-Forwarded-Proto from a TLS-terminating router is believed. */
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL as string,
    /** This line's own number: the caller ID of every transfer unless the caller's own is passed on. */
    hotlineNumber: env.HOTLINE_NUMBER,
    /** Show helplines the caller's own number on a transfer; off by default, so callers stay anonymous. */
    passCallerNumber: env.PASS_CALLER_NUMBER,
    /** When set, GET /metrics needs "Authorization: Bearer <token>". */
    metricsToken: env.METRICS_TOKEN,
    /** GET /metrics without a token in production, for a service on a private network only. */
    metricsPublic: env.METRICS_PUBLIC,
    /** The secret behind the call reference in logs; shared by instances so one call has one reference. */
    logHashKey: env.LOG_HASH_KEY,
    /** When set, the try page asks for it; in production the page is off without it. */
    tryToken: env.TRY_TOKEN,
    /** Spoken answers (SPEECH_INPUT=on): the confidence below which an answer is not understood; undefined when off. */
    speechInput: env.SPEECH_INPUT ? { minConfidence: env.SPEECH_MIN_CONFIDENCE } : undefined,
    /** The Redis every instance shares the daily text-message limits through; unset, they are kept per instance. */
    redisUrl: env.REDIS_URL,
    /**
     * Sending the numbers in a text message: on only with TWILIO_ACCOUNT_SID and SMS_FROM. Signs in
     * with the API key when one is set, else with the auth token.
     */
    textMessages:
      env.SMS_FROM && env.TWILIO_ACCOUNT_SID && (env.TWILIO_AUTH_TOKEN || (env.TWILIO_API_KEY && env.TWILIO_API_SECRET))
        ? {
            accountSid: env.TWILIO_ACCOUNT_SID,
            from: env.SMS_FROM,
            ...(env.TWILIO_API_KEY && env.TWILIO_API_SECRET
              ? { username: env.TWILIO_API_KEY, password: env.TWILIO_API_SECRET }
              : { username: env.TWILIO_ACCOUNT_SID, password: env.TWILIO_AUTH_TOKEN as string }),
          }
        : undefined,
  }));

/** Names the variable an issue is about: `PORT is "eighty", …`. */
export const environmentSubject: NameSubject = (path) =>
  typeof path[0] === 'string' ? { subject: path[0], field: path.slice(1) } : { subject: 'The environment', field: path };
