import { easter } from 'date-easter';

/** Answers whether a local date ("yyyy-MM-dd") is a public holiday in a country. */
export type HolidayCalendar = (date: string) => boolean;

// Norway's days off by law (lov om helgedager og helgedagsfred, lov om 1. og 17. mai som
// høgtidsdager): five fixed days and seven that follow Easter. Observances, bank days (24 and
// 31 December) and optional days keep normal hours. tests/public-holidays.test.ts checks every day
// of 2020–2060 against date-holidays' public holidays for NO, the calendar used before.

/** [month, day]: New Year's Day, Labour Day, Constitution Day, Christmas Day, Boxing Day. */
const NORWAY_FIXED_DAYS = [[1, 1], [5, 1], [5, 17], [12, 25], [12, 26]] as const;
/** Days from Easter Sunday: Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday. */
const NORWAY_EASTER_OFFSETS = [-3, -2, 0, 1, 39, 49, 50] as const;

/** A date `offset` days after the given calendar day, as "yyyy-MM-dd" (UTC arithmetic: no clock changes). */
function isoDay(year: number, month: number, day: number, offset = 0): string {
  return new Date(Date.UTC(year, month - 1, day + offset)).toISOString().slice(0, 10);
}

function norwayHolidays(year: number): ReadonlySet<string> {
  const sunday = easter(year);
  return new Set([
    ...NORWAY_FIXED_DAYS.map(([month, day]) => isoDay(year, month, day)),
    ...NORWAY_EASTER_OFFSETS.map((offset) => isoDay(sunday.year, sunday.month, sunday.day, offset)),
  ]);
}

/** The countries with a calendar here; the line serves Norway, so only its rules are loaded. */
const HOLIDAYS_BY_COUNTRY: Readonly<Record<string, (year: number) => ReadonlySet<string>>> = { NO: norwayHolidays };

export function createHolidayCalendar(country: string): HolidayCalendar | undefined {
  const holidaysOf = Object.hasOwn(HOLIDAYS_BY_COUNTRY, country) ? HOLIDAYS_BY_COUNTRY[country] : undefined;
  if (!holidaysOf) return undefined;
  const byYear = new Map<number, ReadonlySet<string>>();
  return (date) => {
    const year = Number(date.slice(0, 4));
    let days = byYear.get(year);
    if (!days) {
      days = holidaysOf(year);
      byYear.set(year, days);
    }
    return days.has(date);
  };
}
