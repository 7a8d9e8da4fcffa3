/**
 * Points a Twilio phone number at this service: incoming calls go to `/voice`,
 * Twilio's fallback to `/voice/fallback` and call status reports to `/voice/status`.
 *
 * Every failure is a ConfigureError whose message is a full sentence for an operator
 * with no telephony background: what is wrong and what to do about it.
 */

import { FALLBACK_PATH, STATUS_PATH, VOICE_PATH } from '../voice/call-state.js';

/** The fields of a Twilio IncomingPhoneNumber that this command reads. */
export interface PhoneNumberRecord {
  readonly sid: string;
  readonly phoneNumber: string;
  readonly friendlyName?: string | null;
  readonly voiceUrl?: string | null;
  readonly voiceFallbackUrl?: string | null;
  readonly statusCallback?: string | null;
  readonly voiceApplicationSid?: string | null;
  readonly trunkSid?: string | null;
}

export interface PhoneNumberVoiceSettings {
  voiceUrl: string;
  voiceMethod: 'POST';
  voiceFallbackUrl: string;
  voiceFallbackMethod: 'POST';
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
}

export interface ConfigureResult {
  /** The number's Twilio SID (PN…). */
  readonly sid: string;
  readonly phoneNumber: string;
  readonly friendlyName: string | undefined;
  readonly voiceUrl: string;
  readonly voiceFallbackUrl: string;
  readonly statusCallback: string;
  /** What the number pointed at before, so an operator can put it back. */
  readonly previous: {
    readonly voiceUrl: string | undefined;
    readonly voiceFallbackUrl: string | undefined;
    readonly statusCallback: string | undefined;
  };
}

export type ConfigureErrorReason =
  | 'invalid-phone-number'
  | 'invalid-url'
  | 'number-not-found'
  | 'voice-application'
  | 'sip-trunk'
  | 'twilio-error'
  | 'network-error';

export class ConfigureError extends Error {
  override readonly name = 'ConfigureError';
  constructor(
    readonly reason: ConfigureErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** How many entries to ask for: Twilio matches partial numbers, so the exact one may not be first. */
export const LIST_LIMIT = 20;

const E164 = /^\+[1-9]\d{7,14}$/;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** Spaces are allowed in the input ("+47 21 00 00 00"); the result is strict E.164. */
export function normalizePhoneNumber(input: string): string {
  const compact = input.replace(/\s+/g, '');
  if (!E164.test(compact)) {
    throw new ConfigureError(
      'invalid-phone-number',
      `"${input}" is not a phone number in international format: write it with a plus sign and the country code, digits only, for example +4721000000.`,
    );
  }
  return compact;
}

/** An https origin such as https://hotline.example.org (a trailing slash is tolerated); http only on this machine. */
export function normalizePublicBaseUrl(input: string): string {
  const trimmed = input.trim();
  const example = 'for example https://hotline.example.org';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConfigureError('invalid-url', `"${input}" is not a web address: give the public address of this service, ${example}.`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ConfigureError(
      'invalid-url',
      `"${input}" does not start with https://: Twilio must reach this service over https, so give its public https address, ${example}.`,
    );
  }
  if (url.username || url.password) {
    throw new ConfigureError('invalid-url', `The address for ${url.host} contains a user name or password: leave them out and give the plain public address, ${example}.`);
  }
  if (url.pathname !== '/' || url.search || url.hash || trimmed.endsWith('?') || trimmed.endsWith('#')) {
    throw new ConfigureError(
      'invalid-url',
      `"${input}" has something after the host name: give only the base address (${url.origin}); this command adds /voice, /voice/fallback and /voice/status itself.`,
    );
  }
  return url.origin;
}

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value !== '';
const orUndefined = (value: string | null | undefined): string | undefined => (present(value) ? value : undefined);

/** Twilio's own explanation, plus a hint for the errors an operator is likely to meet. */
function twilioErrorSentence(error: unknown, doing: string, accountSid: string): ConfigureError {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') {
    const code = (error as { code?: unknown }).code;
    const message = (error as { message?: unknown }).message;
    const moreInfo = (error as { moreInfo?: unknown }).moreInfo;
    const what = `${typeof code === 'number' ? `error ${code}` : `HTTP status ${status}`}${typeof message === 'string' && message ? `: "${message}"` : ''}`;
    let hint = 'Check the details in the Twilio Console and try again.';
    if (status === 401 || code === 20003) {
      hint = `Check that TWILIO_ACCOUNT_SID (${accountSid}) and TWILIO_AUTH_TOKEN are the Account SID and Auth Token shown on the Twilio Console home page of the same account.`;
    } else if (status === 403) {
      hint = 'Check that these credentials are allowed to change phone numbers in this account (a suspended or restricted account cannot).';
    } else if (status === 429 || status >= 500) {
      hint = 'This is usually temporary: wait a minute and run the command again.';
    }
    const link = typeof moreInfo === 'string' && moreInfo.startsWith('https://') ? ` More information: ${moreInfo}` : '';
    return new ConfigureError('twilio-error', `Twilio refused to ${doing} (${what}). ${hint}${link}`);
  }
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  return new ConfigureError(
    'network-error',
    `Could not reach Twilio to ${doing}${detail}. Check this computer's internet connection and try again.`,
  );
}

export async function configureNumber(options: ConfigureOptions): Promise<ConfigureResult> {
  const phoneNumber = normalizePhoneNumber(options.phoneNumber);
  const base = normalizePublicBaseUrl(options.publicBaseUrl);
  const { client } = options;
  const accountSid = client.accountSid;

  let candidates: PhoneNumberRecord[];
  try {
    candidates = await client.incomingPhoneNumbers.list({ phoneNumber, limit: LIST_LIMIT });
  } catch (error) {
    throw twilioErrorSentence(error, `look up ${phoneNumber}`, accountSid);
  }
  // Twilio's PhoneNumber filter matches partial numbers: only an exact match is ours.
  const number = candidates.find((candidate) => candidate.phoneNumber === phoneNumber);
  if (!number) {
    throw new ConfigureError(
      'number-not-found',
      `The number ${phoneNumber} is not in the Twilio account ${accountSid}. Check that TWILIO_ACCOUNT_SID is the account (or subaccount) that owns the number, and that the number is typed correctly; the account's numbers are listed in the Twilio Console under Phone Numbers > Manage > Active numbers.`,
    );
  }

  const numberPage = `open Phone Numbers > Manage > Active numbers in the Twilio Console, select ${phoneNumber}, and under Voice Configuration`;
  if (present(number.voiceApplicationSid)) {
    throw new ConfigureError(
      'voice-application',
      `The number ${phoneNumber} is handled by a TwiML App (${number.voiceApplicationSid}), which would ignore the address this command sets. To detach it, ${numberPage} change "Configure with" from the TwiML App to the Webhook option and save; then run this command again.`,
    );
  }
  if (present(number.trunkSid)) {
    throw new ConfigureError(
      'sip-trunk',
      `The number ${phoneNumber} is attached to an Elastic SIP Trunk (${number.trunkSid}), which would ignore the address this command sets. If nothing else needs the trunk for this number, detach it: ${numberPage} change "Configure with" from the SIP Trunk to the Webhook option and save (or remove the number under Elastic SIP Trunking > Trunks > Numbers); then run this command again.`,
    );
  }

  const settings: PhoneNumberVoiceSettings = {
    voiceUrl: `${base}${VOICE_PATH}`,
    voiceMethod: 'POST',
    voiceFallbackUrl: `${base}${FALLBACK_PATH}`,
    voiceFallbackMethod: 'POST',
    statusCallback: `${base}${STATUS_PATH}`,
    statusCallbackMethod: 'POST',
  };
  try {
    await client.incomingPhoneNumbers(number.sid).update(settings);
  } catch (error) {
    throw twilioErrorSentence(error, `update ${phoneNumber}`, accountSid);
  }

  return {
    sid: number.sid,
    phoneNumber: number.phoneNumber,
    friendlyName: orUndefined(number.friendlyName),
    voiceUrl: settings.voiceUrl,
    voiceFallbackUrl: settings.voiceFallbackUrl,
    statusCallback: settings.statusCallback,
    previous: {
      voiceUrl: orUndefined(number.voiceUrl),
      voiceFallbackUrl: orUndefined(number.voiceFallbackUrl),
      statusCallback: orUndefined(number.statusCallback),
    },
  };
}
