import { keyOf, type LangCode, nextReviewStep, parseReviewQuery, REVIEW_PATH, type ReviewScript, type ReviewSentence, type Verdict, verdictsOf } from '../../hotline/index.js';

/**
 * The report of a listening review, read back from Twilio's record of the call (its Call Events:
 * every request Twilio made to the service, with its URL and parameters) rather than from anything
 * the service kept: each request to /voice/review carries the review's state in its URL and the key
 * pressed in `digits`, and is read by the same step function the call ran on.
 */

/** One Call Event as the REST API returns it (twilio-node passes `request` through as JSON, its parameter names in snake_case). */
export interface CallEventRecord {
  readonly request?: { readonly url?: unknown; readonly method?: unknown; readonly parameters?: Readonly<Record<string, unknown>> | null } | null;
}

/** A sentence's outcome: the reviewer's verdict, or not answered because the call ended before it. */
export type Outcome = Verdict | 'not-reached';

export interface ReportRow {
  readonly number: number;
  readonly key: string;
  readonly text: string;
  readonly outcome: Outcome;
}

export interface ReviewReport {
  readonly lang: LangCode;
  readonly callSid: string;
  readonly rows: readonly ReportRow[];
  /** False when the call played other sentences than this checkout's (the prompts or helplines changed): rows may then be misnamed. */
  readonly sameSentences: boolean;
}

interface ReviewRequest {
  readonly lang: LangCode;
  readonly query: Record<string, string>;
  readonly digits: string | undefined;
}

/** The requests Twilio made to the review route during the call, with their query and the key pressed. */
export function reviewRequests(events: readonly CallEventRecord[], language: (code: string) => LangCode | undefined): ReviewRequest[] {
  return events.flatMap((event) => {
    const url = event.request?.url;
    if (typeof url !== 'string') return [];
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return [];
    }
    if (parsed.pathname !== REVIEW_PATH) return [];
    const query = Object.fromEntries(parsed.searchParams);
    const lang = parseReviewQuery(query, language)?.lang;
    return lang ? [{ lang, query, digits: keyOf(event.request?.parameters?.digits) }] : [];
  });
}

/** The language a review call was in: the one of its requests. */
export const reviewLanguage = (requests: readonly ReviewRequest[]): LangCode | undefined => requests[0]?.lang;

/**
 * The report of one review call in its script's language, or undefined when Twilio's events hold no
 * request to the review (not readable yet, or the call never reached the service). The verdicts are
 * those of the furthest step, whatever order the events come in.
 */
export function buildReviewReport(script: ReviewScript, callSid: string, requests: readonly ReviewRequest[], language: (code: string) => LangCode | undefined): ReviewReport | undefined {
  const own = requests.filter((r) => r.lang === script.lang);
  if (own.length === 0) return undefined;
  const total = script.sentences.length;
  let verdicts: readonly Verdict[] = [];
  for (const request of own) {
    const step = nextReviewStep(script.lang, parseReviewQuery(request.query, language)?.state, request.digits, total);
    const after = verdictsOf(step);
    if (after.length > verdicts.length) verdicts = after;
  }
  const rows = script.sentences.map((sentence: ReviewSentence, index): ReportRow => ({ number: index + 1, key: sentence.key, text: sentence.text, outcome: verdicts[index] ?? 'not-reached' }));
  return { lang: script.lang, callSid, rows, sameSentences: own.every((r) => r.query.h === script.fingerprint) };
}

const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  right: 'right',
  wrong: 'WRONG',
  'no-answer': 'no answer',
  'not-reached': 'not heard (the call ended before it)',
};
const OUTCOME_MARKS: Readonly<Record<Outcome, string>> = { right: '✓', wrong: '✗', 'no-answer': '?', 'not-reached': '–' };

/** "18 right, 1 wrong, 1 without an answer": every outcome that occurred, in a fixed order. */
export function summarize(report: ReviewReport): string {
  const count = (outcome: Outcome) => report.rows.filter((r) => r.outcome === outcome).length;
  const parts: [Outcome, string][] = [
    ['right', 'right'],
    ['wrong', 'wrong'],
    ['no-answer', 'without an answer'],
    ['not-reached', 'not heard'],
  ];
  return parts
    .filter(([outcome]) => count(outcome) > 0)
    .map(([outcome, words]) => `${count(outcome)} ${words}`)
    .join(', ');
}

/** Whether every sentence was heard and found right. */
export const allRight = (report: ReviewReport): boolean => report.rows.every((r) => r.outcome === 'right');

const CHANGED = 'The prompts or helplines here differ from those the call played, so a row may name another sentence than the one heard: run the review again from the deployed version.';

/** The report as terminal lines: one per sentence (mark, verdict, key), its text under it. */
export function reportLines(report: ReviewReport, voice: string): string[] {
  const lines = [`Listening review in ${report.lang} on ${voice} (call ${report.callSid}): ${summarize(report)}.`];
  if (!report.sameSentences) lines.push(`! ${CHANGED}`);
  for (const row of report.rows) {
    lines.push(`${OUTCOME_MARKS[row.outcome]} ${String(row.number).padStart(2)}. ${OUTCOME_WORDS[row.outcome]}: ${row.key}`);
    lines.push(`      ${row.text}`);
  }
  return lines;
}

const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export interface ReportContext {
  readonly voice: string;
  /** When the report was made. */
  readonly made: Date;
}

/** The report as Markdown, to keep with the deploy: what was reviewed, on which voice, each sentence's verdict, and what to do about a wrong one. */
export function reportMarkdown(report: ReviewReport, context: ReportContext): string {
  const lines = [
    `# Listening review: ${report.lang}`,
    '',
    `- Call: ${report.callSid}`,
    `- Voice: ${context.voice}`,
    `- Report made: ${context.made.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    `- ${report.rows.length} sentences: ${summarize(report)}`,
    '',
  ];
  if (!report.sameSentences) lines.push(`> ${CHANGED}`, '');
  lines.push('| # | Verdict | Key | Text |', '| --- | --- | --- | --- |');
  for (const row of report.rows) lines.push(`| ${row.number} | ${OUTCOME_WORDS[row.outcome]} | \`${row.key}\` | ${cell(row.text)} |`);
  lines.push(
    '',
    'A name said wrongly is fixed in `prompts/pronunciation.json`, a sentence in `prompts/' + report.lang + '.json`;',
    'then deploy and run `npm run review-speech` again for the sentences marked wrong or not answered.',
    '',
  );
  return lines.join('\n');
}
