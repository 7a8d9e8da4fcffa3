import { ConfigureError } from './configure-error.js';
import { describeTwilioError, type TwilioErrorHints } from '../../server/twilio-rest.js';
import { findNumber, otherHandlerProblem, type PhoneNumberRecord, type PhoneNumberVoiceSettings } from './configure-number.js';
import { fail, pass, type CheckResult } from './check-result.js';
import { GEO_PERMISSIONS_PLACE } from './preflight-alerts.js';
import { formatDuration, preflightHints, type Fetch, type PreflightClient } from './preflight-client.js';

/** The checks before the test call: the number's addresses, calls to Norway, the service's health. */

export function twilioFailure(error: unknown, doing: string, hints: TwilioErrorHints): CheckResult {
  return fail(describeTwilioError(error, doing, hints).message);
}

/** "https://…/voice/fallback (GET)"; the method only when it is not the usual POST, to keep the line short. */
function describeAddress(url: string | null | undefined, method: string | null | undefined): string {
  if (!url) return 'nothing';
  return method && method.toUpperCase() !== 'POST' ? `${url} (${method.toUpperCase()})` : url;
}

/** What differs between the number and what configure-number would set, one phrase per address. */
function addressDifferences(number: PhoneNumberRecord, expected: PhoneNumberVoiceSettings): string[] {
  const rows: Array<[string, string | null | undefined, string | null | undefined, string, string]> = [
    ['Calls go to', number.voiceUrl, number.voiceMethod, expected.voiceUrl, expected.voiceMethod],
    ['The fallback is', number.voiceFallbackUrl, number.voiceFallbackMethod, expected.voiceFallbackUrl, expected.voiceFallbackMethod],
    ['Status reports go to', number.statusCallback, number.statusCallbackMethod, expected.statusCallback, expected.statusCallbackMethod],
  ];
  const differences: string[] = [];
  for (const [label, url, method, wantedUrl, wantedMethod] of rows) {
    // A method Twilio did not return is not known to be wrong.
    const methodWrong = typeof method === 'string' && method !== '' && method.toUpperCase() !== wantedMethod;
    if ((url ?? '') !== wantedUrl || methodWrong) {
      const actual = url ? `${url}${method ? ` (${method.toUpperCase()})` : ''}` : 'nothing';
      differences.push(`${label} ${actual}, not ${wantedUrl} (${wantedMethod}).`);
    }
  }
  return differences;
}

/** The number is in the account and its three addresses are the ones configure-number sets. */
export async function checkNumber(
  client: PreflightClient,
  phoneNumber: string,
  expected: PhoneNumberVoiceSettings,
  fixCommand: string,
): Promise<CheckResult> {
  let number: PhoneNumberRecord;
  try {
    number = await findNumber(client, phoneNumber, preflightHints(client.accountSid));
  } catch (error) {
    if (error instanceof ConfigureError) return fail(error.message);
    throw error;
  }
  const problem = otherHandlerProblem(number);
  if (problem) return fail(problem.message);
  const differences = addressDifferences(number, expected);
  if (differences.length > 0) {
    return fail(`${phoneNumber} does not point at this line's addresses: run ${fixCommand} to set them.`, differences);
  }
  const fallback = describeAddress(expected.voiceFallbackUrl, expected.voiceFallbackMethod);
  return pass(`${phoneNumber} is in the account and points at the line: calls go to ${expected.voiceUrl}, the fallback is ${fallback}, status reports go to ${expected.statusCallback}.`);
}

/** Every transfer dials a Norwegian helpline; without this permission each one fails. */
export async function checkNorwayPermission(client: PreflightClient): Promise<CheckResult> {
  let enabled: boolean | null | undefined;
  try {
    ({ lowRiskNumbersEnabled: enabled } = await client.voice.v1.dialingPermissions.countries('NO').fetch());
  } catch (error) {
    return twilioFailure(error, 'say whether the account may call Norway', preflightHints(client.accountSid));
  }
  if (enabled === true) return pass('The account may call Norwegian numbers (Voice geographic permissions), so transfers to the helplines can go through.');
  return fail(
    `The account may not call Norwegian numbers, so every transfer to a helpline would fail: turn on Norway in the ${GEO_PERMISSIONS_PLACE}, then run preflight again.`,
  );
}

/** The reason a fetch failed, as short as the error allows ("ENOTFOUND", "certificate has expired"). */
function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return error instanceof Error && error.message ? error.message : String(error);
}

export interface HealthOptions {
  readonly fetch: Fetch;
  readonly timeoutMs: number;
  /** Accept http: only tests set it, to serve /healthz from 127.0.0.1. Twilio itself needs https. */
  readonly allowHttp?: boolean;
}

/** `GET <base>/healthz` answers 200, over https, without a redirect: the same road Twilio's requests take. */
export async function checkHealth(base: string, options: HealthOptions): Promise<CheckResult> {
  const url = `${base}/healthz`;
  const protocol = new URL(url).protocol;
  if (protocol !== 'https:' && !options.allowHttp) {
    return fail(`${url} is not an https address, and Twilio only calls https: set PUBLIC_BASE_URL to the service's public https address.`);
  }
  const over = protocol === 'https:' ? 'https' : 'http';
  let status: number;
  try {
    ({ status } = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'manual' }));
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'TimeoutError') {
      return fail(`${url} did not answer within ${formatDuration(options.timeoutMs)}: check that the service is running and not overloaded, then run preflight again.`);
    }
    return fail(
      `Could not reach ${url} (${fetchFailure(error)}): check that the service is deployed and running, that PUBLIC_BASE_URL is its public address, and that its https certificate is valid.`,
    );
  }
  if (status === 200) return pass(`${url} answers 200 over ${over}.`);
  if (status >= 300 && status < 400) {
    return fail(`${url} answered ${status}, a redirect, instead of 200: set PUBLIC_BASE_URL to the address the service answers at directly (Twilio's signed requests do not survive a redirect).`);
  }
  return fail(`${url} answered ${status} instead of 200: check that the service is running at PUBLIC_BASE_URL and look in its log.`);
}
