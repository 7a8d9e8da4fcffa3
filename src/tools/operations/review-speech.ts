/**
 * The listening review (`npm run review-speech`): calls a native speaker's phone from the hotline
 * number, and the service plays each critical sentence on the line's own voice (POST /voice/review);
 * after each the reviewer presses 1 (right), 2 (wrong) or 3 (again). The report is read back from
 * Twilio's record of the call, so the service keeps nothing. It changes nothing in the account: it
 * places the one call the operator agreed to, and reads.
 */

import { EXIT_FAILED, EXIT_OK } from '../../cli/command-line.js';
import { createReviewScripts, type Hotline, type LangCode, reviewStartUrl } from '../../hotline/index.js';
import { twilioFailure } from './preflight-checks.js';
import { formatDuration, preflightHints, type CallRecord, type Confirm, type Sleep } from './preflight-client.js';
import { placeCall, waitForCallEnd } from './preflight.js';
import { allRight, buildReviewReport, reportLines, reportMarkdown, reviewLanguage, reviewRequests, type CallEventRecord, type ReviewReport } from './review-report.js';

/** The part of the official `twilio` REST client the review uses; a `twilio.Twilio` fits it. Nothing here writes but the one call. */
export interface ReviewClient {
  readonly accountSid: string;
  readonly calls: {
    (sid: string): { fetch(): Promise<CallRecord>; events: { list(params: { limit: number }): Promise<CallEventRecord[]> } };
    create(params: { to: string; from: string; url: string }): Promise<CallRecord>;
  };
}

export interface ReviewTiming {
  readonly callPollMs: number;
  /** Long enough for every sentence heard twice. */
  readonly callWaitMs: number;
  /** Twilio documents the Call Events as readable 15 minutes after the call ends. */
  readonly eventsDelayMs: number;
  readonly eventsPollMs: number;
  /** How long after that delay to keep asking. */
  readonly eventsWaitMs: number;
}

export const DEFAULT_REVIEW_TIMING: ReviewTiming = {
  callPollMs: 5_000,
  callWaitMs: 30 * 60_000,
  eventsDelayMs: 15 * 60_000,
  eventsPollMs: 60_000,
  eventsWaitMs: 10 * 60_000,
};

/** Twilio's record of a call is at most this many events; a review makes about two per sentence. */
const EVENTS_LIMIT = 1000;

/** A review call to place: to the reviewer's phone, from the hotline's number, to the service's public origin, in one language. */
export interface ReviewCall {
  readonly kind: 'call';
  readonly to: string;
  readonly phoneNumber: string;
  readonly base: string;
  readonly lang: LangCode;
}

export interface ReviewOptions {
  readonly client: ReviewClient;
  readonly line: Pick<Hotline, 'catalog' | 'directory' | 'languages' | 'language'>;
  /** Place a review call, or only fetch the report of an earlier one. */
  readonly what: ReviewCall | { readonly kind: 'report'; readonly callSid: string };
  readonly yes: boolean;
  readonly confirm: Confirm;
  readonly sleep: Sleep;
  readonly now: () => Date;
  readonly timing: ReviewTiming;
  /** Where the Markdown report goes; a name from the language and the time when undefined. */
  readonly out: string | undefined;
  readonly writeFile: (path: string, text: string) => void;
  readonly print: (line: string) => void;
}

/** "review-speech-uk-2026-12-04T1930Z.md": a report's default name, in the folder the command runs in. */
export function defaultReportName(lang: string, made: Date): string {
  const stamp = made.toISOString().slice(0, 16).replace(/:/g, '');
  return `review-speech-${lang}-${stamp}Z.md`;
}

const CALL_ENDED_WITHOUT_REVIEW: Readonly<Record<string, string>> = {
  busy: "The reviewer's phone was busy, so nothing was reviewed: run the command again when they can answer.",
  'no-answer': 'Nobody answered the review call, so nothing was reviewed: run the command again when the reviewer is ready.',
  canceled: 'The review call was canceled before it was answered, so nothing was reviewed: run the command again.',
};

/** Places the call after asking, waits for its end; the call's SID, or undefined when there is nothing to report. */
async function callReviewer(options: ReviewOptions, { to, phoneNumber, base, lang }: ReviewCall): Promise<string | undefined> {
  const { client, print, timing } = options;
  const script = createReviewScripts(options.line)(lang);
  const question = `Call ${to} from ${phoneNumber} now for the listening review in ${lang} (${script.sentences.length} sentences, each followed by a key: 1 right, 2 wrong, 3 again)? [y/N] `;
  if (!options.yes && !(await options.confirm(question))) {
    print('– No call was placed; run the command again (or add --yes) when the reviewer is ready to answer.');
    return undefined;
  }
  const outcome = await placeCall(client, { to, from: phoneNumber, url: reviewStartUrl(base, script) }, 'place the review call');
  if ('failure' in outcome) {
    print(`✗ ${outcome.failure.line}`);
    return undefined;
  }
  const sid = outcome.call.sid;
  print(`Calling the reviewer from ${phoneNumber} (call ${sid}).`);
  print("  The reviewer hears each sentence on the line's voice, then presses 1 if it sounded right, 2 if wrong, 3 to hear it again.");
  print(`  Waiting for the call to end (at most ${formatDuration(timing.callWaitMs)})…`);
  let ended: CallRecord | undefined;
  try {
    ended = await waitForCallEnd(client, sid, { sleep: options.sleep, pollMs: timing.callPollMs, waitMs: timing.callWaitMs }, (status) => {
      if (status === 'ringing') print("  The reviewer's phone is ringing.");
      if (status === 'in-progress') print('  The call is answered.');
    });
  } catch (error) {
    print(`✗ ${twilioFailure(error, `say how the review call ${sid} is going`, preflightHints(client.accountSid)).line} Fetch the report later with --call ${sid}.`);
    return undefined;
  }
  if (!ended) {
    print(`✗ The review call had not ended after ${formatDuration(timing.callWaitMs)}: hang up, then fetch its report with npm run review-speech -- --call ${sid}.`);
    return undefined;
  }
  if (ended.status !== 'completed') {
    print(`✗ ${CALL_ENDED_WITHOUT_REVIEW[ended.status] ?? "Twilio could not place the review call: the call's page in the Twilio Console (Monitor → Logs → Calls) says why."}`);
    return undefined;
  }
  print(`✓ The review call ended${ended.duration ? ` after ${ended.duration} seconds` : ''}.`);
  return sid;
}

/** Reads the review's steps from Twilio's record of the call: after the documented delay when the call just ended, else at once. */
async function readReport(options: ReviewOptions, sid: string, justEnded: boolean): Promise<ReviewReport | undefined> {
  const { client, print, timing } = options;
  const later = `npm run review-speech -- --call ${sid}`;
  if (justEnded) {
    print(`  Twilio keeps the call's steps readable about 15 minutes after it ends: waiting ${formatDuration(timing.eventsDelayMs)} (or stop now and run ${later} later)…`);
    await options.sleep(timing.eventsDelayMs);
  }
  const polls = justEnded ? Math.max(1, Math.ceil(timing.eventsWaitMs / timing.eventsPollMs)) : 1;
  for (let i = 0; i < polls; i += 1) {
    if (i > 0) await options.sleep(timing.eventsPollMs);
    const requests = reviewRequests(await client.calls(sid).events.list({ limit: EVENTS_LIMIT }), options.line.language);
    const lang = reviewLanguage(requests);
    if (lang) return buildReviewReport(createReviewScripts(options.line)(lang), sid, requests, options.line.language);
  }
  print(
    `✗ Twilio's record of call ${sid} holds no step of a listening review yet. It is readable about 15 minutes after the call ends: run ${later} again later. ` +
      'If it still holds none, the call did not reach the review at PUBLIC_BASE_URL: deploy this version there and review again.',
  );
  return undefined;
}

/** Runs the review (or fetches an earlier one's report), prints it and writes it as Markdown; resolves to the exit code. */
export async function runReviewSpeech(options: ReviewOptions): Promise<number> {
  const { print, line } = options;
  const { what } = options;
  const sid = what.kind === 'report' ? what.callSid : await callReviewer(options, what);
  if (!sid) return EXIT_FAILED;
  let report: ReviewReport | undefined;
  try {
    report = await readReport(options, sid, what.kind === 'call');
  } catch (error) {
    print(`✗ ${twilioFailure(error, `read what happened on call ${sid}`, preflightHints(options.client.accountSid)).line}`);
    return EXIT_FAILED;
  }
  if (!report) return EXIT_FAILED;

  const voice = line.languages.find((l) => l.code === report.lang)?.voice ?? report.lang;
  print('');
  for (const row of reportLines(report, voice)) print(row);
  const made = options.now();
  const path = options.out ?? defaultReportName(report.lang, made);
  try {
    options.writeFile(path, reportMarkdown(report, { voice, made }));
    print(`The report is written to ${path}: keep it with the deploy.`);
  } catch (error) {
    print(`✗ Could not write the report to ${path} (${(error as { code?: string }).code ?? 'error'}): give another file with --out.`);
    return EXIT_FAILED;
  }
  return allRight(report) ? EXIT_OK : EXIT_FAILED;
}
