import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type AnswerEvent, DIAL_STATUSES, FINAL_CALL_STATUSES, type Hotline, isOpenAt } from '../hotline/index.js';
import type { StoreFailure } from './message-limits.js';
import { combinations, type FailSafeReason, metricLabels, type MetricLabels, NO_LANGUAGE, OTHER } from './metric-labels.js';

/**
 * Counts without names: every label is a value from a fixed set (a language code, a menu id, a key,
 * a helpline id from the directory, a Twilio status, a message outcome). No number, call id or free text ever becomes a label.
 */
export interface CallMetrics {
  readonly registry: Registry;
  /** Counts what an answer says a step meant (the call flow's events, the waits, spoken answers). */
  record(event: AnswerEvent): void;
  callEnded(status: string, durationSeconds: number | undefined): void;
  /**
   * A fail-safe answer: an error inside the line, Twilio's signed fallback request, or a fallback
   * request without a valid signature (answered all the same, but anyone on the internet can send one).
   */
  failSafe(reason: FailSafeReason): void;
  signatureRejected(): void;
  /** A text-message limit check or count the limits store did not answer (the caller was offered nothing). */
  limitStoreFailed(reason: StoreFailure['reason']): void;
  /** Whether the limits store (memory or redis) answers now. */
  limitStoreUp(store: 'memory' | 'redis', up: boolean): void;
  observeRequest(route: string, seconds: number): void;
}

export interface CallMetricsOptions {
  readonly withProcessMetrics?: boolean;
  /** The line, for its languages and helplines (every series starts at 0) and whether each helpline is open now. */
  readonly line?: Pick<Hotline, 'languages' | 'directory'>;
  readonly clock?: () => Date;
  /**
   * Heroku's DYNO (such as "web.1"). Dynos behind one public address are scraped at random under one
   * target: without a label of its own each process's counters would alternate in one series, and
   * Prometheus would read every drop as a reset. Anything not shaped like a dyno name is ignored.
   */
  readonly dyno?: string | undefined;
}

/** A Heroku dyno name: a process type, a dot and a number, such as web.1 or worker.12. */
const DYNO_NAME = /^[a-z][a-z0-9_-]{0,29}\.\d{1,6}$/i;

/** The dyno's name when it is one, else undefined. */
export const dynoName = (value: string | undefined): string | undefined => (value !== undefined && DYNO_NAME.test(value.trim()) ? value.trim() : undefined);

/** Anything that is not a known value is counted as "other". */
const known = (values: ReadonlySet<string>, value: string) => (values.has(value) ? value : OTHER);

/**
 * Waits in seconds, with bounds at the questions asked of a helpline: answered within 20 s, 30 s,
 * 60 s (NHS 111's measure), 2 minutes; the others give the median and 90th percentile their shape.
 */
export const WAIT_BUCKETS = [5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600];

type LabelSets = Readonly<Record<string, readonly string[]>>;

/** Makes counters and histograms with every label set they can take already at 0. */
function maker(registry: Registry) {
  return {
    counter(name: string, help: string, sets: LabelSets = {}) {
      const made = new Counter({ name, help, labelNames: Object.keys(sets), registers: [registry] });
      for (const set of combinations(sets)) made.inc(set, 0);
      return made;
    },
    histogram(name: string, help: string, buckets: number[], sets: LabelSets = {}) {
      const made = new Histogram({ name, help, buckets, labelNames: Object.keys(sets), registers: [registry] });
      for (const set of combinations(sets)) made.zero(set);
      return made;
    },
  };
}

/** The line's counts, each named once; what they mean for the people who run the line is in docs/operations.md. */
function instruments(registry: Registry, labels: MetricLabels) {
  const { counter, histogram } = maker(registry);
  const { languages, helplines } = labels;
  const byLine = { lang: languages, helpline: helplines };

  const started = counter('hotline_calls_started_total', 'Calls answered by the line.');
  const suggested = counter('hotline_calls_by_suggested_language_total', 'Calls by the language their country code suggests ("none" for any other); never the number or the country.', { lang: [...languages, NO_LANGUAGE] });
  const ended = counter('hotline_calls_ended_total', 'Calls ended, by Twilio call status.', { status: labels.callStatuses });
  const duration = histogram('hotline_call_duration_seconds', 'Length of ended calls.', [15, 30, 60, 120, 300, 600, 1200, 3600]);
  const chosen = counter('hotline_language_chosen_total', 'Languages chosen, by key or guessed from the country code.', { lang: languages, how: labels.how });
  const shown = counter('hotline_menus_shown_total', 'Menus that waited for a key and come back to the line without one: each ends in a choice, a key that is no option, a silence, or the caller leaving.', { menu: labels.menus });
  const choices = counter('hotline_menu_choices_total', 'Keys pressed (or said) that were menu options.', { menu: labels.menus, key: labels.keys });
  const topics = counter('hotline_topics_heard_total', 'Topics read out.', { topic: labels.topics, lang: languages });
  const transfers = counter('hotline_transfers_total', 'Transfers started and their outcomes, by helpline: a transfer after another in the same call is one more.', { helpline: helplines, outcome: labels.transferOutcomes });
  const ringing = histogram('hotline_time_to_transfer_seconds', 'Seconds from the first ring of a call to a transfer starting to ring, by language and helpline: one per transfer, so a rollover to the next helpline in the same call adds one more.', WAIT_BUCKETS, byLine);
  const reached = histogram('hotline_time_to_person_seconds', 'Seconds from the first ring of a call to a helpline answering it, by language and helpline: one per call that reached a person.', WAIT_BUCKETS, byLine);
  const silences = counter('hotline_silences_total', 'Menus that got no key.', { menu: labels.menus });
  const invalid = counter('hotline_invalid_keys_total', 'Keys that were not an option.', { menu: labels.menus });
  const messages = counter('hotline_messages_total', 'Text messages with the numbers: offered in an answer, sent, or failed, by language.', { lang: languages, outcome: labels.messageOutcomes });
  const spoken = counter('hotline_spoken_answers_total', 'Answers said instead of a key pressed, by the language listened in: understood as an option of the menu, or not.', { lang: languages, outcome: labels.spokenOutcomes });
  const failSafe = counter('hotline_fail_safe_answers_total', 'Answers given by the fail-safe path.', { reason: labels.failSafeReasons });
  const rejected = counter('hotline_signature_rejections_total', 'Requests refused because their Twilio signature was missing or did not match.');
  const storeFailures = counter(
    'hotline_message_limit_store_failures_total',
    'Text-message limit checks the limits store did not answer (timeout, unreachable, error); the caller was offered no message.',
    { reason: labels.storeFailures },
  );
  const storeUp = new Gauge({ name: 'hotline_message_limit_store_up', help: 'Whether the text-message limits store answers (1) or not (0).', labelNames: ['store'], registers: [registry] });
  const requests = histogram('hotline_request_duration_seconds', 'Time to answer a webhook, by route.', [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 2.5, 5, 10], { route: labels.routes });
  return { started, suggested, ended, duration, chosen, shown, choices, topics, transfers, ringing, reached, silences, invalid, messages, spoken, failSafe, rejected, storeFailures, storeUp, requests };
}

type Instruments = ReturnType<typeof instruments>;

/** Whether each helpline that takes transfers is open now, from the directory, worked out at each scrape. */
function helplineOpen(registry: Registry, line: NonNullable<CallMetricsOptions['line']>, clock: () => Date): void {
  new Gauge({
    name: 'hotline_helpline_open',
    help: 'Whether a helpline takes transfers now (1) or not (0), from the directory: its hours, closed dates and public holidays.',
    labelNames: ['helpline'],
    registers: [registry],
    collect() {
      const now = clock();
      for (const helpline of line.directory.helplines.filter((h) => h.dial)) this.set({ helpline: helpline.id }, isOpenAt(helpline, now, line.directory) ? 1 : 0);
    },
  });
}

/** What each answer event adds to the counts. */
function recorder(m: Instruments): (event: AnswerEvent) => void {
  const { started, suggested, shown, silences, invalid, choices, chosen, topics, transfers, ringing, reached, messages, spoken } = m;
  return (event: AnswerEvent): void => {
    switch (event.kind) {
      case 'call-started':
        return started.inc();
      case 'language-suggested':
        return suggested.inc({ lang: event.lang });
      case 'menu-shown':
        return shown.inc({ menu: event.menu });
      case 'silence':
        return silences.inc({ menu: event.menu });
      case 'invalid-key':
        return invalid.inc({ menu: event.menu });
      case 'menu-choice':
        return choices.inc({ menu: event.menu, key: event.key });
      case 'language-chosen':
        return chosen.inc({ lang: event.lang, how: event.how });
      case 'topic-heard':
        return topics.inc({ topic: event.topic, lang: event.lang });
      case 'transfer':
        return transfers.inc({ helpline: event.helplineId, outcome: event.outcome === 'started' ? 'started' : known(DIAL_STATUSES, event.outcome) });
      case 'transfer-ringing':
        return ringing.observe({ lang: event.lang, helpline: event.helplineId }, event.seconds);
      case 'person-reached':
        return reached.observe({ lang: event.lang, helpline: event.helplineId }, event.seconds);
      case 'message':
        return messages.inc({ lang: event.lang, outcome: event.outcome });
      case 'spoken-answer':
        return spoken.inc({ lang: event.lang, outcome: event.understood ? 'understood' : 'not_understood' });
    }
  };
}

export function createCallMetrics(options: CallMetricsOptions = {}): CallMetrics {
  const registry = new Registry();
  const dyno = dynoName(options.dyno);
  if (dyno) registry.setDefaultLabels({ dyno });
  if (options.withProcessMetrics) collectDefaultMetrics({ register: registry });
  const m = instruments(registry, metricLabels(options.line));
  if (options.line) helplineOpen(registry, options.line, options.clock ?? (() => new Date()));
  const { ended, duration, failSafe, rejected, storeFailures, storeUp, requests } = m;
  const record = recorder(m);
  return {
    registry,
    record,
    callEnded: (status, seconds) => {
      ended.inc({ status: known(FINAL_CALL_STATUSES, status) });
      if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) duration.observe(seconds);
    },
    failSafe: (reason) => failSafe.inc({ reason }),
    signatureRejected: () => rejected.inc(),
    limitStoreFailed: (reason) => storeFailures.inc({ reason }),
    limitStoreUp: (store, up) => storeUp.set({ store }, up ? 1 : 0),
    observeRequest: (route, seconds) => requests.observe({ route }, seconds),
  };
}
