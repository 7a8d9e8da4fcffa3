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

import { FINAL_CALL_STATUSES, VOICE_PATH } from '../../hotline/index.js';
import { fail, pass, type CheckResult } from './check-result.js';
import { alertResult, alertsForCall } from './preflight-alerts.js';
import { checkHealth, checkNorwayPermission, checkNumber, twilioFailure } from './preflight-checks.js';
import { numberSettingsFor } from './configure-number.js';
import { formatDuration, preflightHints, type AlertRecord, type CallRecord, type Confirm, type Fetch, type PreflightClient, type Sleep, type WaitOptions } from './preflight-client.js';

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

export interface CallPlan {
  /** The operator's own phone. */
  readonly to: string;
  /** The hotline's number. */
  readonly from: string;
  /** The hotline's own /voice address, so the call runs the line as a caller hears it. */
  readonly url: string;
}

/** Places one call; `doing` completes "Twilio refused to …" when it cannot be placed. */
export async function placeCall(
  client: Pick<PreflightClient, 'accountSid' | 'calls'>,
  plan: CallPlan,
  doing = `place the test call to ${plan.to}`,
): Promise<{ call: CallRecord } | { failure: CheckResult }> {
  try {
    return { call: await client.calls.create({ to: plan.to, from: plan.from, url: plan.url }) };
  } catch (error) {
    return { failure: twilioFailure(error, doing, preflightHints(client.accountSid)) };
  }
}

/**
 * Polls the call until it reaches a final status, or undefined when the bounded wait runs out.
 * `onStatus` hears each new status, so the operator knows the phone should be ringing.
 */
export async function waitForCallEnd(
  client: Pick<PreflightClient, 'calls'>,
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
