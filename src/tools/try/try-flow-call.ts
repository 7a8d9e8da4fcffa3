import { type Dial, type Gather, guessLanguage, type Hotline, keyForSpokenAnswer, type Reply, type Say, segmentsText, type Step } from '../../hotline/index.js';
import { DEFAULT_CONFIDENCE } from '../walk/simulated-caller.js';
import type { CallEvent, CallResult, DialOutcome, NumberDescription } from '../walk/walk-call.js';

/** What a try call waits for: a key in a menu (with the rest of the answer for silence), a transfer's end, or nothing. */
export type FlowWaiting =
  | { readonly kind: 'key'; readonly gather: Gather; readonly rest: readonly Step[]; readonly listens: boolean }
  | { readonly kind: 'dial'; readonly dial: Dial; readonly number: string }
  | { readonly kind: 'ended'; readonly result: CallResult };

/**
 * One call of the try page, stepped on the pure call flow in this process: no server, no HTTP, no
 * TwiML. What the caller hears is told from the reply's segments (numbers as the directory writes
 * them, a recording where one replaces the voice). It never sends a message (no offer is made) and
 * never places a transfer: the person says how each one ends.
 */
export class TryFlowCall {
  readonly events: CallEvent[] = [];
  waiting: FlowWaiting = { kind: 'ended', result: 'stopped' };
  private readonly likelyLang;

  constructor(
    private readonly line: Pick<Hotline, 'flow' | 'languages' | 'directory' | 'recordings' | 'spokenWords' | 'speech'>,
    /** The instant the line believes it is during the whole call. */
    private readonly now: Date,
    from: string,
    private readonly describeNumber?: (e164: string) => NumberDescription | undefined,
  ) {
    this.likelyLang = guessLanguage(from, line.languages);
  }

  start(): FlowWaiting {
    return this.play(this.line.flow.step({ kind: 'answer', likelyLang: this.likelyLang }, this.now).reply);
  }

  press(key: string): FlowWaiting {
    const waiting = this.waiting;
    if (waiting.kind !== 'key') throw new Error(`A key was pressed while the call ${this.describeWaiting()}.`);
    this.events.push({ kind: 'key', key });
    return this.play(this.line.flow.step({ kind: 'menu', state: waiting.gather.state, digits: key, likelyLang: this.likelyLang, messageOffer: false }, this.now).reply);
  }

  /** Words said instead of a key, where the line listens (SPEECH_INPUT=on): the key they mean, as the adapter reads them, or a wrong key. */
  say(words: string, confidence = DEFAULT_CONFIDENCE): FlowWaiting {
    const waiting = this.waiting;
    if (waiting.kind !== 'key') throw new Error(`Words were said while the call ${this.describeWaiting()}.`);
    const { speech } = this.line;
    if (!waiting.listens || !speech) throw new Error('This menu takes keys only: the line does not listen for speech here (is SPEECH_INPUT on?).');
    this.events.push({ kind: 'said', words, confidence });
    const { state } = waiting.gather;
    const lang = state.lang ?? this.likelyLang ?? this.line.languages[0]?.code;
    const menu = this.line.flow.menuFor(state, this.now, false);
    const key = lang ? keyForSpokenAnswer({ said: words, confidence }, menu, lang, this.line.spokenWords, speech.minConfidence) : undefined;
    return this.play(this.line.flow.step({ kind: 'menu', state, digits: key ?? '?', likelyLang: this.likelyLang, messageOffer: false }, this.now).reply);
  }

  /** No key: the menu comes back, or the answer goes on where the menu says so. */
  silence(): FlowWaiting {
    const waiting = this.waiting;
    if (waiting.kind !== 'key') throw new Error(`Silence was chosen while the call ${this.describeWaiting()}.`);
    this.events.push({ kind: 'no-key' });
    if (waiting.gather.onSilence === 'continue') return this.play(waiting.rest);
    return this.play(this.line.flow.step({ kind: 'menu', state: waiting.gather.state, digits: undefined, likelyLang: this.likelyLang, messageOffer: false }, this.now).reply);
  }

  dialEnds(outcome: DialOutcome): FlowWaiting {
    const waiting = this.waiting;
    if (waiting.kind !== 'dial') throw new Error(`A transfer ended while the call ${this.describeWaiting()}.`);
    this.events.push({ kind: 'dial-outcome', outcome });
    return this.play(this.line.flow.step({ kind: 'dial-result', state: waiting.dial.state, status: outcome, messageOffer: false }, this.now).reply);
  }

  hangUp(): FlowWaiting {
    return this.end('ended');
  }

  private end(result: CallResult): FlowWaiting {
    this.events.push({ kind: 'end' });
    this.waiting = { kind: 'ended', result };
    return this.waiting;
  }

  private describeWaiting(): string {
    return this.waiting.kind === 'ended' ? 'had ended' : `was waiting for ${this.waiting.kind === 'key' ? 'a key' : 'a transfer to end'}`;
  }

  private hear(say: Say): void {
    const recording = this.line.recordings.find(say.lang, say.key);
    if (recording) {
      this.events.push({ kind: 'play', url: recording.urlPath });
      return;
    }
    const language = this.line.languages.find((l) => l.code === say.lang);
    const text = segmentsText(say.segments, (id) => this.line.directory.find(id)?.number ?? id).replace(/\s+/g, ' ').trim();
    this.events.push({ kind: 'say', lang: language?.language ?? say.lang, voice: language?.voice ?? '', text });
  }

  /** Tells the reply until it waits for the caller or ends. */
  private play(reply: Reply): FlowWaiting {
    for (const [index, step] of reply.entries()) {
      switch (step.kind) {
        case 'say':
          this.hear(step);
          break;
        case 'gather':
          step.body.forEach((s) => this.hear(s));
          this.waiting = { kind: 'key', gather: step, rest: reply.slice(index + 1), listens: this.line.speech !== undefined };
          return this.waiting;
        case 'dial': {
          const number = this.line.directory.find(step.helplineId)?.dialString ?? step.helplineId;
          const known = this.describeNumber?.(number);
          this.events.push({ kind: 'transfer', name: known?.name, number: known?.display ?? number });
          this.waiting = { kind: 'dial', dial: step, number };
          return this.waiting;
        }
        case 'hangup':
          return this.end('ended');
      }
    }
    // A reply always ends in a menu, a transfer or a goodbye; Twilio hangs up when one runs out.
    return this.end('ended');
  }
}
