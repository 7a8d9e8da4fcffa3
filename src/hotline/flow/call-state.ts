/** A language code the line has prompts and a voice for; only the language list makes one. */
export type LangCode = string & { readonly __languageCode: unique symbol };

/** A language as the call flow sees it: its code and the key that chooses it in the language menu. */
export interface LineLanguage {
  readonly code: LangCode;
  readonly key: string;
}

/** Menus a caller can be in; the state of a call travels in the action URL's query. */
export const MENU_IDS = ['language', 'main', 'helplines', 'retry', 'part'] as const;
export type MenuId = (typeof MENU_IDS)[number];

export const TOPIC_IDS = ['signs', 'safety', 'housing', 'rights', 'young'] as const;
export type TopicId = (typeof TOPIC_IDS)[number];
/** What is read out part by part: a topic, or the list of every number to call. */
export const READING_IDS = [...TOPIC_IDS, 'numbers'] as const;
export type ReadingId = (typeof READING_IDS)[number];

export const MAX_SILENCES = 2;

export interface CallState {
  readonly menu: MenuId;
  /** Undefined until the caller picks a language. */
  readonly lang: LangCode | undefined;
  /** Menus replayed in a row because no key was pressed. */
  readonly silences: number;
  /** Helplines tried in this call that were closed or did not connect: never dialled again. */
  readonly tried: readonly string[];
  /** The caller chose the help for children and young people: their helplines come first. */
  readonly young: boolean;
  /** In the menu after a part of a reading: which reading, and which part was just read (from 1). */
  readonly reading?: ReadingId | undefined;
  readonly part?: number | undefined;
  /**
   * The caller just heard the emergency key's answer (112 and the police) in this menu: the text
   * message with the numbers is offered here until another choice is made. Only ever true or absent,
   * so one state has one form.
   */
  readonly afterEmergency?: true | undefined;
  /** A text message with the numbers was asked for in this call: it is never offered again. True or absent. */
  readonly messageSent?: true | undefined;
}

/** The state carried to the transfer's action URL. */
export interface DialState {
  readonly lang: LangCode;
  /** The helpline being dialled (the query parameter `line`, as older URLs name it). */
  readonly helpline: string;
  readonly tried: readonly string[];
  readonly young: boolean;
  /** A text message was asked for in this call (see CallState). True or absent. */
  readonly messageSent?: true | undefined;
  /**
   * The caller chose this helpline by name: when it does not connect, the next one is offered, not
   * dialled. Absent after "talk to someone now", which rolls over to the next helpline by itself.
   */
  readonly chosen?: true | undefined;
}

export const START: CallState = { menu: 'language', lang: undefined, silences: 0, tried: [], young: false };

type Query = Readonly<Record<string, unknown>>;

/** The one value of a query parameter; repeated or non-text values count as absent. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value.length <= 64 ? value : undefined;
}

function parseTried(raw: string | undefined, known: (id: string) => boolean): string[] {
  if (!raw) return [];
  return [...new Set(raw.split('.').filter(known))];
}

/** What a query may name: the languages, helplines and topics the line knows. */
export interface StateVocabulary {
  readonly language: (code: string) => LangCode | undefined;
  readonly isHelpline: (id: string) => boolean;
  /** How many parts a reading has. */
  readonly partsOf: (reading: ReadingId) => number;
}

/** The reading and part of a part menu, when both name a real part; anything else is no part at all. */
function parsePart(query: Query, vocabulary: StateVocabulary): { reading: ReadingId; part: number } | undefined {
  const reading = READING_IDS.find((id) => id === single(query, 'reading'));
  const part = Number(single(query, 'part'));
  return reading && Number.isInteger(part) && part >= 1 && part <= vocabulary.partsOf(reading) ? { reading, part } : undefined;
}

/** `sms=1`: a text message was asked for in this call. */
const messageSentIn = (query: Query): boolean => single(query, 'sms') === '1';

/** Reads the state from a query, replacing anything unknown with the nearest sensible value. */
export function parseCallState(query: Query, vocabulary: StateVocabulary): CallState {
  const lang = vocabulary.language(single(query, 'lang') ?? '');
  const menuRaw = single(query, 'menu');
  const named = MENU_IDS.find((id) => id === menuRaw);
  const part = parsePart(query, vocabulary);
  // A part menu without a real topic and part is the main menu.
  const menu: MenuId = !lang ? 'language' : named === 'part' && !part ? 'main' : (named ?? 'main');
  const silences = Number.parseInt(single(query, 'silences') ?? '0', 10);
  return {
    menu,
    lang,
    silences: Number.isInteger(silences) && silences >= 0 ? Math.min(silences, MAX_SILENCES) : 0,
    tried: parseTried(single(query, 'tried'), vocabulary.isHelpline),
    young: single(query, 'young') === '1',
    ...(menu === 'part' && part ? part : {}),
    ...(single(query, 'emergency') === '1' && lang ? { afterEmergency: true } : {}),
    ...(messageSentIn(query) ? { messageSent: true } : {}),
  };
}

export function parseDialState(query: Query, vocabulary: StateVocabulary): DialState | undefined {
  const lang = vocabulary.language(single(query, 'lang') ?? '');
  const helpline = single(query, 'line');
  if (!lang || !helpline || !vocabulary.isHelpline(helpline)) return undefined;
  return {
    lang,
    helpline,
    tried: parseTried(single(query, 'tried'), vocabulary.isHelpline),
    young: single(query, 'young') === '1',
    ...(messageSentIn(query) ? { messageSent: true } : {}),
    ...(single(query, 'chosen') === '1' ? { chosen: true } : {}),
  };
}

function toQuery(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  return params.toString();
}

/** The query that carries a menu state to the next request; parseCallState reads it back. */
export function callStateQuery(state: CallState): string {
  return toQuery({
    menu: state.menu,
    lang: state.lang,
    silences: String(state.silences),
    tried: state.tried.join('.') || undefined,
    young: state.young ? '1' : undefined,
    reading: state.menu === 'part' ? state.reading : undefined,
    part: state.menu === 'part' && state.part ? String(state.part) : undefined,
    emergency: state.afterEmergency ? '1' : undefined,
    sms: state.messageSent ? '1' : undefined,
  });
}

/** The query that carries a transfer's state to its result; parseDialState reads it back. */
export function dialStateQuery(state: DialState): string {
  return toQuery({
    lang: state.lang,
    line: state.helpline,
    tried: state.tried.join('.') || undefined,
    young: state.young ? '1' : undefined,
    sms: state.messageSent ? '1' : undefined,
    chosen: state.chosen ? '1' : undefined,
  });
}
