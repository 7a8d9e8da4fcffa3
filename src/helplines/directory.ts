import { readJsonFile } from '../config/read-json-file.js';
import { E164 } from '../voice/twilio-values.js';
import { createHolidayCalendar } from './public-holidays.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeRange {
  /** Wall-clock times in the directory's time zone, "HH:mm". */
  readonly start: string;
  readonly end: string;
}

export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly TimeRange[]>>>;

export interface Helpline {
  readonly id: string;
  /** As written in Norway, e.g. "+47 31 40 23 00" or "112". */
  readonly number: string;
  /** The digits to dial: E.164 for full numbers, the short number otherwise. */
  readonly dialString: string;
  /** Whether the line may be put through by Twilio (full +47 numbers only). */
  readonly dial: boolean;
  readonly languages: readonly string[];
  readonly interpreter: boolean;
  readonly hours: 'always' | WeeklyHours;
  /** Dates ("yyyy-MM-dd", Oslo time) on which the line is closed in addition to its weekly hours. */
  readonly closedDates: readonly string[];
  /** Closed on the country's public holidays (the default for lines that are not always open). */
  readonly closedOnHolidays: boolean;
  /** Offered first to a caller who says they are a child or young person. */
  readonly youngPeople: boolean;
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

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseHours(raw: unknown, name: string): 'always' | WeeklyHours {
  if (raw === 'always') return 'always';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DirectoryError(`${name}: "hours" must be "always" or weekly hours such as {"mon": ["10:00-16:00"]}.`);
  }
  const hours: Partial<Record<Weekday, TimeRange[]>> = {};
  for (const [day, ranges] of Object.entries(raw)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      throw new DirectoryError(`${name}: "${day}" is not a weekday; use ${WEEKDAYS.join(', ')}.`);
    }
    if (!Array.isArray(ranges)) throw new DirectoryError(`${name}: hours for ${day} must be a list like ["10:00-16:00"].`);
    hours[day as Weekday] = ranges.map((range: unknown) => {
      const [start = '', end = ''] = String(range).split('-');
      if (!TIME.test(start) || !TIME.test(end) || start >= end) {
        throw new DirectoryError(`${name}: "${String(range)}" on ${day} is not a time range like "10:00-16:00" within one day.`);
      }
      return { start, end };
    });
  }
  return hours;
}

export function parseDirectory(raw: unknown, where = 'content/helplines.json'): Directory {
  const root = (raw ?? {}) as { timeZone?: unknown; helplines?: unknown };
  if (typeof root.timeZone !== 'string') throw new DirectoryError(`${where} needs a "timeZone" such as "Europe/Oslo".`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: root.timeZone });
  } catch {
    throw new DirectoryError(`${where}: "${root.timeZone}" is not a time zone.`);
  }
  if (!Array.isArray(root.helplines) || root.helplines.length === 0) {
    throw new DirectoryError(`${where} needs a non-empty "helplines" list.`);
  }
  const seen = new Set<string>();
  const helplines = root.helplines.map((entry: unknown, index): Helpline => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const id = typeof e.id === 'string' ? e.id : '';
    const name = `${where}, helpline ${index + 1}${id ? ` ("${id}")` : ''}`;
    if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new DirectoryError(`${name} needs an "id" of lower-case letters, digits and hyphens.`);
    if (seen.has(id)) throw new DirectoryError(`${name}: the id "${id}" is used twice.`);
    seen.add(id);
    if (typeof e.number !== 'string' || !/^\+?\d[\d ]*\d$/.test(e.number)) {
      throw new DirectoryError(`${name}: "number" must be digits in groups, such as "+47 22 33 11 60" or "112".`);
    }
    const dialString = e.number.replace(/ /g, '');
    const dial = e.dial === true;
    if (dial && !E164.test(dialString)) {
      throw new DirectoryError(`${name}: "${e.number}" cannot be dialled; only full international numbers (E.164, such as +47 22 33 11 60) may have "dial": true.`);
    }
    if (!Array.isArray(e.languages) || !e.languages.every((l) => typeof l === 'string')) {
      throw new DirectoryError(`${name}: "languages" must be a list of language codes.`);
    }
    const closedDates = e.closedDates === undefined ? [] : e.closedDates;
    if (!Array.isArray(closedDates) || !closedDates.every((d) => typeof d === 'string' && DATE.test(d))) {
      throw new DirectoryError(`${name}: "closedDates" must be a list of dates like "2026-12-24".`);
    }
    const hours = parseHours(e.hours, name);
    if (e.closedOnHolidays !== undefined && typeof e.closedOnHolidays !== 'boolean') {
      throw new DirectoryError(`${name}: "closedOnHolidays" must be true or false.`);
    }
    return {
      id,
      number: e.number,
      dialString,
      dial,
      languages: e.languages as string[],
      interpreter: e.interpreter === true,
      hours,
      closedDates: closedDates as string[],
      closedOnHolidays: typeof e.closedOnHolidays === 'boolean' ? e.closedOnHolidays : hours !== 'always',
      youngPeople: e.youngPeople === true,
    };
  });
  const holidays = (raw as { holidays?: unknown }).holidays;
  let isPublicHoliday = (_date: string) => false;
  if (holidays !== undefined) {
    const calendar = typeof holidays === 'string' ? createHolidayCalendar(holidays) : undefined;
    if (!calendar) throw new DirectoryError(`${where}: "holidays" must be a country code with a holiday calendar, such as "NO".`);
    isPublicHoliday = calendar;
  }
  const byId = new Map(helplines.map((h) => [h.id, h]));
  return { timeZone: root.timeZone, helplines, find: (id) => byId.get(id), isPublicHoliday };
}

export function loadDirectory(file: string): Directory {
  return parseDirectory(readJsonFile(file, DirectoryError), file);
}
