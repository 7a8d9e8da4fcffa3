import { chooseHelpline, type HelplineChoice } from '../helplines/choose-helpline.js';
import type { Directory, Helpline } from '../helplines/directory.js';
import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import type { Segment } from '../prompts/segments.js';
import type { CallState, LangCode, LineLanguage, ReadingId, TopicId } from './call-state.js';
import type { FlowInput } from './flow-input.js';
import type { HelplineKeys } from './helpline-keys.js';
import { buildStaticMenus, type StaticMenus } from './menus.js';
import { createReadings } from './readings.js';
import type { Say } from './reply.js';

export interface FlowContext {
  readonly languages: readonly LineLanguage[];
  readonly directory: Directory;
  /** The prompt keys of each topic, part by part, in the order they are read. */
  readonly topicParts: Readonly<Record<TopicId, readonly (readonly PromptKey[])[]>>;
  readonly helplineKeys: (id: string) => HelplineKeys;
  /** A sentence in one language as words and numbers (the prompt catalog resolves it). */
  readonly speak: (lang: LangCode, s: Speech) => readonly Segment[];
  /** Menus also listen for spoken answers: the first menu after the language choice says so once, at its end. */
  readonly spokenAnswers?: boolean;
}

/** What the flow builds once from its context, and every step reads. */
export interface PreparedFlow {
  readonly ctx: FlowContext;
  readonly staticMenus: StaticMenus;
  /** The sentences of each part of a reading, in order. */
  readonly readingParts: (reading: ReadingId) => readonly (readonly Speech[])[];
  readonly partsOf: (reading: ReadingId) => number;
  /** Every language, in the line's order. */
  readonly everyone: readonly LangCode[];
  /** The line's first language: a caller whose country suggests none goes on in it when they choose none. */
  readonly firstLanguage: LangCode;
  /** The key that chooses each language in the language menu. */
  readonly languageKeys: ReadonlyMap<LangCode, string>;
  /** For each language: it first, then the others in the line's order. */
  readonly orders: ReadonlyMap<LangCode, readonly LangCode[]>;
}

export function prepareFlow(ctx: FlowContext): PreparedFlow {
  const readings = createReadings(ctx.directory, ctx.helplineKeys, ctx.topicParts);
  const everyone = ctx.languages.map((l) => l.code);
  const [firstLanguage] = everyone;
  if (!firstLanguage) throw new Error('The line has no language: prompts/languages.json lists none.');
  return {
    ctx,
    staticMenus: buildStaticMenus(ctx),
    readingParts: readings.parts,
    partsOf: readings.count,
    everyone,
    firstLanguage,
    languageKeys: new Map(ctx.languages.map((l) => [l.code, l.key])),
    // The language the caller's country suggests first, then the others in the line's order; each keeps its key.
    orders: new Map(everyone.map((first) => [first, [first, ...everyone.filter((code) => code !== first)]])),
  };
}

/** One step: what the flow prepared, the moment, whether this caller may be offered the numbers in a text message, and the order they hear the languages in. */
export interface At {
  readonly flow: PreparedFlow;
  readonly now: Date;
  readonly offer: boolean;
  readonly order: readonly LangCode[];
}

/**
 * The moment of a step as its input gives it: the text message may be offered only where the adapter
 * said so, and the language the caller's country suggests comes first where the input names one.
 */
export function atStep(flow: PreparedFlow, input: FlowInput, now: Date): At {
  const likely = 'likelyLang' in input ? input.likelyLang : undefined;
  return { flow, now, offer: 'messageOffer' in input && input.messageOffer, order: (likely && flow.orders.get(likely)) || flow.everyone };
}

/** Who hears a sentence: one language, or every language in the order this caller hears them (before they chose one). */
export type Audience = LangCode | readonly LangCode[];

/** A sentence in each language of its audience; `announces` names the key a menu option's sentence offers. */
export const say = (at: At, audience: Audience, s: Speech, announces?: string): Say[] =>
  (typeof audience === 'string' ? [audience] : audience).map((lang) => ({ kind: 'say', lang, key: s.key, segments: at.flow.ctx.speak(lang, s), ...(announces ? { announces } : {}) }));

// The language menu speaks every language, even to a caller who came back to it to change language.
export const audienceOf = (state: CallState, at: At): Audience => (state.menu === 'language' ? at.order : (state.lang ?? at.order));

/** The spoken name of a helpline that can be dialled. */
export function helplineName(flow: PreparedFlow, id: string): Speech {
  const key = flow.ctx.helplineKeys(id).name;
  if (!key) throw new Error(`"${id}" cannot be dialled, so it has no spoken name.`);
  return speech(key);
}

/** The helpline this caller would be put through to now, among those of `directory`, and the closed ones passed over. */
export const chooseFor = (flow: PreparedFlow, state: CallState & { lang: LangCode }, now: Date, directory = flow.ctx.directory): HelplineChoice =>
  chooseHelpline({ lang: state.lang, instant: now, tried: state.tried, young: state.young }, directory);

export const nextHelpline = (flow: PreparedFlow, state: CallState, now: Date): Helpline | undefined =>
  state.lang ? chooseFor(flow, { ...state, lang: state.lang }, now).helpline : undefined;
