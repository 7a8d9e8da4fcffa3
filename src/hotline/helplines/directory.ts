import type { z } from 'zod';
import { parseOrFail } from '../../content/describe-schema-error.js';
import { helplineSchema, helplinesFileSchema, helplinesSubject, weekdaySchema, type weeklyHoursSchema } from './helplines-schema.js';

export { WEEKDAYS } from './helplines-schema.js';
export type Weekday = z.output<typeof weekdaySchema>;

/** Wall-clock times in the directory's time zone, "HH:mm". */
export type TimeRange = Readonly<NonNullable<z.output<typeof weeklyHoursSchema>[Weekday]>[number]>;

export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly TimeRange[]>>>;

/**
 * One helpline as content/helplines.json describes it (see src/hotline/helplines/helplines-schema.ts for each
 * field), with `dialString` (E.164 for full numbers, the short number otherwise) and
 * `closedOnHolidays` settled.
 */
export interface Helpline extends Readonly<Omit<z.output<typeof helplineSchema>, 'languages' | 'hours' | 'closedDates'>> {
  readonly languages: readonly string[];
  readonly hours: 'always' | WeeklyHours;
  /** Dates ("yyyy-MM-dd", local time) on which the line is closed in addition to its weekly hours. */
  readonly closedDates: readonly string[];
}

/** What opening hours are computed against: local time and public holidays. */
export interface Calendar {
  readonly timeZone: string;
  isPublicHoliday(date: string): boolean;
}

export interface Directory extends Calendar {
  readonly helplines: readonly Helpline[];
  find(id: string): Helpline | undefined;
}

export class DirectoryError extends Error {}

/** Checks a parsed content/helplines.json against its schema; a problem throws one sentence naming the entry. */
export function parseDirectory(raw: unknown, where = 'content/helplines.json'): Directory {
  const file = parseOrFail(helplinesFileSchema, raw, helplinesSubject(where), DirectoryError);
  const helplines: readonly Helpline[] = file.helplines;
  const byId = new Map(helplines.map((h) => [h.id, h]));
  return { timeZone: file.timeZone, helplines, find: (id) => byId.get(id), isPublicHoliday: file.holidays ?? (() => false) };
}

