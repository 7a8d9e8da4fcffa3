import type { Directory } from '../helplines/directory.js';
import type { PromptCatalog } from '../prompts/prompt-catalog.js';
import { speech, type PromptKey } from '../prompts/prompt-key.js';
import { segmentsText } from '../prompts/segments.js';

/** The prompt whose text is sent in the text message; the prompt check keeps it neutral and short. */
export const MESSAGE_BODY_KEY: PromptKey = 'textMessage.body';

/**
 * The text message in one language: `textMessage.body` with opening hours filled in and every
 * `[[id]]` written as the directory writes the number ("+47 22 33 11 60", "112"), so a caller on a
 * foreign SIM card can call it as it stands. A token the directory lacks is an error: the message
 * is built at start-up, so such a file never takes calls.
 */
export function numbersMessageText(catalog: Pick<PromptCatalog, 'segments'>, directory: Directory, lang: string): string {
  return segmentsText(catalog.segments(lang, speech(MESSAGE_BODY_KEY)), (id) => {
    const helpline = directory.find(id);
    if (!helpline) throw new Error(`prompts/${lang}.json: "${MESSAGE_BODY_KEY}" names [[${id}]], which is not in content/helplines.json.`);
    return helpline.number;
  });
}

/** The message in every language, built once. */
export function numbersMessages(catalog: Pick<PromptCatalog, 'segments' | 'languages'>, directory: Directory): ReadonlyMap<string, string> {
  return new Map(catalog.languages.map((l) => [l.code, numbersMessageText(catalog, directory, l.code)]));
}
