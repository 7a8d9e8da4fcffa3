/**
 * The week's figures as a short Markdown table an organisation can paste into a report, asked of
 * Prometheus (every query adds up all instances). Only counts and durations: no label of the line's
 * metrics names a caller, so nothing here can.
 */

/** One sample of an instant query: its labels and value. */
export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Asks Prometheus one instant query at an instant. */
export type Query = (expr: string, at: Date) => Promise<readonly Sample[]>;

export interface SummaryPeriod {
  readonly end: Date;
  readonly days: number;
}

const whole = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : String(Math.round(n)));
/** A share of two counts, each rounded first as the table shows them (Prometheus's increase is a little above or below a whole count). */
const percent = (part: number | undefined, total: number | undefined) =>
  part === undefined || total === undefined || Number.isNaN(part) || Math.round(total) === 0 ? '–' : `${Math.round((100 * Math.round(part)) / Math.round(total))} %`;
const seconds = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : `${Math.round(n)} s`);

/** Samples of a query by one label, as "a 12, b 3", largest first, leaving out the ones at 0. */
function byLabel(samples: readonly Sample[], label: string, format: (sample: Sample) => string = (s) => whole(s.value)): string {
  const shown = samples.filter((s) => Math.round(s.value) > 0).sort((a, b) => b.value - a.value);
  return shown.length === 0 ? '–' : shown.map((s) => `${s.metric[label] ?? '?'} ${format(s)}`).join(', ');
}

/** The queries of the summary over a window, e.g. "7d". */
export const summaryQueries = (w: string) => ({
  calls: `sum(increase(hotline_calls_started_total[${w}]))`,
  languages: `sum by (lang) (increase(hotline_language_chosen_total[${w}]))`,
  suggested: `sum by (lang) (increase(hotline_calls_by_suggested_language_total[${w}]))`,
  reached: `sum(increase(hotline_transfers_total{outcome=~"completed|answered"}[${w}]))`,
  median: `histogram_quantile(0.5, sum by (le) (increase(hotline_time_to_person_seconds_bucket[${w}])))`,
  p90: `histogram_quantile(0.9, sum by (le) (increase(hotline_time_to_person_seconds_bucket[${w}])))`,
  within60: `sum(increase(hotline_time_to_person_seconds_bucket{le="60"}[${w}]))`,
  timed: `sum(increase(hotline_time_to_person_seconds_count[${w}]))`,
  notAnswered: `sum by (helpline) (increase(hotline_transfers_total{outcome=~"busy|no-answer|failed"}[${w}]))`,
  left: `sum by (menu) (increase(hotline_menus_shown_total[${w}])) - sum by (menu) (increase(hotline_menu_choices_total[${w}])) - sum by (menu) (increase(hotline_invalid_keys_total[${w}])) - sum by (menu) (increase(hotline_silences_total[${w}]))`,
  messages: `sum(increase(hotline_messages_total{outcome="sent"}[${w}]))`,
  // Fallback requests without Twilio's signature are anyone's, not callers'.
  failSafe: `sum(increase(hotline_fail_safe_answers_total{reason!="fallback-unsigned"}[${w}]))`,
  refused: `sum(increase(hotline_signature_rejections_total[${w}]))`,
});

const dateOf = (instant: Date) => instant.toISOString().slice(0, 10);

/** Asks every query of the summary and writes the table. */
export async function weeklySummary(query: Query, { end, days }: SummaryPeriod): Promise<string> {
  const queries = summaryQueries(`${days}d`);
  const names = Object.keys(queries) as (keyof typeof queries)[];
  const answers = await Promise.all(names.map((name) => query(queries[name], end)));
  const got = Object.fromEntries(names.map((name, i) => [name, answers[i]!])) as Record<keyof typeof queries, readonly Sample[]>;
  const one = (name: keyof typeof queries) => got[name][0]?.value;
  const start = new Date(end.getTime() - days * 24 * 60 * 60 * 1000);
  const rows: [string, string][] = [
    ['Calls answered', whole(one('calls'))],
    ['Language chosen', byLabel(got.languages, 'lang')],
    ["Language the caller's country code suggests", byLabel(got.suggested, 'lang')],
    ['Calls put through to a person', `${whole(one('reached'))} (${percent(one('reached'), one('calls'))} of calls)`],
    ['Time to a person: median, 90th percentile', `${seconds(one('median'))}, ${seconds(one('p90'))}`],
    ['Reached a person within 60 s', percent(one('within60'), one('timed'))],
    ['Transfers not answered (busy, no answer, failed)', byLabel(got.notAnswered, 'helpline')],
    ['Callers who left in a menu', byLabel(got.left, 'menu')],
    ['Text messages with the numbers sent', whole(one('messages'))],
    ['Fail-safe answers (something failed)', whole(one('failSafe'))],
    ['Requests refused for their signature', whole(one('refused'))],
  ];
  return [`## The hotline from ${dateOf(start)} to ${dateOf(end)}`, '', '| What | Figure |', '| --- | --- |', ...rows.map(([what, figure]) => `| ${what} | ${figure} |`)].join('\n');
}

interface QueryAnswer {
  readonly status: string;
  readonly error?: string;
  readonly data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** Prometheus's answer, or undefined when the body is not JSON (a proxy's or a web server's error page). */
function parseAnswer(text: string): QueryAnswer | undefined {
  try {
    const answer = JSON.parse(text) as unknown;
    return answer !== null && typeof answer === 'object' && 'status' in answer ? (answer as QueryAnswer) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Prometheus's HTTP API as a Query, with a bearer token when one is given. The API's path is added
 * to the address's own, so a hosted Prometheus under a prefix (…/api/prom) is asked there.
 */
export function prometheusQuery(base: URL, token: string | undefined, fetcher: typeof fetch = fetch): Query {
  const endpoint = new URL(base.origin);
  endpoint.pathname = `${base.pathname.replace(/\/+$/, '')}/api/v1/query`;
  const where = `${endpoint.origin}${endpoint.pathname}`;
  return async (expr, at) => {
    const body = new URLSearchParams({ query: expr, time: String(at.getTime() / 1000) });
    const res = await fetcher(endpoint, { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const answer = parseAnswer(await res.text());
    if (!answer) throw new Error(`HTTP ${res.status} from ${where}, which is not Prometheus's query API: give --prometheus the address Prometheus answers at, with its path prefix if it has one`);
    if (answer.status !== 'success') throw new Error(`Prometheus at ${where} refused "${expr}": ${answer.error ?? `HTTP ${res.status}`}`);
    return (answer.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
}
