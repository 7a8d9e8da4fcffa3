import { fromZonedTime } from 'date-fns-tz/fromZonedTime';
import { WEEKDAYS, type Calendar, type Helpline, type Weekday } from './directory.js';

/** A wall-clock day in the directory's time zone. */
interface LocalDay {
  readonly date: string;
  readonly weekday: Weekday;
}

/** One formatter per time zone: building an Intl formatter costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock date and time of an instant in a time zone. */
function wallClock(instant: Date, timeZone: string): { y: number; m: number; d: number; time: string } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = part.value;
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), time: `${parts.hour}:${parts.minute}` };
}

/** A calendar day, carried as UTC midnight so adding days never meets a clock change. */
function dayOf(utcMidnight: Date): LocalDay {
  return { date: utcMidnight.toISOString().slice(0, 10), weekday: WEEKDAYS[(utcMidnight.getUTCDay() + 6) % 7] as Weekday };
}

function localDay(instant: Date, timeZone: string): LocalDay {
  const { y, m, d } = wallClock(instant, timeZone);
  return dayOf(new Date(Date.UTC(y, m - 1, d)));
}

function addDays(day: LocalDay, days: number): LocalDay {
  const date = new Date(`${day.date}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return dayOf(date);
}

function rangesOn(helpline: Helpline, day: LocalDay, calendar: Calendar) {
  if (helpline.hours === 'always' || helpline.closedDates.includes(day.date)) return [];
  if (helpline.closedOnHolidays && calendar.isPublicHoliday(day.date)) return [];
  return helpline.hours[day.weekday] ?? [];
}

export function isOpenAt(helpline: Helpline, instant: Date, calendar: Calendar): boolean {
  if (helpline.hours === 'always') return true;
  const day = localDay(instant, calendar.timeZone);
  const { time } = wallClock(instant, calendar.timeZone);
  return rangesOn(helpline, day, calendar).some((range) => range.start <= time && time < range.end);
}

export interface NextOpening {
  readonly at: Date;
  readonly weekday: Weekday;
  /** Wall-clock time it opens, "HH:mm". */
  readonly time: string;
  /** Whole local days from the instant's day: 0 today, 1 tomorrow. */
  readonly daysAhead: number;
}

/** When a closed helpline next opens, looking up to three weeks ahead; undefined if never. */
export function findNextOpening(helpline: Helpline, instant: Date, calendar: Calendar): NextOpening | undefined {
  if (helpline.hours === 'always') return undefined;
  const today = localDay(instant, calendar.timeZone);
  for (let daysAhead = 0; daysAhead < 21; daysAhead++) {
    const day = daysAhead === 0 ? today : addDays(today, daysAhead);
    for (const range of rangesOn(helpline, day, calendar)) {
      const at = fromZonedTime(`${day.date}T${range.start}:00`, calendar.timeZone);
      if (at.getTime() > instant.getTime()) return { at, weekday: day.weekday, time: range.start, daysAhead };
    }
  }
  return undefined;
}
