import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeHours } from './helplines/describe-hours.js';
import { loadDirectory, type Directory } from './helplines/directory.js';
import { loadLanguages, PromptFileError, type Language } from './prompts/languages.js';
import { collectLeafKeys, createPromptCatalog, readPromptFiles, REFERENCE_LANGUAGE, type PromptCatalog, type PromptTree } from './prompts/prompt-catalog.js';
import { createRecordings, loadRecordings, type Recordings } from './prompts/recordings.js';
import { speech, type PromptKey } from './prompts/prompt-key.js';
import { createCallFlow, type CallFlow } from './voice/call-flow.js';
import { helplineIntroKey, helplineNameKey, helplineNumberKey, TOPIC_IDS, topicPrefix, type TopicId } from './voice/menus.js';
import { createTwimlRenderer, type TwimlRenderer } from './voice/render-twiml.js';

/** Everything a call needs, loaded and checked once at start-up. */
export interface Hotline {
  readonly catalog: PromptCatalog;
  readonly directory: Directory;
  readonly flow: CallFlow;
  readonly render: TwimlRenderer;
  readonly recordings: Recordings;
}

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
}

export function defaultPaths(root = findProjectRoot()): HotlinePaths {
  return { promptsDir: join(root, 'prompts'), helplinesFile: join(root, 'content', 'helplines.json') };
}

export interface HotlineSources {
  readonly languages: readonly Language[];
  readonly files: Record<string, PromptTree>;
  readonly directory: Directory;
  readonly recordings?: Recordings;
}

export function readHotlineSources(paths: HotlinePaths = defaultPaths()): HotlineSources {
  const languages = loadLanguages(paths.promptsDir);
  const files = readPromptFiles(paths.promptsDir, languages);
  const keys = new Set(collectLeafKeys(files[REFERENCE_LANGUAGE] ?? {}));
  return { languages, files, directory: loadDirectory(paths.helplinesFile), recordings: loadRecordings(paths.promptsDir, languages, keys) };
}

export function loadHotline(paths: HotlinePaths = defaultPaths()): Hotline {
  return buildHotline(readHotlineSources(paths));
}

/** Checks that everything a call can say exists, and wires the call flow. */
export function buildHotline({ languages, files, directory, recordings = createRecordings([]) }: HotlineSources): Hotline {
  const hours = Object.fromEntries(directory.helplines.map((h) => [h.id, describeHours(h)]));
  const catalog = createPromptCatalog(languages, files, () => ({ hours }));

  const topicParts = Object.fromEntries(
    TOPIC_IDS.map((topic) => [topic, catalog.keysUnder(topicPrefix(topic))]),
  ) as Record<TopicId, PromptKey[]>;
  for (const topic of TOPIC_IDS) {
    if (topicParts[topic].length === 0) throw new PromptFileError(`prompts/en.json has no sentences under "topics.${topic}".`);
  }
  // Every number is read out in the numbers list; every line the caller can be put through to
  // also needs a spoken name, an introduction and a label in the helplines menu, in every language.
  for (const line of directory.helplines) {
    for (const language of languages) {
      catalog.text(language.code, speech(helplineNumberKey(line.id)));
      if (!line.dial) continue;
      catalog.text(language.code, speech(helplineNameKey(line.id)));
      catalog.text(language.code, speech(helplineIntroKey(line.id)));
      catalog.text(language.code, speech(`helplinesMenu.labels.${line.id}` as PromptKey));
    }
  }

  return {
    catalog,
    directory,
    flow: createCallFlow({ languages, directory, topicParts }),
    render: createTwimlRenderer({ catalog, directory, recordings }),
    recordings,
  };
}
