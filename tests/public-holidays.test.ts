import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../src/hotline/helplines/public-holidays.js';

const FIRST_YEAR = 2020;
const LAST_YEAR = 2060;

/** Every calendar day of the years, as "yyyy-MM-dd". */
function everyDay(firstYear: number, lastYear: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(firstYear, 0, 1); t < Date.UTC(lastYear + 1, 0, 1); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The reference: date-holidays' days off by law in Norway, the calendar the line used before. */
function referencePublicHolidays(firstYear: number, lastYear: number): Set<string> {
  const holidays = new Holidays('NO');
  const days = new Set<string>();
  for (let year = firstYear; year <= lastYear; year++) {
    for (const h of holidays.getHolidays(year)) if (h.type === 'public') days.add(h.date.slice(0, 10));
  }
  return days;
}

describe('Norwegian public holidays', () => {
  it(`When every day of ${FIRST_YEAR}–${LAST_YEAR} is asked, Then the calendar agrees with date-holidays' public holidays for NO`, () => {
    const calendar = createHolidayCalendar('NO')!;
    const reference = referencePublicHolidays(FIRST_YEAR, LAST_YEAR);
    const disagreements = everyDay(FIRST_YEAR, LAST_YEAR).filter((day) => calendar(day) !== reference.has(day));
    expect(disagreements).toEqual([]);
  });

  it.each([
    ['Good Friday 2026', '2026-04-03', true],
    ['Ascension Day on Constitution Day 2027', '2027-05-17', true],
    ['the day after that Ascension Day', '2027-05-18', false],
    ['Christmas Eve, a bank day', '2026-12-24', false],
    ['Olsok, optional', '2026-07-29', false],
    ['an ordinary Monday', '2026-12-07', false],
  ])('When it is %s (%s), Then holiday is %s', (_name, day, expected) => {
    expect(createHolidayCalendar('NO')!(day)).toBe(expected);
  });

  it('When a country other than Norway is asked for, Then there is no calendar', () => {
    expect(createHolidayCalendar('SE')).toBeUndefined();
    expect(createHolidayCalendar('toString')).toBeUndefined();
  });
});
