import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type FlowEvent, DIAL_STATUSES, FINAL_CALL_STATUSES } from '../hotline/index.js';

/**
 * Counts without names: every label is a value from a fixed set (a language code, a menu id, a key,
 * a helpline id from the directory, a Twilio status, a message outcome). No number, call id or free text ever becomes a label.
 */
export interface CallMetrics {
  readonly registry: Registry;
  /** Counts what the call flow says a step meant. */
  record(event: FlowEvent): void;
  callEnded(status: string, durationSeconds: number | undefined): void;
  failSafe(reason: 'error' | 'fallback'): void;
  signatureRejected(): void;
  /** A spoken answer (SPEECH_INPUT=on) in a language: understood as an option, or not. Never what was said. */
  spokenAnswer(lang: string, understood: boolean): void;
  /** A text-message limit check or count the limits store did not answer (the caller was offered nothing). */
  limitStoreFailed(reason: 'timeout' | 'unreachable' | 'error'): void;
  /** Whether the limits store (memory or redis) answers now. */
  limitStoreUp(store: 'memory' | 'redis', up: boolean): void;
  observeRequest(route: string, seconds: number): void;
}

/** Anything that is not a known Twilio status is counted as "other". */
const known = (values: ReadonlySet<string>, value: string) => (values.has(value) ? value : 'other');

export function createCallMetrics(options: { withProcessMetrics?: boolean } = {}): CallMetrics {
  const registry = new Registry();
  if (options.withProcessMetrics) collectDefaultMetrics({ register: registry });
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers: [registry] });

  const started = counter('hotline_calls_started_total', 'Calls answered by the line.');
  const ended = counter('hotline_calls_ended_total', 'Calls ended, by Twilio call status.', ['status']);
  const duration = new Histogram({
    name: 'hotline_call_duration_seconds',
    help: 'Length of ended calls.',
    buckets: [15, 30, 60, 120, 300, 600, 1200, 3600],
    registers: [registry],
  });
  const languages = counter('hotline_language_chosen_total', 'Languages chosen, by key or guessed from the country code.', ['lang', 'how']);
  const choices = counter('hotline_menu_choices_total', 'Keys pressed that were menu options.', ['menu', 'key']);
  const topics = counter('hotline_topics_heard_total', 'Topics read out.', ['topic', 'lang']);
  const transfers = counter('hotline_transfers_total', 'Transfers started and their outcomes, by helpline.', ['helpline', 'outcome']);
  const silences = counter('hotline_silences_total', 'Menus that got no key.', ['menu']);
  const invalid = counter('hotline_invalid_keys_total', 'Keys that were not an option.', ['menu']);
  const messages = counter('hotline_messages_total', 'Text messages with the numbers: offered in an answer, sent, or failed, by language.', ['lang', 'outcome']);
  const spoken = counter('hotline_spoken_answers_total', 'Answers said instead of a key pressed, by the language listened in: understood as an option of the menu, or not.', ['lang', 'outcome']);
  const failSafe = counter('hotline_fail_safe_answers_total', 'Answers given by the fail-safe path.', ['reason']);
  const rejected = counter('hotline_signature_rejections_total', 'Requests refused because their Twilio signature was missing or did not match.');
  const storeFailures = counter(
    'hotline_message_limit_store_failures_total',
    'Text-message limit checks the limits store did not answer (timeout, unreachable, error); the caller was offered no message.',
    ['reason'],
  );
  const storeUp = new Gauge({ name: 'hotline_message_limit_store_up', help: 'Whether the text-message limits store answers (1) or not (0).', labelNames: ['store'], registers: [registry] });
  const requests = new Histogram({
    name: 'hotline_request_duration_seconds',
    help: 'Time to answer a webhook, by route.',
    labelNames: ['route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });

  const record = (event: FlowEvent): void => {
    switch (event.kind) {
      case 'call-started':
        return started.inc();
      case 'silence':
        return silences.inc({ menu: event.menu });
      case 'invalid-key':
        return invalid.inc({ menu: event.menu });
      case 'menu-choice':
        return choices.inc({ menu: event.menu, key: event.key });
      case 'language-chosen':
        return languages.inc({ lang: event.lang, how: event.how });
      case 'topic-heard':
        return topics.inc({ topic: event.topic, lang: event.lang });
      case 'transfer':
        return transfers.inc({ helpline: event.helplineId, outcome: event.outcome === 'started' ? 'started' : known(DIAL_STATUSES, event.outcome) });
      case 'message':
        return messages.inc({ lang: event.lang, outcome: event.outcome });
    }
  };

  return {
    registry,
    record,
    callEnded: (status, seconds) => {
      ended.inc({ status: known(FINAL_CALL_STATUSES, status) });
      if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) duration.observe(seconds);
    },
    failSafe: (reason) => failSafe.inc({ reason }),
    signatureRejected: () => rejected.inc(),
    spokenAnswer: (lang, understood) => spoken.inc({ lang, outcome: understood ? 'understood' : 'not_understood' }),
    limitStoreFailed: (reason) => storeFailures.inc({ reason }),
    limitStoreUp: (store, up) => storeUp.set({ store }, up ? 1 : 0),
    observeRequest: (route, seconds) => requests.observe({ route }, seconds),
  };
}
