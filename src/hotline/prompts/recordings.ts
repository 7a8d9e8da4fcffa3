
export interface Recording {
  readonly lang: string;
  readonly key: string;
  /** Path the app serves it at; the content hash in the name lets Twilio cache it for good. */
  readonly urlPath: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface Recordings {
  find(lang: string, key: string): Recording | undefined;
  byUrlPath(path: string): Recording | undefined;
  readonly all: readonly Recording[];
}

export const AUDIO_URL_PREFIX = '/audio';

export function createRecordings(list: readonly Recording[]): Recordings {
  const byKey = new Map(list.map((r) => [`${r.lang}/${r.key}`, r]));
  const byPath = new Map(list.map((r) => [r.urlPath, r]));
  return { find: (lang, key) => byKey.get(`${lang}/${key}`), byUrlPath: (path) => byPath.get(path), all: list };
}

