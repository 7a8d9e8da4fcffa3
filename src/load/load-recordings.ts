import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { AUDIO_URL_PREFIX, createRecordings, type Language, PromptFileError, type Recording, type Recordings, recordingProblem } from '../hotline/index.js';

const CONTENT_TYPES: Record<string, string> = { '.mp3': 'audio/mpeg', '.wav': 'audio/wav' };

/**
 * Reads prompts/audio/<lang>/<prompt key>.mp3 (or .wav) into memory once. A recording replaces the
 * spoken text of that key in that language only; keys that are not prompts stop start-up.
 */
export function loadRecordings(promptsDir: string, languages: readonly Language[], knownKeys: ReadonlySet<string>): Recordings {
  const list: Recording[] = [];
  for (const language of languages) {
    const dir = join(promptsDir, 'audio', language.code);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const ext = extname(file).toLowerCase();
      const contentType = CONTENT_TYPES[ext];
      if (!contentType) continue;
      const key = file.slice(0, -ext.length);
      if (!knownKeys.has(key)) {
        throw new PromptFileError(`${join(dir, file)} is named after "${key}", which is not a prompt key; name it after a key in prompts/en.json.`);
      }
      if (list.some((r) => r.lang === language.code && r.key === key)) {
        throw new PromptFileError(`${dir} has two recordings for "${key}"; keep one of .mp3 and .wav.`);
      }
      const bytes = readFileSync(join(dir, file));
      // Audio Twilio cannot play is silence or an error on a real call: it stops start-up instead.
      const problem = recordingProblem(bytes, ext);
      if (problem) throw new PromptFileError(`${join(dir, file)} ${problem}.`);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
      list.push({ lang: language.code, key, contentType, bytes, urlPath: `${AUDIO_URL_PREFIX}/${language.code}/${key}.${hash}${ext}` });
    }
  }
  return createRecordings(list);
}
