import { z } from 'zod';
import type { NameSubject } from './describe-schema-error.js';

/**
 * The environment variables the server reads. Every message is a clause about its variable, so the
 * sentence reads "PORT is "eighty", but it must be …".
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A secret or token: surrounding spaces are dropped, and an empty value counts as not set. */
const secret = () => z.string().optional().transform((value) => value?.trim() || undefined);

/** "true"/"1" or "false"/"0" (any case), or not set (false). */
function flag(description: string) {
  return z
    .string()
    .optional()
    .refine((value) => ['', '0', '1', 'true', 'false'].includes((value ?? '').trim().toLowerCase()), { error: (iss) => `is "${String(iss.input)}", but it must be true or false` })
    .transform((value) => ['1', 'true'].includes((value ?? '').trim().toLowerCase()))
    .describe(description);
}

/** "on" or "off" (also true/false, 1/0; any case), or not set (off). */
function onOff(description: string) {
  const ON = ['on', 'true', '1'];
  return z
    .string()
    .optional()
    .refine((value) => ['', 'off', 'false', '0', ...ON].includes((value ?? '').trim().toLowerCase()), { error: (iss) => `is "${String(iss.input)}", but it must be on or off` })
    .transform((value) => ON.includes((value ?? '').trim().toLowerCase()))
    .describe(description);
}

/** The confidence below which a spoken answer counts as not understood, when SPEECH_MIN_CONFIDENCE is not set. */
export const DEFAULT_SPEECH_MIN_CONFIDENCE = 0.5;

const PUBLIC_BASE_URL_EXAMPLE = 'https://hotline.example.org';

/** A Twilio SID: two letters and 32 hexadecimal characters. */
const sid = (prefix: string, what: string) =>
  secret().refine((value) => value === undefined || new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value), {
    error: (iss) => `is "${String(iss.input).trim()}", but it must be ${prefix} followed by 32 hexadecimal characters (${what})`,
  });

/** An alphanumeric sender ID: 1 to 11 ASCII letters, digits or spaces, at least one letter (Twilio's rule). */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const E164_NUMBER = /^\+[1-9]\d{7,14}$/;

/** What text messages need besides SMS_FROM, in the words of every sentence about it. */
const MESSAGE_SETTINGS = 'text messages need TWILIO_ACCOUNT_SID and SMS_FROM, with TWILIO_AUTH_TOKEN or with TWILIO_API_KEY and TWILIO_API_SECRET';

export const environmentSchema = z
  .object({
    PORT: z
      .string()
      .default('3000')
      .refine((text) => /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535, { error: (iss) => `is "${String(iss.input)}", but it must be a whole number from 1 to 65535` })
      .transform(Number)
      .describe('The port to listen on; 3000 when not set.'),
    NODE_ENV: z.string().optional().describe('"production" requires TWILIO_AUTH_TOKEN and turns on the production warnings.'),
    TWILIO_AUTH_TOKEN: secret().describe('The auth token of the Twilio account that owns the number; requests are checked against it.'),
    PUBLIC_BASE_URL: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (!text) return undefined;
        let url: URL;
        try {
          url = new URL(text);
        } catch {
          ctx.addIssue({ code: 'custom', message: `is "${text}", which is not a URL; use the origin Twilio calls, such as ${PUBLIC_BASE_URL_EXAMPLE}` });
          return z.NEVER;
        }
        if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search) {
          ctx.addIssue({ code: 'custom', message: `is "${text}", but it must be an http(s) origin without a path, such as ${PUBLIC_BASE_URL_EXAMPLE}` });
          return z.NEVER;
        }
        return url;
      })
      .describe('The origin Twilio calls, such as https://hotline.example.org; signatures are checked against it.'),
    TRUST_PROXY: flag('Believe X-Forwarded-Proto from a TLS-terminating router.'),
    PASS_CALLER_NUMBER: flag("Show helplines the caller's own number on a transfer; off by default, so callers stay anonymous."),
    METRICS_PUBLIC: flag('GET /metrics without a token in production, for a service on a private network only.'),
    LOG_HASH_KEY: secret()
      .refine((key) => key === undefined || key.length >= 16, {
        error: 'is shorter than 16 characters; use a long random secret, such as the output of "openssl rand -hex 32", the same on every instance',
      })
      .describe('The secret behind the call reference in logs; the same on every instance.'),
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { error: (iss) => `is "${String(iss.input)}", but it must be one of ${LOG_LEVELS.join(', ')}` })
      .default('info')
      .describe('How much the server logs; info when not set.'),
    METRICS_TOKEN: secret().describe('When set, GET /metrics needs "Authorization: Bearer <token>".'),
    TWILIO_ACCOUNT_SID: sid('AC', 'the Account SID in the Twilio Console').describe(
      'The Twilio account that sends the text messages; with SMS_FROM it turns text messages on.',
    ),
    TWILIO_API_KEY: sid('SK', "an API key's SID").describe('An API key of that account for sending text messages, instead of TWILIO_AUTH_TOKEN; needs TWILIO_API_SECRET.'),
    TWILIO_API_SECRET: secret().describe("The API key's secret."),
    SMS_FROM: secret()
      .refine((value) => value === undefined || ALPHANUMERIC_SENDER.test(value) || E164_NUMBER.test(value), {
        error: (iss) =>
          `is "${String(iss.input).trim()}", but it must be an alphanumeric sender ID (1 to 11 letters, digits or spaces, at least one letter, such as Info) or a Twilio number in E.164 form (such as +4721000000)`,
      })
      .describe('Who the text message with the numbers comes from: an alphanumeric sender ID such as Info, or a Twilio number.'),
    SPEECH_INPUT: onOff(
      'on: after the language choice every menu also listens for the number or a word said aloud (in the language of the call), and the language menu for a language\'s own name; off by default, because speaking aloud can be unsafe for a caller who is not alone.',
    ),
    SPEECH_MIN_CONFIDENCE: z
      .string()
      .optional()
      .refine((text) => text === undefined || text.trim() === '' || (/^(0(\.\d+)?|1(\.0+)?)$/.test(text.trim())), {
        error: (iss) => `is "${String(iss.input)}", but it must be a number from 0 to 1, such as ${DEFAULT_SPEECH_MIN_CONFIDENCE}`,
      })
      .transform((text) => (text === undefined || text.trim() === '' ? DEFAULT_SPEECH_MIN_CONFIDENCE : Number(text.trim())))
      .describe(
        `With SPEECH_INPUT=on: a spoken answer Twilio is less sure of than this (its Confidence, 0 to 1) counts as not understood, like a key that is not an option; ${DEFAULT_SPEECH_MIN_CONFIDENCE} when not set.`,
      ),
    TRY_TOKEN: secret()
      .refine((token) => token === undefined || token.length >= 16, {
        error: 'is shorter than 16 characters; use a long random secret, such as the output of "openssl rand -hex 32"',
      })
      .describe('When set, the try page (GET /try) asks for it; in production the page is off (404) without it.'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.TWILIO_AUTH_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_AUTH_TOKEN'],
        message:
          'is not set. In production (NODE_ENV=production) every request must be checked against the Twilio auth token; set it to the token of the account that owns the number.',
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
    production: env.NODE_ENV === 'production',
    /** Undefined only in development: then signatures are not checked. */
    authToken: env.TWILIO_AUTH_TOKEN,
    /** The origin Twilio calls, e.g. https://hotline.example.org; signatures are checked against it. */
    publicBaseUrl: env.PUBLIC_BASE_URL,
    /** Whether X-Forwarded-Proto from a TLS-terminating router is believed. */
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL as string,
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
