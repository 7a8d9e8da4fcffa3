import { VoiceResponse } from '../../vendor/twilio-internals.js';
import type { CallState, LangCode } from '../flow/call-state.js';
import type { Dial, Gather, Reply, Say } from '../flow/reply.js';
import type { ReviewGather, ReviewReply } from '../flow/review-reply.js';
import type { Directory } from '../helplines/directory.js';
import { numberGroups } from '../helplines/phone-number.js';
import type { Language } from '../prompts/languages.js';
import { splitNames, type PronunciationTable } from '../prompts/pronunciation.js';
import type { Recordings } from '../prompts/recordings.js';
import { appendName } from './speak-name.js';
import { appendNumber } from './speak-number.js';
import { ssmlFor } from './voice-ssml.js';
import { dialResultUrl, menuUrl, reviewUrl } from './webhook-paths.js';

/** What a voice needs to speak a sentence: the languages' voices, the numbers, recordings and names. */
export interface SayContext {
  readonly languages: readonly Language[];
  readonly directory: Directory;
  readonly recordings: Recordings;
  /** The word for "+" before a country code, in each language. */
  readonly plusWord: (lang: string) => string;
  /** How each language's voice is to say the names it would say wrongly. */
  readonly pronunciations: PronunciationTable;
}

export interface RenderContext extends SayContext {
  /**
   * Spoken answers (SPEECH_INPUT=on): the words a menu in this state listens for in a language, as
   * Twilio's hints. Without it every menu takes keys only, exactly as before spoken answers existed.
   */
  readonly listen?: ((state: CallState, lang: LangCode, now: Date) => readonly string[]) | undefined;
}

export interface RenderOptions {
  /** Caller ID shown to the helpline on a transfer (E.164), normally this line's own number. */
  readonly callerId?: string | undefined;
  /** The origin Twilio fetches recordings from: <Play> is documented with a full URL only. */
  readonly origin?: string | undefined;
  /** With spoken answers: the language a caller who has not chosen one is listened to in (the first language if unset). */
  readonly listenLang?: LangCode | undefined;
  /** With spoken answers: the moment of the answer (a menu's options, and so its words, may depend on it). */
  readonly now?: Date | undefined;
  /**
   * A document served away from this service (the static fallback): no recording, which this service
   * serves, and one verb per line for a readable diff (whitespace between verbs is not spoken).
   */
  readonly standalone?: boolean | undefined;
  /** When the call came in (whole seconds since 1970), carried in every action URL so the time to a person can be measured. */
  readonly callStart?: number | undefined;
}

/** Seconds Twilio waits for a key after a menu has been spoken. */
export const GATHER_TIMEOUT_SECONDS = 6;
/** Seconds of silence after a spoken answer before Twilio takes it as finished: short, for one word or two. */
export const SPEECH_TIMEOUT_SECONDS = 2;
/** Twilio's limits for hints (warning 13330): at most 500 entries of at most 100 characters. */
export const MAX_HINTS = 500;
export const MAX_HINT_CHARS = 100;
/** Seconds a transfer rings before it counts as no answer. */
export const DIAL_TIMEOUT_SECONDS = 30;

export type SayParent = Pick<VoiceResponse, 'say' | 'play'>;

/**
 * Appends one sentence to a <Response> or <Gather> as the line speaks it: its recording, or its
 * language's voice with the names and numbers marked up as that voice's provider documents. The one
 * way a sentence becomes TwiML, for the call flow's answers and for the listening review alike.
 */
export function createSayRenderer(ctx: SayContext) {
  const { directory, recordings } = ctx;
  const byCode = new Map(ctx.languages.map((l) => [l.code, { ...l, ssmlSupport: ssmlFor(l.voice, l.ssml) }]));

  return function appendSay(parent: SayParent, s: Say, options: Pick<RenderOptions, 'origin' | 'standalone'> = {}): void {
    // A recording, where one exists for this key and language, replaces the synthetic voice.
    const recording = options.standalone ? undefined : recordings.find(s.lang, s.key);
    if (recording) {
      parent.play(options.origin ? new URL(recording.urlPath, options.origin).href : recording.urlPath);
      return;
    }
    const language = byCode.get(s.lang);
    if (!language) throw new Error(`No voice for language "${s.lang}".`);
    const element = parent.say({ voice: language.voice as VoiceResponse.SayAttributes['voice'], language: language.language as VoiceResponse.SayAttributes['language'] }, '');
    for (const segment of s.segments) {
      if (segment.kind === 'text') {
        for (const piece of splitNames(segment.text, ctx.pronunciations.get(s.lang) ?? [])) {
          if (piece.kind === 'words') element.addText(piece.text);
          else appendName(element, piece.entry, language.ssmlSupport);
        }
        continue;
      }
      const helpline = directory.find(segment.helplineId);
      if (!helpline) throw new Error(`Prompt "${s.key}" in ${s.lang} names an unknown number [[${segment.helplineId}]].`);
      appendNumber(element, numberGroups(helpline.number), ctx.plusWord(s.lang), language.ssmlSupport);
    }
  };
}

export type SayRenderer = ReturnType<typeof createSayRenderer>;

/** A menu's <Gather> for keys only: one key, no key to end it, its action where the key goes. */
const keysOnly = (action: string): VoiceResponse.GatherAttributes => ({ input: ['dtmf'], numDigits: 1, timeout: GATHER_TIMEOUT_SECONDS, finishOnKey: '', action, method: 'POST' });

/** A transfer: its result goes back to the line, unless the reply goes on by itself when it ends. */
function dialAttributes(step: Dial, options: RenderOptions): VoiceResponse.DialAttributes {
  return {
    ...(step.onEnd === 'continue' ? {} : { action: dialResultUrl(step.state, options.callStart), method: 'POST' as const }),
    timeout: DIAL_TIMEOUT_SECONDS,
    ...(options.callerId ? { callerId: options.callerId } : {}),
  };
}

export function createTwimlRenderer(ctx: RenderContext) {
  const appendSay = createSayRenderer(ctx);
  const byCode = new Map(ctx.languages.map((l) => [l.code, l]));
  const { directory } = ctx;

  const firstLanguage = ctx.languages[0]?.code as LangCode | undefined;
  /** A menu's <Gather>: keys only, or, with spoken answers, keys and speech in the call's language with its words as hints. */
  function gatherAttributes(step: Gather, action: string, options: RenderOptions): VoiceResponse.GatherAttributes {
    const lang = step.state.lang ?? options.listenLang ?? firstLanguage;
    const language = lang && byCode.get(lang);
    if (!ctx.listen || !lang || !language) return keysOnly(action);
    const hints = ctx.listen(step.state, lang, options.now ?? new Date(0)).filter((hint) => hint.length <= MAX_HINT_CHARS).slice(0, MAX_HINTS);
    return {
      ...keysOnly(action),
      input: ['dtmf', 'speech'],
      language: language.speechLanguage as NonNullable<VoiceResponse.GatherAttributes['language']>,
      hints: hints.join(', '),
      speechTimeout: String(SPEECH_TIMEOUT_SECONDS),
    };
  }

  /** A menu: its sentences inside the <Gather>, and, unless silence goes on with the reply, a <Redirect> that brings the same state back without a key. */
  function appendMenu(response: VoiceResponse, step: Gather | ReviewGather, options: RenderOptions): void {
    const action = step.kind === 'gather' ? menuUrl(step.state, options.callStart) : reviewUrl(step.state, step.fingerprint);
    const gather = response.gather(step.kind === 'gather' ? gatherAttributes(step, action, options) : keysOnly(action));
    for (const s of step.body) appendSay(gather, s, options);
    if (step.kind === 'review-gather' || step.onSilence !== 'continue') response.redirect({ method: 'POST' }, action);
  }

  function appendDial(response: VoiceResponse, step: Dial, options: RenderOptions): void {
    const helpline = directory.find(step.helplineId);
    if (!helpline?.dial) throw new Error(`"${step.helplineId}" is not a helpline that can be dialled.`);
    response.dial(dialAttributes(step, options)).number(helpline.dialString);
  }

  /** The call flow's reply, or a step of the listening review, as one TwiML document. */
  return function renderTwiml(reply: Reply | ReviewReply, options: RenderOptions = {}): string {
    const response = new VoiceResponse();
    for (const step of reply) {
      if (options.standalone) response.addText('\n');
      switch (step.kind) {
        case 'say':
          appendSay(response, step, options);
          break;
        case 'gather':
        case 'review-gather':
          appendMenu(response, step, options);
          break;
        case 'dial':
          appendDial(response, step, options);
          break;
        case 'hangup':
          response.hangup();
          break;
      }
    }
    if (!options.standalone) return response.toString();
    response.addText('\n');
    // The declaration on a line of its own, and a final newline, as a text file has them.
    return `${response.toString().replace('?>', '?>\n')}\n`;
  };
}

export type TwimlRenderer = ReturnType<typeof createTwimlRenderer>;
