import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHotline, collectLeafKeys, type Hotline, type HotlineOptions, type HotlineSources, REFERENCE_LANGUAGE } from '../hotline/index.js';
import { loadDirectory } from './load-directory.js';
import { loadLanguages } from './load-languages.js';
import { loadPronunciations } from './load-pronunciations.js';
import { loadRecordings } from './load-recordings.js';
import { readPromptFiles } from './read-prompt-files.js';

/** The folder holding prompts/ and content/, found from this file whether it runs from src/ or dist/src/. */
export function findProjectRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}.`);
    dir = parent;
  }
  return dir;
}

export interface HotlinePaths {
  readonly promptsDir: string;
  readonly helplinesFile: string;
  /** The words the text message may hold; read by the prompt check, not by the line. */
  readonly messageWordsFile: string;
  /** The voices Twilio offers (content/twilio-voices.json); beside helplines.json when not given. */
  readonly voicesFile?: string;
}

export function defaultPaths(root = findProjectRoot()): HotlinePaths {
  return { promptsDir: join(root, 'prompts'), helplinesFile: join(root, 'content', 'helplines.json'), messageWordsFile: join(root, 'content', 'message-words.json') };
}


export function readHotlineSources(paths: HotlinePaths = defaultPaths()): HotlineSources {
  const languages = loadLanguages(paths.promptsDir, paths.voicesFile ?? join(dirname(paths.helplinesFile), 'twilio-voices.json'));
  const files = readPromptFiles(paths.promptsDir, languages);
  const keys = new Set(collectLeafKeys(files[REFERENCE_LANGUAGE] ?? {}));
  return {
    languages,
    files,
    directory: loadDirectory(paths.helplinesFile),
    recordings: loadRecordings(paths.promptsDir, languages, keys),
    pronunciations: loadPronunciations(paths.promptsDir, languages),
  };
}

export function loadHotline(paths: HotlinePaths = defaultPaths(), options: HotlineOptions = {}): Hotline {
  return buildHotline(readHotlineSources(paths), options);
}

