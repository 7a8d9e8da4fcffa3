/**
 * Points a Twilio phone number at this service: incoming calls go to `/voice`,
 * Twilio's fallback to `/voice/fallback` (or to a static fallback hosted elsewhere)
 * and call status reports to `/voice/status`.
 *
 * Every failure is a ConfigureError whose message is a full sentence for an operator
 * with no telephony background: what is wrong and what to do about it.
 */

import { credentialHints, describeTwilioError, type TwilioErrorHints } from '../../server/twilio-rest.js';
import { FALLBACK_PATH, STATUS_PATH, VOICE_PATH } from '../../hotline/index.js';
import { ConfigureError } from './configure-error.js';
import { normalizeFallbackUrl, normalizePhoneNumber, normalizePublicBaseUrl } from './public-address.js';

/** The fields of a Twilio IncomingPhoneNumber that this command reads. */
export interface PhoneNumberRecord {
  readonly sid: string;
  readonly phoneNumber: string;
  readonly friendlyName?: string | null;
  readonly voiceUrl?: string | null;
  readonly voiceMethod?: string | null;
  readonly voiceFallbackUrl?: string | null;
  readonly voiceFallbackMethod?: string | null;
  readonly statusCallback?: string | null;
  readonly statusCallbackMethod?: string | null;
  readonly voiceApplicationSid?: string | null;
  readonly trunkSid?: string | null;
}

export interface PhoneNumberVoiceSettings {
  voiceUrl: string;
  voiceMethod: 'POST';
  voiceFallbackUrl: string;
  /** GET for a static fallback file (static hosts serve GET only), POST for this service's own route. */
  voiceFallbackMethod: 'GET' | 'POST';
  statusCallback: string;
  statusCallbackMethod: 'POST';
}

/** The part of the official `twilio` REST client this command uses; a `twilio.Twilio` fits it. */
export interface PhoneNumberClient {
  readonly accountSid: string;
  readonly incomingPhoneNumbers: {
    (sid: string): { update(params: PhoneNumberVoiceSettings): Promise<PhoneNumberRecord> };
    list(params: { phoneNumber: string; limit: number }): Promise<PhoneNumberRecord[]>;
  };
}

export interface ConfigureOptions {
  readonly client: PhoneNumberClient;
  readonly phoneNumber: string;
  readonly publicBaseUrl: string;
  /** A static fallback on other infrastructure (issue 14); without it, this service's own /voice/fallback. */
  readonly fallbackUrl?: string | undefined;
}

export interface ConfigureResult {
  /** The number's Twilio SID (PN…). */
  readonly sid: string;
  readonly phoneNumber: string;
  readonly friendlyName: string | undefined;
  readonly voiceUrl: string;
  readonly voiceFallbackUrl: string;
  readonly voiceFallbackMethod: 'GET' | 'POST';
  readonly statusCallback: string;
  /** What the number pointed at before, so an operator can put it back. */
  readonly previous: {
    readonly voiceUrl: string | undefined;
    readonly voiceFallbackUrl: string | undefined;
    readonly statusCallback: string | undefined;
  };
}

/** How many entries to ask for: Twilio matches partial numbers, so the exact one may not be first. */
export const LIST_LIMIT = 20;

/**
 * The three addresses (and methods) a number needs for this line; configure-number sets them and
 * preflight expects them, so they are written down once. `base` and `fallbackUrl` are already normalised.
 */
export function numberSettingsFor(base: string, fallbackUrl?: string): PhoneNumberVoiceSettings {
  return {
    voiceUrl: `${base}${VOICE_PATH}`,
    voiceMethod: 'POST',
    // Static hosts (object storage, a static site) answer GET only; our own route takes Twilio's POST.
    voiceFallbackUrl: fallbackUrl ?? `${base}${FALLBACK_PATH}`,
    voiceFallbackMethod: fallbackUrl ? 'GET' : 'POST',
    statusCallback: `${base}${STATUS_PATH}`,
    statusCallbackMethod: 'POST',
  };
}

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value !== '';
const orUndefined = (value: string | null | undefined): string | undefined => (present(value) ? value : undefined);

/** The hints configure-number gives: it changes a number. */
const configureHints = (accountSid: string): TwilioErrorHints => credentialHints(accountSid, 'change phone numbers in this account');

function twilioErrorSentence(error: unknown, doing: string, hints: TwilioErrorHints): ConfigureError {
  const { reason, message } = describeTwilioError(error, doing, hints);
  return new ConfigureError(reason, message);
}

/** Just what looking a number up needs, so a read-only caller (preflight) need not offer `update`. */
export interface PhoneNumberLookup {
  readonly accountSid: string;
  readonly incomingPhoneNumbers: Pick<PhoneNumberClient['incomingPhoneNumbers'], 'list'>;
}


/** The number in the account that is exactly `phoneNumber` (already E.164), or a sentence saying where to look. */
export async function findNumber(
  client: PhoneNumberLookup,
  phoneNumber: string,
  hints: TwilioErrorHints = configureHints(client.accountSid),
): Promise<PhoneNumberRecord> {
  const accountSid = client.accountSid;
  let candidates: PhoneNumberRecord[];
  try {
    candidates = await client.incomingPhoneNumbers.list({ phoneNumber, limit: LIST_LIMIT });
  } catch (error) {
    throw twilioErrorSentence(error, `look up ${phoneNumber}`, hints);
  }
  // Twilio's PhoneNumber filter matches partial numbers: only an exact match is ours.
  const number = candidates.find((candidate) => candidate.phoneNumber === phoneNumber);
  if (!number) {
    throw new ConfigureError(
      'number-not-found',
      `The number ${phoneNumber} is not in the Twilio account ${accountSid}. Check that TWILIO_ACCOUNT_SID is the account (or subaccount) that owns the number, and that the number is typed correctly; the account's numbers are listed in the Twilio Console under Phone Numbers > Manage > Active numbers.`,
    );
  }
  return number;
}

/** A TwiML App or SIP trunk on the number would ignore the addresses we set: say so, and how to detach it. */
export function otherHandlerProblem(number: PhoneNumberRecord): ConfigureError | undefined {
  const phoneNumber = number.phoneNumber;
  const numberPage = `open Phone Numbers > Manage > Active numbers in the Twilio Console, select ${phoneNumber}, and under Voice Configuration`;
  if (present(number.voiceApplicationSid)) {
    return new ConfigureError(
      'voice-application',
      `The number ${phoneNumber} is handled by a TwiML App (${number.voiceApplicationSid}), which would ignore the webhook addresses this line needs. To detach it, ${numberPage} change "Configure with" from the TwiML App to the Webhook option and save; then run this command again.`,
    );
  }
  if (present(number.trunkSid)) {
    return new ConfigureError(
      'sip-trunk',
      `The number ${phoneNumber} is attached to an Elastic SIP Trunk (${number.trunkSid}), which would ignore the webhook addresses this line needs. If nothing else needs the trunk for this number, detach it: ${numberPage} change "Configure with" from the SIP Trunk to the Webhook option and save (or remove the number under Elastic SIP Trunking > Trunks > Numbers); then run this command again.`,
    );
  }
  return undefined;
}

export async function configureNumber(options: ConfigureOptions): Promise<ConfigureResult> {
  const phoneNumber = normalizePhoneNumber(options.phoneNumber);
  const base = normalizePublicBaseUrl(options.publicBaseUrl);
  const fallbackUrl = options.fallbackUrl === undefined ? undefined : normalizeFallbackUrl(options.fallbackUrl, base);
  const { client } = options;

  const number = await findNumber(client, phoneNumber);
  const problem = otherHandlerProblem(number);
  if (problem) throw problem;

  const settings = numberSettingsFor(base, fallbackUrl);
  try {
    await client.incomingPhoneNumbers(number.sid).update(settings);
  } catch (error) {
    throw twilioErrorSentence(error, `update ${phoneNumber}`, configureHints(client.accountSid));
  }

  return {
    sid: number.sid,
    phoneNumber: number.phoneNumber,
    friendlyName: orUndefined(number.friendlyName),
    voiceUrl: settings.voiceUrl,
    voiceFallbackUrl: settings.voiceFallbackUrl,
    voiceFallbackMethod: settings.voiceFallbackMethod,
    statusCallback: settings.statusCallback,
    previous: {
      voiceUrl: orUndefined(number.voiceUrl),
      voiceFallbackUrl: orUndefined(number.voiceFallbackUrl),
      statusCallback: orUndefined(number.statusCallback),
    },
  };
}
