/** Menus a caller can be in; the state of a call travels in the action URL's query. */
export const MENU_IDS = ['language', 'main', 'helplines', 'retry'] as const;
export type MenuId = (typeof MENU_IDS)[number];

export const MAX_SILENCES = 2;

export interface CallState {
  readonly menu: MenuId;
  /** Undefined until the caller picks a language. */
  readonly lang: string | undefined;
  /** Menus replayed in a row because no key was pressed. */
  readonly silences: number;
  /** Helplines tried in this call that were closed or did not connect: never dialled again. */
  readonly tried: readonly string[];
  /** The caller chose the help for children and young people: their lines come first. */
  readonly young: boolean;
}

/** The state carried to the transfer's action URL. */
export interface DialState {
  readonly lang: string;
  readonly line: string;
  readonly tried: readonly string[];
  readonly young: boolean;
}

export const START: CallState = { menu: 'language', lang: undefined, silences: 0, tried: [], young: false };

type Query = Record<string, unknown>;

/** The one value of a query parameter; repeated or non-text values count as absent. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value.length <= 64 ? value : undefined;
}

function parseTried(raw: string | undefined, known: (id: string) => boolean): string[] {
  if (!raw) return [];
  return [...new Set(raw.split('.').filter(known))];
}

export interface StateVocabulary {
  readonly isLanguage: (code: string) => boolean;
  readonly isHelpline: (id: string) => boolean;
}

/** Reads the state from a query, replacing anything unknown with the nearest sensible value. */
export function parseCallState(query: Query, vocabulary: StateVocabulary): CallState {
  const langRaw = single(query, 'lang');
  const lang = langRaw && vocabulary.isLanguage(langRaw) ? langRaw : undefined;
  const menuRaw = single(query, 'menu');
  let menu: MenuId = (MENU_IDS as readonly string[]).includes(menuRaw ?? '') ? (menuRaw as MenuId) : lang ? 'main' : 'language';
  if (!lang) menu = 'language';
  const silences = Number.parseInt(single(query, 'silences') ?? '0', 10);
  return {
    menu,
    lang,
    silences: Number.isInteger(silences) && silences >= 0 ? Math.min(silences, MAX_SILENCES) : 0,
    tried: parseTried(single(query, 'tried'), vocabulary.isHelpline),
    young: single(query, 'young') === '1',
  };
}

export function parseDialState(query: Query, vocabulary: StateVocabulary): DialState | undefined {
  const lang = single(query, 'lang');
  const line = single(query, 'line');
  if (!lang || !vocabulary.isLanguage(lang) || !line || !vocabulary.isHelpline(line)) return undefined;
  return { lang, line, tried: parseTried(single(query, 'tried'), vocabulary.isHelpline), young: single(query, 'young') === '1' };
}

function toQuery(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  return params.toString();
}

/** The public webhook paths an operator configures on the number (see configure-number). */
export const VOICE_PATH = '/voice';
export const STATUS_PATH = '/voice/status';
export const FALLBACK_PATH = '/voice/fallback';
/** Action paths the line gives Twilio itself. */
export const MENU_PATH = '/voice/menu';
export const DIAL_RESULT_PATH = '/voice/dial-result';

export function menuUrl(state: CallState): string {
  return `${MENU_PATH}?${toQuery({
    menu: state.menu,
    lang: state.lang,
    silences: String(state.silences),
    tried: state.tried.join('.') || undefined,
    young: state.young ? '1' : undefined,
  })}`;
}

export function dialResultUrl(state: DialState): string {
  return `${DIAL_RESULT_PATH}?${toQuery({
    lang: state.lang,
    line: state.line,
    tried: state.tried.join('.') || undefined,
    young: state.young ? '1' : undefined,
  })}`;
}
