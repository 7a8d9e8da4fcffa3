import type { Request } from 'express';
import { E164 } from '../hotline/index.js';

/** One form value as Twilio sends it; repeated or missing values count as absent. */
export function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The path of a URL Twilio reports, without its query, host or anything else. */
export function pathOnly(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname.slice(0, 100);
  } catch {
    return undefined;
  }
}

/** A value that is a valid E.164 number, else undefined: nothing unchecked from a request goes anywhere. */
export const validNumber = (value: string | undefined): string | undefined => (value && E164.test(value) ? value : undefined);

