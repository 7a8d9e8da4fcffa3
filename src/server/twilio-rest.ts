import twilio from 'twilio';
import { UsageError } from '../cli/command-line.js';
import { errorMessage } from '../content/error-message.js';
import type { Environment } from '../settings/read-environment.js';
import { SECRET_MIN_LENGTH } from '../settings/environment-schema.js';
import { ACCOUNT_SID, API_KEY_SID } from '../settings/twilio-ids.js';

/**
 * The one way the operator commands (configure-number, preflight) reach Twilio's REST API: the
 * credentials read from the settings, the official client, and the sentence for each refusal.
 */

export interface TwilioCredentials {
  readonly accountSid: string;
  /** The Account SID with its Auth Token, or an API key's SID (SK…) with its secret. */
  readonly username: string;
  readonly password: string;
}

const CONSOLE_HOME = 'shown on the Twilio Console home page';
const AGAIN = 'in the environment or in .env, then run the command again';

/**
 * The credentials in the settings (the environment or .env): TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN,
 * or with an API key (TWILIO_API_KEY and TWILIO_API_SECRET), which is the one meant when both are set
 * because it is narrower. A missing or malformed value is a UsageError naming the variable.
 */
export function readTwilioCredentials(env: Environment): TwilioCredentials {
  const value = (name: string) => env[name]?.trim() ?? '';
  const accountSid = value('TWILIO_ACCOUNT_SID');
  const authToken = value('TWILIO_AUTH_TOKEN');
  const apiKey = value('TWILIO_API_KEY');
  const apiSecret = value('TWILIO_API_SECRET');
  const withKey = Boolean(apiKey || apiSecret);
  if (!accountSid && !authToken && !withKey) {
    throw new UsageError(`TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set: set them to the Account SID and Auth Token ${CONSOLE_HOME}, ${AGAIN}.`);
  }
  if (!accountSid) throw new UsageError(`TWILIO_ACCOUNT_SID is not set: set it to the Account SID ${CONSOLE_HOME}, ${AGAIN}.`);
  if (!ACCOUNT_SID.test(accountSid)) {
    const apiKeyHint = accountSid.startsWith('SK') ? ' (it looks like an API key SID, which belongs in TWILIO_API_KEY)' : '';
    throw new UsageError(`TWILIO_ACCOUNT_SID is not an Account SID${apiKeyHint}: it must be the value starting with AC followed by 32 letters and digits, ${CONSOLE_HOME}.`);
  }
  if (withKey) {
    if (!apiKey || !apiSecret) {
      throw new UsageError(`${apiKey ? 'TWILIO_API_SECRET' : 'TWILIO_API_KEY'} is not set: an API key needs both TWILIO_API_KEY (SK…) and TWILIO_API_SECRET, or leave both out and set TWILIO_AUTH_TOKEN.`);
    }
    if (!API_KEY_SID.test(apiKey)) {
      throw new UsageError('TWILIO_API_KEY is not an API key SID: it must start with SK followed by 32 letters and digits, as shown in the Twilio Console under Account → API keys & tokens.');
    }
    return { accountSid, username: apiKey, password: longEnough('TWILIO_API_SECRET', apiSecret) };
  }
  if (!authToken) {
    throw new UsageError(`TWILIO_AUTH_TOKEN is not set: set it to the Auth Token ${CONSOLE_HOME} (or set TWILIO_API_KEY and TWILIO_API_SECRET to an API key of the account), ${AGAIN}.`);
  }
  return { accountSid, username: accountSid, password: longEnough('TWILIO_AUTH_TOKEN', authToken) };
}

/** The server's one rule for secrets, here too: a shorter one is a slip of the copy and paste. */
function longEnough(name: string, secret: string): string {
  if (secret.length < SECRET_MIN_LENGTH) {
    throw new UsageError(`${name} is shorter than ${SECRET_MIN_LENGTH} characters: copy it again from the Twilio Console (it has 32), ${AGAIN}.`);
  }
  return secret;
}

/** The official twilio REST client for these credentials. */
export function createTwilioClient({ accountSid, username, password }: TwilioCredentials): twilio.Twilio {
  return twilio(username, password, { accountSid });
}

/** Every line a command prints goes through this: no secret is printed, whatever an error message carries. */
export function redactor(credentials: TwilioCredentials): (line: string) => string {
  const secrets = [credentials.password, Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')].filter((s) => s.length >= 6);
  return (line) => secrets.reduce((text, secret) => text.split(secret).join('[secret hidden]'), line);
}

export interface TwilioErrorHints {
  /** What to check when Twilio does not accept the credentials (401 / 20003). */
  readonly unauthorized: string;
  /** What to check when the credentials may not do this (403). */
  readonly forbidden: string;
}

/** What to check when Twilio refuses these credentials; `may` completes "Check that these credentials may …". */
export function credentialHints(accountSid: string, may: string): TwilioErrorHints {
  return {
    unauthorized: `Check that TWILIO_ACCOUNT_SID (${accountSid}) and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET) belong to the same account, as ${CONSOLE_HOME}.`,
    forbidden: `Check that these credentials may ${may} (a restricted API key or a suspended account cannot).`,
  };
}

/**
 * Twilio's own explanation, plus a hint for the errors an operator is likely to meet.
 * `doing` completes "Twilio refused to …" and "Could not reach Twilio to …".
 */
export function describeTwilioError(error: unknown, doing: string, hints: TwilioErrorHints): { reason: 'twilio-error' | 'network-error'; message: string } {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') {
    const code = (error as { code?: unknown }).code;
    const message = (error as { message?: unknown }).message;
    const moreInfo = (error as { moreInfo?: unknown }).moreInfo;
    const what = `${typeof code === 'number' ? `error ${code}` : `HTTP status ${status}`}${typeof message === 'string' && message ? `: "${message}"` : ''}`;
    let hint = 'Check the details in the Twilio Console and try again.';
    if (status === 401 || code === 20003) {
      hint = hints.unauthorized;
    } else if (status === 403) {
      hint = hints.forbidden;
    } else if (status === 429 || status >= 500) {
      hint = 'This is usually temporary: wait a minute and run the command again.';
    }
    const link = typeof moreInfo === 'string' && moreInfo.startsWith('https://') ? ` More information: ${moreInfo}` : '';
    return { reason: 'twilio-error', message: `Twilio refused to ${doing} (${what}). ${hint}${link}` };
  }
  const detail = error instanceof Error && error.message ? ` (${errorMessage(error)})` : '';
  return { reason: 'network-error', message: `Could not reach Twilio to ${doing}${detail}. Check this computer's internet connection and try again.` };
}
