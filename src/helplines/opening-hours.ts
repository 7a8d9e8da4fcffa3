import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { WEEKDAYS, type Calendar, type Helpline, type Weekday } from './directory.js';

/** A wall-clock day in the directory's time zone. */
interface LocalDay {
  readonly date: string;
  readonly weekday: Weekday;
}

function localDay(instant: Date, timeZone: string, offsetDays = 0): LocalDay {
  const [y, m, d] = formatInTimeZone(instant, timeZone, 'yyyy-MM-dd').split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d + offsetDays));
  return {
    date: day.toISOString().slice(0, 10),
    weekday: WEEKDAYS[(day.getUTCDay() + 6) % 7] as Weekday,
  };
}

function rangesOn(helpline: Helpline, day: LocalDay, calendar: Calendar) {
  if (helpline.hours === 'always' || helpline.closedDates.includes(day.date)) return [];
  if (helpline.closedOnHolidays && calendar.isPublicHoliday(day.date)) return [];
  return helpline.hours[day.weekday] ?? [];
}

export function isOpenAt(helpline: Helpline, instant: Date, calendar: Calendar): boolean {
  if (helpline.hours === 'always') return true;
  const day = localDay(instant, calendar.timeZone);
  const time = formatInTimeZone(instant, calendar.timeZone, 'HH:mm');
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

/** When a closed line next opens, looking up to three weeks ahead; undefined if never. */
export function findNextOpening(helpline: Helpline, instant: Date, calendar: Calendar): NextOpening | undefined {
  if (helpline.hours === 'always') return undefined;
  for (let daysAhead = 0; daysAhead < 21; daysAhead++) {
    const day = localDay(instant, calendar.timeZone, daysAhead);
    for (const range of rangesOn(helpline, day, calendar)) {
      const at = fromZonedTime(`${day.date}T${range.start}:00`, calendar.timeZone);
      if (at.getTime() > instant.getTime()) return { at, weekday: day.weekday, time: range.start, daysAhead };
    }
  }
  return undefined;
}
