import { credentialHints, type TwilioErrorHints } from '../../server/twilio-rest.js';
import type { PhoneNumberRecord } from './configure-number.js';

/** What pre-flight asks of Twilio and of the operator's host: the client's shape, the records it reads, and its sentences about waiting and refusals. */

/** The fields of a Twilio Call this command reads. */
export interface CallRecord {
  readonly sid: string;
  readonly status: string;
  /** Seconds, as Twilio writes it ("94"); empty until the call ends. */
  readonly duration?: string | null;
}

/** The fields of a Twilio Monitor Alert this command reads (the list representation). */
export interface AlertRecord {
  readonly sid?: string;
  /** The SID of what the alert is about: for a call, the call's CA… SID. */
  readonly resourceSid?: string | null;
  readonly errorCode?: string | null;
  /** Usually form-encoded (Msg=…&httpResponse=403&url=…); may hold request details, so never printed as is. */
  readonly alertText?: string | null;
  readonly logLevel?: string | null;
  readonly dateCreated?: Date | null;
  readonly moreInfo?: string | null;
  readonly requestUrl?: string | null;
}

/** The part of the official `twilio` REST client this command uses; a `twilio.Twilio` fits it. Nothing here writes. */
export interface PreflightClient {
  readonly accountSid: string;
  readonly incomingPhoneNumbers: {
    list(params: { phoneNumber: string; limit: number }): Promise<PhoneNumberRecord[]>;
  };
  readonly voice: {
    readonly v1: {
      readonly dialingPermissions: {
        countries(isoCode: string): { fetch(): Promise<{ lowRiskNumbersEnabled?: boolean | null }> };
      };
    };
  };
  readonly calls: {
    (sid: string): { fetch(): Promise<CallRecord> };
    create(params: { to: string; from: string; url: string }): Promise<CallRecord>;
  };
  readonly monitor: {
    readonly v1: {
      readonly alerts: {
        list(params: { startDate: Date; pageSize: number; limit: number }): Promise<AlertRecord[]>;
      };
    };
  };
}

export type Fetch = (url: string, init: { signal: AbortSignal; redirect: 'manual' }) => Promise<{ status: number }>;
export type Sleep = (ms: number) => Promise<void>;
export type Confirm = (question: string) => Promise<boolean>;

export interface WaitOptions {
  readonly sleep: Sleep;
  readonly pollMs: number;
  readonly waitMs: number;
}

/** Hints for Twilio's refusals, for credentials that may be the Auth Token or an API key. */
export function preflightHints(accountSid: string): TwilioErrorHints {
  return credentialHints(accountSid, 'read this account');
}

/** "30 seconds", "1 minute", "20 minutes": how long the operator will wait. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) {
    const seconds = Math.round(ms / 1000);
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.round(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
