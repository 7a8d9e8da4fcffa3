/**
 * Pre-flight: before the first real caller (and after each deploy), checks the line as Twilio sees it
 * and, when the operator agrees, places one real call and reports what Twilio's debugger saw of it.
 *
 * Some faults only show on a real call: a voice that rejects our SSML, a transfer the account may not
 * make, a signature that does not match behind the host's router. Twilio reports them as alerts in
 * its debugger, which the organisations running this line have nobody to read; every line printed
 * here says in plain words what is wrong and what to do.
 *
 * It changes nothing in the account: it only reads, and places the one call the operator agreed to.
 */

import { VOICE_PATH } from '../twilio/webhook-paths.js';
import {
  ConfigureError,
  describeTwilioError,
  findNumber,
  numberSettingsFor,
  otherHandlerProblem,
  type PhoneNumberRecord,
  type PhoneNumberVoiceSettings,
  type TwilioErrorHints,
} from './configure-number.js';

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

export interface CheckResult {
  readonly ok: boolean;
  /** One sentence: what was found and, when wrong, what to do. */
  readonly line: string;
  /** Indented lines under it (what exactly differs). */
  readonly details?: readonly string[];
}

export type Fetch = (url: string, init: { signal: AbortSignal; redirect: 'manual' }) => Promise<{ status: number }>;
export type Sleep = (ms: number) => Promise<void>;
export type Confirm = (question: string) => Promise<boolean>;

export interface Timing {
  /** How long to wait for /healthz. Twilio itself waits 15 s for a webhook; a healthy service answers at once. */
  readonly healthTimeoutMs: number;
  readonly callPollMs: number;
  /** Long enough to try every menu; after it the call is reported as not ended. */
  readonly callWaitMs: number;
  readonly alertPollMs: number;
  /** Twilio's alerts take a minute or so to appear after the call. */
  readonly alertWaitMs: number;
}

export const DEFAULT_TIMING: Timing = {
  healthTimeoutMs: 10_000,
  callPollMs: 5_000,
  callWaitMs: 20 * 60_000,
  alertPollMs: 15_000,
  alertWaitMs: 2 * 60_000,
};

/** Statuses after which a call never changes again. */
export const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export const GEO_PERMISSIONS_PLACE = 'Twilio Console → Voice → Settings → Geo permissions';

/** Hints for Twilio's refusals, for credentials that may be the Auth Token or an API key. */
export function preflightHints(accountSid: string): TwilioErrorHints {
  return {
    unauthorized: `Check that TWILIO_ACCOUNT_SID (${accountSid}) and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET) belong to the same account.`,
    forbidden: 'Check that these credentials may read this account (a restricted API key or a suspended account cannot).',
  };
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

const fail = (line: string, details?: readonly string[]): CheckResult => (details ? { ok: false, line, details } : { ok: false, line });
const pass = (line: string): CheckResult => ({ ok: true, line });

function twilioFailure(error: unknown, doing: string, hints: TwilioErrorHints): CheckResult {
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

export interface CallPlan {
  /** The operator's own phone. */
  readonly to: string;
  /** The hotline's number. */
  readonly from: string;
  /** The hotline's own /voice address, so the call runs the line as a caller hears it. */
  readonly url: string;
}

export async function placeCall(client: PreflightClient, plan: CallPlan): Promise<{ call: CallRecord } | { failure: CheckResult }> {
  try {
    return { call: await client.calls.create({ to: plan.to, from: plan.from, url: plan.url }) };
  } catch (error) {
    return { failure: twilioFailure(error, `place the test call to ${plan.to}`, preflightHints(client.accountSid)) };
  }
}

export interface WaitOptions {
  readonly sleep: Sleep;
  readonly pollMs: number;
  readonly waitMs: number;
}

/**
 * Polls the call until it reaches a final status, or undefined when the bounded wait runs out.
 * `onStatus` hears each new status, so the operator knows the phone should be ringing.
 */
export async function waitForCallEnd(
  client: PreflightClient,
  sid: string,
  options: WaitOptions,
  onStatus: (status: string) => void = () => {},
): Promise<CallRecord | undefined> {
  const polls = Math.max(1, Math.ceil(options.waitMs / options.pollMs));
  let last = '';
  for (let i = 0; i < polls; i += 1) {
    await options.sleep(options.pollMs);
    const call = await client.calls(sid).fetch();
    if (call.status !== last) onStatus(call.status);
    last = call.status;
    if (FINAL_CALL_STATUSES.has(call.status)) return call;
  }
  return undefined;
}

/** How the call ended, as a check: only a completed call tried the line. */
export function callEndResult(call: CallRecord | undefined, waitMs: number, sid: string): CheckResult {
  if (!call) {
    return fail(
      `The test call had not ended after ${formatDuration(waitMs)}: hang up, and look for call ${sid} in the Twilio Console under Monitor → Logs → Calls.`,
    );
  }
  const seconds = Number.parseInt(call.duration ?? '', 10);
  switch (call.status) {
    case 'completed':
      return pass(`The test call ended${Number.isFinite(seconds) ? ` after ${seconds} seconds` : ''}.`);
    case 'busy':
      return fail('Your phone was busy, so the line was not tried: run preflight again and answer the call.');
    case 'no-answer':
      return fail('Nobody answered the test call, so the line was not tried: run preflight again and answer the call.');
    case 'canceled':
      return fail('The test call was canceled before it was answered, so the line was not tried: run preflight again.');
    default:
      return fail("Twilio could not place the test call: the alerts below (or the call's page in the Twilio Console under Monitor → Logs → Calls) say why.");
  }
}

/** Alerts about this call, polling until some appear or the bounded wait runs out. */
export async function alertsForCall(client: PreflightClient, sid: string, since: Date, options: WaitOptions): Promise<AlertRecord[]> {
  const polls = Math.max(1, Math.ceil(options.waitMs / options.pollMs));
  for (let i = 0; i < polls; i += 1) {
    await options.sleep(options.pollMs);
    // The Alerts API filters by date and log level only, so the call's own alerts are picked out by its SID.
    const alerts = await client.monitor.v1.alerts.list({ startDate: since, pageSize: 100, limit: 1000 });
    const ours = alerts.filter((alert) => alert.resourceSid === sid);
    if (ours.length > 0) return ours;
  }
  return [];
}

/** The parts of an alert's text that are safe and useful to show: the HTTP status and the path Twilio asked for. */
function alertFacts(alert: AlertRecord): { httpStatus?: number; path?: string } {
  const text = alert.alertText ?? '';
  const fields = text.includes('=') ? new URLSearchParams(text) : new URLSearchParams();
  const httpStatus = Number.parseInt(fields.get('httpResponse') ?? '', 10);
  let path: string | undefined;
  for (const candidate of [alert.requestUrl, fields.get('url')]) {
    if (!candidate) continue;
    try {
      path = new URL(candidate).pathname;
      break;
    } catch {
      // not a URL: leave it out rather than print something unknown
    }
  }
  return { ...(Number.isFinite(httpStatus) ? { httpStatus } : {}), ...(path ? { path } : {}) };
}

function webhookErrorSentence(httpStatus: number | undefined): string {
  if (httpStatus === 403) {
    return 'The service refused Twilio\'s signature (HTTP 403), so the caller heard the fallback instead of the line: set PUBLIC_BASE_URL on the server to exactly the origin in the number\'s settings (or TRUST_PROXY=true behind a TLS router), and check that TWILIO_AUTH_TOKEN on the server is this account\'s Auth Token.';
  }
  if (httpStatus !== undefined && httpStatus >= 500) {
    return `The service failed while answering Twilio (HTTP ${httpStatus}), so the caller heard the fallback at that step: look in the service's log at that time.`;
  }
  const status = httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`;
  return `The service answered Twilio with an error${status}, so the caller heard the fallback at that step: look in the service's log at that time, and check that PUBLIC_BASE_URL is the address in the number's settings.`;
}

/** What an alert means for this line and how to fix it, in one sentence an operator can act on. */
export function explainAlert(alert: AlertRecord): string {
  const code = alert.errorCode ?? '';
  switch (code) {
    case '12200':
      return 'Twilio could not read one of the line\'s answers (schema validation), usually SSML that the voice of that language does not accept, so the caller heard silence there: run npm run check:prompts, then simplify the SSML (or choose another voice) in the prompts of the language you were listening to.';
    case '13513':
    case '13520':
      return 'A <Say> held speech its voice could not read (empty text, or SSML that voice rejects, such as an unsupported prosody rate), so the caller heard silence or a wrong reading there: run npm run check:prompts and remove the SSML that voice does not support from the prompts of the language you were listening to.';
    case '13521':
      return 'A <Say> was longer than its voice allows (3,000 characters for Amazon Polly, 5,000 for Google, SSML included), so it was cut or skipped: split that prompt into shorter ones.';
    case '11200':
      return webhookErrorSentence(alertFacts(alert).httpStatus);
    case '11205':
      return 'Twilio could not connect to the service, or it did not answer within 15 seconds, so the caller heard the fallback or Twilio\'s error: check that the service is running, that PUBLIC_BASE_URL\'s host leads to it, and that its https certificate is valid.';
    case '11750':
      return 'One of the line\'s answers was larger than Twilio accepts (64 kB), so that step failed: this is a fault in the line; report it with the time of the call.';
    case '15003':
      return 'The service answered one of Twilio\'s call progress reports (the status address or a transfer\'s result) with an HTTP error, so that report was lost: look in the service\'s log at that time; a signature error there means PUBLIC_BASE_URL does not match the number\'s settings.';
    case '13227':
      return `A transfer was blocked because the account may not call that country: turn on Norway in the ${GEO_PERMISSIONS_PLACE}.`;
    case '13225':
      return `A transfer was blocked because Twilio does not let this account call that number (blocked or high-risk): check the helpline numbers in content/helplines.json and the ${GEO_PERMISSIONS_PLACE}.`;
    case '13224':
      return 'A transfer went to a number Twilio cannot call or that is not valid: check that helpline\'s number in content/helplines.json (international format, in service).';
    default:
      return `Twilio reported error ${code || '(no code)'}, which this check does not explain: read what it means at the link, and look at the call in the Twilio Console under Monitor → Logs → Errors.`;
  }
}

/** One ✗ line per alert: its code, level, time and step, then the sentence and where to read more. */
export function alertResult(alert: AlertRecord): CheckResult {
  const code = alert.errorCode ?? '';
  const level = alert.logLevel ? ` (${alert.logLevel.toLowerCase()})` : '';
  const at = alert.dateCreated instanceof Date && !Number.isNaN(alert.dateCreated.getTime()) ? ` at ${alert.dateCreated.toISOString().slice(11, 19)} UTC` : '';
  const { path } = alertFacts(alert);
  const step = path ? ` on ${path}` : '';
  const link = alert.moreInfo?.startsWith('https://') ? alert.moreInfo : `https://www.twilio.com/docs/api/errors/${code}`;
  return fail(`Twilio alert ${code || '(no code)'}${level}${at}${step}: ${explainAlert(alert)}`, [`More: ${link}`]);
}

export interface PreflightOptions {
  readonly client: PreflightClient;
  /** The hotline's number, E.164. */
  readonly phoneNumber: string;
  /** The service's public origin, normalised. */
  readonly base: string;
  /** The static fallback configure-number was given, normalised; undefined for /voice/fallback. */
  readonly fallbackUrl?: string | undefined;
  /** The operator's own phone, E.164; undefined when no call is wanted. */
  readonly to?: string | undefined;
  /** Place the test call without asking. */
  readonly yes: boolean;
  readonly confirm: Confirm;
  readonly fetch: Fetch;
  readonly sleep: Sleep;
  readonly now: () => Date;
  readonly timing: Timing;
  readonly allowHttp?: boolean;
  /** One line of output. */
  readonly print: (line: string) => void;
}

export interface PreflightOutcome {
  /** Checks (and alerts) that failed. */
  readonly failures: number;
  readonly called: boolean;
}

function printer(print: (line: string) => void) {
  let failures = 0;
  return {
    result(result: CheckResult) {
      if (!result.ok) failures += 1;
      print(`${result.ok ? '✓' : '✗'} ${result.line}`);
      for (const detail of result.details ?? []) print(`    ${detail}`);
    },
    failures: () => failures,
  };
}

function fixCommand(phoneNumber: string, base: string, fallbackUrl: string | undefined): string {
  return `npm run configure-number -- ${phoneNumber} ${base}${fallbackUrl ? ` --fallback-url ${fallbackUrl}` : ''}`;
}

const WHAT_TO_TRY = [
  'Answer your phone and try the line as a caller would: choose a language, listen to a topic, then ask to talk to someone.',
  'The transfer rings a real helpline: hang up once it rings, or tell them this is a test of the line.',
];

/** The test call: ask, place it, say what to try, wait for its end, then list Twilio's alerts about it. */
async function testCall(options: PreflightOptions, to: string, report: ReturnType<typeof printer>): Promise<boolean> {
  const { client, print, timing } = options;
  const plan: CallPlan = { to, from: options.phoneNumber, url: `${options.base}${VOICE_PATH}` };
  const question = `Place a test call from ${plan.from} to ${plan.to} now? It rings your phone and the line answers as it answers callers. [y/N] `;
  if (!options.yes && !(await options.confirm(question))) {
    print('– The test call was not placed; run preflight again (or add --yes) when you are ready to answer it.');
    return false;
  }
  // Alerts are listed from a little before the call: this computer's clock may be behind Twilio's.
  const since = new Date(options.now().getTime() - 60_000);
  const outcome = await placeCall(client, plan);
  if ('failure' in outcome) {
    report.result(outcome.failure);
    return true;
  }
  const placed = outcome.call;
  print(`Calling ${plan.to} from ${plan.from} (call ${placed.sid}).`);
  for (const line of WHAT_TO_TRY) print(`  ${line}`);
  print(`  Waiting for the call to end (at most ${formatDuration(timing.callWaitMs)})…`);
  const hints = preflightHints(client.accountSid);
  try {
    const ended = await waitForCallEnd(client, placed.sid, { sleep: options.sleep, pollMs: timing.callPollMs, waitMs: timing.callWaitMs }, (status) => {
      if (status === 'ringing') print('  Your phone is ringing.');
      if (status === 'in-progress') print('  The call is answered.');
    });
    report.result(callEndResult(ended, timing.callWaitMs, placed.sid));
  } catch (error) {
    report.result(twilioFailure(error, `say how the test call ${placed.sid} is going`, hints));
  }

  print(`  Waiting up to ${formatDuration(timing.alertWaitMs)} for Twilio's alerts about the call (they take a minute to appear)…`);
  let alerts: AlertRecord[];
  try {
    alerts = await alertsForCall(client, placed.sid, since, { sleep: options.sleep, pollMs: timing.alertPollMs, waitMs: timing.alertWaitMs });
  } catch (error) {
    report.result(twilioFailure(error, `list its alerts for the test call ${placed.sid} (look in the Twilio Console under Monitor → Logs → Errors instead)`, hints));
    return true;
  }
  if (alerts.length === 0) report.result(pass('Twilio reported no error or warning for the test call.'));
  for (const alert of alerts) report.result(alertResult(alert));
  return true;
}

/** Runs every check, then the test call when `to` is given and every check passed. */
export async function runPreflight(options: PreflightOptions): Promise<PreflightOutcome> {
  const { client, print } = options;
  const report = printer(print);
  const expected = numberSettingsFor(options.base, options.fallbackUrl);

  print(`Pre-flight for ${options.phoneNumber} at ${options.base}`);
  report.result(await checkNumber(client, options.phoneNumber, expected, fixCommand(options.phoneNumber, options.base, options.fallbackUrl)));
  report.result(await checkNorwayPermission(client));
  report.result(await checkHealth(options.base, { fetch: options.fetch, timeoutMs: options.timing.healthTimeoutMs, allowHttp: options.allowHttp ?? false }));

  let called = false;
  if (options.to === undefined) {
    print('– No test call (--no-call).');
  } else if (report.failures() > 0) {
    // A call now would only show the faults above again, and may ring a helpline for nothing.
    print('– The test call was not placed because a check above failed: fix it and run preflight again.');
  } else {
    called = await testCall(options, options.to, report);
  }

  const failures = report.failures();
  print('');
  if (failures > 0) {
    print(`The line is not ready: ${failures === 1 ? 'one problem is' : `${failures} problems are`} marked ✗ above; fix ${failures === 1 ? 'it' : 'them'} and run npm run preflight again.`);
  } else if (called) {
    print('The line is ready: every check passed and Twilio saw no problem on the test call.');
  } else {
    print('Every check passed; the line itself was not tried, because no test call was placed.');
  }
  return { failures, called };
}
