import { createCallFlow, type CallFlow } from './flow/call-flow.js';
import { TOPIC_IDS, type CallState, type LangCode, type LineLanguage, type ReadingId, type TopicId } from './flow/call-state.js';
import { buildHelplineKeys } from './flow/helpline-keys.js';
import { topicPrefix, topicTitle } from './flow/menus.js';
import { hintsFor, languageNamesKey, spokenWordsFrom, type SpokenWords } from './flow/spoken-answers.js';
import { describeHours } from './helplines/describe-hours.js';
import type { Directory } from './helplines/directory.js';
import { PromptFileError, type Language } from './prompts/languages.js';
import { checkPlaceholders, type SharedPlaceholder } from './prompts/placeholders.js';
import { createPromptCatalog, REFERENCE_LANGUAGE, type PromptCatalog, type PromptTree } from './prompts/prompt-catalog.js';
import type { PromptKey, Speech } from './prompts/prompt-key.js';
import type { PronunciationTable } from './prompts/pronunciation.js';
import { createRecordings, type Recordings } from './prompts/recordings.js';
import { createTwimlRenderer, type TwimlRenderer } from './twiml/render-twiml.js';

/** A language the line speaks, with the code the call flow knows it by. */
export type SpokenLanguage = Language & LineLanguage;

/** Everything a call needs, loaded and checked once at start-up. */
export interface Hotline {
  readonly catalog: PromptCatalog;
  readonly directory: Directory;
  readonly languages: readonly SpokenLanguage[];
  /** The language with this code, or undefined: the one way a code from outside becomes a LangCode. */
  readonly language: (code: string) => LangCode | undefined;
  /** How many parts a reading is read in. */
  readonly partsOf: (reading: ReadingId) => number;
  readonly flow: CallFlow;
  readonly render: TwimlRenderer;
  readonly recordings: Recordings;
  readonly pronunciations: PronunciationTable;
  /** The words a caller may say for each key and option, in each language (from the prompt files). */
  readonly spokenWords: SpokenWords;
  /** Spoken answers, when the operator turned them on (SPEECH_INPUT=on); undefined when menus take keys only. */
  readonly speech: SpeechSettings | undefined;
}

/** How spoken answers are taken: an answer Twilio is less sure of than `minConfidence` (0 to 1) is not understood. */
export interface SpeechSettings {
  readonly minConfidence: number;
}

export interface HotlineOptions {
  /** Turns spoken answers on (SPEECH_INPUT=on); off when absent. */
  readonly speech?: SpeechSettings | undefined;
}

export interface HotlineSources {
  readonly languages: readonly Language[];
  readonly files: Record<string, PromptTree>;
  readonly directory: Directory;
  readonly recordings?: Recordings;
  /** How each voice says the names it would say wrongly (prompts/pronunciation.json). */
  readonly pronunciations?: PronunciationTable;
}

/**
 * A topic's sentences grouped into the parts it is read in: `topics.signs.part1.intro` belongs to
 * part1. Every sentence must be in a part, so a long topic can never be read as one monologue.
 */
function groupParts(topic: TopicId, keys: readonly PromptKey[]): PromptKey[][] {
  const parts = new Map<string, PromptKey[]>();
  // The title is the topic's label in the main menu, not one of its sentences.
  for (const key of keys.filter((k) => k !== topicTitle(topic))) {
    const [part, sentence] = key.slice(topicPrefix(topic).length + 1).split('.');
    if (!part || !sentence) throw new PromptFileError(`prompts/${REFERENCE_LANGUAGE}.json: "${key}" is not inside a part; put topic sentences under "topics.${topic}.part1", "part2", …`);
    parts.set(part, [...(parts.get(part) ?? []), key]);
  }
  if (parts.size === 0) throw new PromptFileError(`prompts/${REFERENCE_LANGUAGE}.json has no sentences under "topics.${topic}".`);
  return [...parts.values()];
}

/** Checks that everything a call can say exists, and wires the call flow. */
export function buildHotline({ languages, files, directory, recordings = createRecordings([]), pronunciations = new Map() }: HotlineSources, options: HotlineOptions = {}): Hotline {
  checkPlaceholders(files, directory.helplines.map((h) => h.id));
  // Speech says each hour in words; the text message keeps the directory's "10:00-16:00".
  // Exactly the placeholders the placeholder check accepts in every prompt: the compiler keeps the two alike.
  const shared: Record<SharedPlaceholder, Record<string, Speech>> = {
    hours: Object.fromEntries(directory.helplines.map((h) => [h.id, describeHours(h, 'spoken')])),
    writtenHours: Object.fromEntries(directory.helplines.map((h) => [h.id, describeHours(h, 'written')])),
  };
  const catalog = createPromptCatalog(languages, files, () => shared);
  // The language list was checked when it was read: from here on its codes are the line's languages.
  const spoken = languages.map((l) => ({ ...l, code: l.code as LangCode }));
  const byCode = new Map(spoken.map((l) => [l.code as string, l.code]));

  // Every prompt file names every language as its recogniser writes it (the reference file's keys are in every file).
  const names = new Set(catalog.keysUnder('spoken.languages'));
  for (const { code } of languages) {
    if (!names.has(languageNamesKey(code))) throw new PromptFileError(`prompts/${REFERENCE_LANGUAGE}.json has no "${languageNamesKey(code)}": every prompt file lists how a caller names each language, "${code}" included.`);
  }

  const topicParts = Object.fromEntries(TOPIC_IDS.map((topic) => [topic, groupParts(topic, catalog.keysUnder(topicPrefix(topic)))])) as Record<TopicId, PromptKey[][]>;
  const helplineKeys = buildHelplineKeys(directory, catalog.checkedKey);

  const { speech } = options;
  const flow = createCallFlow({ languages: spoken, directory, topicParts, helplineKeys, speak: catalog.segments, spokenAnswers: speech !== undefined });
  const emergencyNumber = directory.helplines.find((h) => h.emergency)?.number.replace(/\s/g, '');
  const spokenWords = spokenWordsFrom((lang, key) => catalog.text(lang, { key }), (id) => helplineKeys(id).name, emergencyNumber);
  // Hints name every option a menu in this state may have, the text-message offer included.
  const listen = speech && ((state: CallState, lang: LangCode, now: Date) => hintsFor(flow.menuFor(state, now, true), lang, spokenWords));
  const voices = { languages: spoken, directory, recordings, pronunciations, plusWord: (lang: string) => catalog.text(lang, { key: 'numbers.plus' }) };
  return {
    catalog,
    directory,
    languages: spoken,
    language: (code) => byCode.get(code),
    partsOf: flow.partsOf,
    flow,
    render: createTwimlRenderer({ ...voices, listen }),
    recordings,
    pronunciations,
    spokenWords,
    speech,
  };
}
