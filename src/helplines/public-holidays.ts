import Holidays from 'date-holidays';

/** Answers whether a local date ("yyyy-MM-dd") is a public holiday in a country, from a maintained calendar. */
export type HolidayCalendar = (date: string) => boolean;

export function createHolidayCalendar(country: string): HolidayCalendar | undefined {
  const holidays = new Holidays();
  if (!Object.hasOwn(holidays.getCountries(), country)) return undefined;
  holidays.init(country);
  const byYear = new Map<number, ReadonlySet<string>>();
  return (date) => {
    const year = Number(date.slice(0, 4));
    let days = byYear.get(year);
    if (!days) {
      // Only days off by law: observances, bank days and optional days keep normal hours.
      days = new Set(holidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
      byYear.set(year, days);
    }
    return days.has(date);
  };
}
