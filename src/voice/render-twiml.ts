// The TwiML builder alone, not the whole twilio package (its REST client costs start-up time and memory).
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { Directory } from '../helplines/directory.js';
import type { Language } from '../prompts/languages.js';
import type { PromptCatalog } from '../prompts/prompt-catalog.js';
import type { Recordings } from '../prompts/recordings.js';
import { speech } from '../prompts/prompt-key.js';
import { dialResultUrl, menuUrl } from './call-state.js';
import type { Reply, Say } from './reply.js';
import { appendNumber } from './speak-number.js';

export interface RenderContext {
  readonly catalog: PromptCatalog;
  readonly directory: Directory;
  readonly recordings: Recordings;
}

export interface RenderOptions {
  /** Caller ID shown to the helpline on a transfer (E.164), normally this line's own number. */
  readonly callerId?: string | undefined;
}

/** Seconds Twilio waits for a key after a menu has been spoken. */
export const GATHER_TIMEOUT_SECONDS = 6;
/** Seconds a transfer rings before it counts as no answer. */
export const DIAL_TIMEOUT_SECONDS = 30;

/** A helpline's number inside a prompt, `[[rosa]]`: read from the directory, never written out. */
export const NUMBER_TOKEN = /\[\[([a-z0-9-]+)\]\]/g;

type SayParent = Pick<VoiceResponse, 'say' | 'play'>;

export function createTwimlRenderer(ctx: RenderContext) {
  const { catalog, directory, recordings } = ctx;

  function sayIn(parent: SayParent, language: Language, s: Say): void {
    // A recording, where one exists for this key and language, replaces the synthetic voice.
    const recording = recordings.find(language.code, s.speech.key);
    if (recording) {
      parent.play(recording.urlPath);
      return;
    }
    const text = catalog.text(language.code, s.speech);
    const element = parent.say({ voice: language.voice as VoiceResponse.SayAttributes['voice'], language: language.language as VoiceResponse.SayAttributes['language'] }, '');
    let last = 0;
    for (const match of text.matchAll(NUMBER_TOKEN)) {
      const helpline = directory.find(match[1] ?? '');
      if (!helpline) throw new Error(`Prompt "${s.speech.key}" in ${language.code} names an unknown number [[${match[1]}]].`);
      element.addText(text.slice(last, match.index));
      appendNumber(element, helpline, catalog.text(language.code, speech('numbers.plus')), language.ssml);
      last = match.index + match[0].length;
    }
    element.addText(text.slice(last));
  }

  function appendSay(parent: SayParent, s: Say): void {
    const targets = s.lang === 'all' ? catalog.languages : catalog.languages.filter((l) => l.code === s.lang);
    if (targets.length === 0) throw new Error(`No voice for language "${s.lang}".`);
    for (const language of targets) sayIn(parent, language, s);
  }

  return function renderTwiml(reply: Reply, options: RenderOptions = {}): string {
    const response = new VoiceResponse();
    for (const step of reply) {
      switch (step.kind) {
        case 'say':
          appendSay(response, step);
          break;
        case 'gather': {
          const action = menuUrl(step.state);
          const gather = response.gather({
            input: ['dtmf'],
            numDigits: 1,
            timeout: GATHER_TIMEOUT_SECONDS,
            finishOnKey: '',
            action,
            method: 'POST',
          });
          for (const s of step.body) appendSay(gather, s);
          // No key: Twilio goes on to the next verb, which brings the same state back without Digits.
          if (step.onSilence !== 'continue') response.redirect({ method: 'POST' }, action);
          break;
        }
        case 'dial': {
          const helpline = directory.find(step.helplineId);
          if (!helpline?.dial) throw new Error(`"${step.helplineId}" is not a line that can be dialled.`);
          const dial = response.dial({
            action: dialResultUrl(step.state),
            method: 'POST',
            timeout: DIAL_TIMEOUT_SECONDS,
            ...(options.callerId ? { callerId: options.callerId } : {}),
          });
          dial.number(helpline.dialString);
          break;
        }
        case 'hangup':
          response.hangup();
          break;
      }
    }
    return response.toString();
  };
}

export type TwimlRenderer = ReturnType<typeof createTwimlRenderer>;
