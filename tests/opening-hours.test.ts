import { describe, expect, it } from 'vitest';
import { parseDirectory } from '../src/hotline/helplines/directory.js';
import { findNextOpening, isOpenAt } from '../src/hotline/helplines/opening-hours.js';

/**
 * A directory of its own, so these tests of the opening-hours rules do not change when the shipped
 * content/helplines.json does: one line open Monday to Thursday 10:00–16:00 (as Caritas was when
 * they were written), one always open.
 */
const directory = parseDirectory({
  timeZone: 'Europe/Oslo',
  holidays: 'NO',
  helplines: [
    { id: 'caritas', number: '+47 21 00 00 01', dial: true, languages: ['uk', 'ru'], hours: { mon: ['10:00-16:00'], tue: ['10:00-16:00'], wed: ['10:00-16:00'], thu: ['10:00-16:00'] } },
    { id: 'rosa', number: '+47 21 00 00 02', dial: true, languages: ['en'], interpreter: true, hours: 'always' },
  ],
});
const caritas = directory.find('caritas')!;
const rosa = directory.find('rosa')!;
const TZ = directory;
const openAt = (iso: string) => isOpenAt(caritas, new Date(iso), TZ);

describe('Opening hours of a line open Monday to Thursday 10:00–16:00, Oslo time', () => {
  it.each([
    ['Monday 09:59 in winter', '2026-12-07T09:59:00+01:00', false],
    ['Monday 10:00 in winter', '2026-12-07T10:00:00+01:00', true],
    ['Monday 15:59 in winter', '2026-12-07T15:59:00+01:00', true],
    ['Monday 16:00 in winter', '2026-12-07T16:00:00+01:00', false],
    ['Thursday 11:00', '2026-12-10T11:00:00+01:00', true],
    ['Friday 11:00', '2026-12-11T11:00:00+01:00', false],
    ['Sunday 11:00', '2026-12-13T11:00:00+01:00', false],
    ['Monday 10:00 in summer', '2026-06-08T10:00:00+02:00', true],
    ['Monday 09:59 in summer', '2026-06-08T09:59:00+02:00', false],
  ])('When it is %s, Then open is %s', (_name, iso, expected) => {
    expect(openAt(iso)).toBe(expected);
  });

  it('When a caller asks on Monday 10:30 in summer as UTC 08:30, Then the line counts as open (summer time is UTC+2)', () => {
    expect(openAt('2026-06-08T08:30:00Z')).toBe(true);
    expect(openAt('2026-12-07T08:30:00Z')).toBe(false);
  });

  it('When the clocks change on the last Sunday of March and of October, Then Monday hours follow Oslo wall time', () => {
    // 2026-03-29 and 2026-10-25 are the change days; the Mondays after them open at 10:00 local.
    expect(openAt('2026-03-30T08:00:00Z')).toBe(true);
    expect(openAt('2026-03-30T07:59:00Z')).toBe(false);
    expect(openAt('2026-10-26T09:00:00Z')).toBe(true);
    expect(openAt('2026-10-26T08:59:00Z')).toBe(false);
  });

  it('When Caritas is closed on Friday evening, Then it next opens on Monday at 10:00 Oslo time', () => {
    const next = findNextOpening(caritas, new Date('2026-12-11T20:00:00+01:00'), TZ);
    expect(next).toMatchObject({ weekday: 'mon', time: '10:00', daysAhead: 3 });
    expect(next?.at.toISOString()).toBe('2026-12-14T09:00:00.000Z');
  });

  it('When it is Monday before ten, Then it opens today; after four, tomorrow', () => {
    expect(findNextOpening(caritas, new Date('2026-12-07T08:00:00+01:00'), TZ)).toMatchObject({ daysAhead: 0, time: '10:00' });
    expect(findNextOpening(caritas, new Date('2026-12-07T16:30:00+01:00'), TZ)).toMatchObject({ daysAhead: 1, weekday: 'tue' });
  });

  it('When the next opening crosses the change to summer time, Then it is at 10:00 local, 08:00 UTC', () => {
    const next = findNextOpening(caritas, new Date('2026-03-27T17:00:00+01:00'), TZ);
    expect(next?.at.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('ROSA is open at any instant and never needs a next opening', () => {
    for (const iso of ['2026-12-25T03:00:00Z', '2026-06-08T12:00:00Z', '2026-03-29T01:30:00Z']) {
      expect(isOpenAt(rosa, new Date(iso), TZ)).toBe(true);
    }
    expect(findNextOpening(rosa, new Date(), TZ)).toBeUndefined();
  });

  it('When an operator adds a closed date, Then the line is closed all that day and opens the next working day', () => {
    const directory = parseDirectory({
      timeZone: 'Europe/Oslo',
      holidays: 'NO',
      helplines: [{ id: 'x', number: '+47 31 40 23 00', dial: true, languages: ['uk'], hours: { mon: ['10:00-16:00'], tue: ['10:00-16:00'] }, closedDates: ['2026-12-07'] }],
    });
    const line = directory.find('x')!;
    expect(isOpenAt(line, new Date('2026-12-07T11:00:00+01:00'), directory)).toBe(false);
    expect(isOpenAt(line, new Date('2026-12-14T11:00:00+01:00'), directory)).toBe(true);
    expect(findNextOpening(line, new Date('2026-12-07T11:00:00+01:00'), directory)).toMatchObject({ weekday: 'tue', daysAhead: 1 });
  });

  it.each([
    ['Easter Monday 2026', '2026-04-06T11:00:00+02:00', '2026-04-07T08:00:00.000Z'],
    ['Easter Monday 2027', '2027-03-29T11:00:00+02:00', '2027-03-30T08:00:00.000Z'],
    ['17 May 2027, a Monday', '2027-05-17T11:00:00+02:00', '2027-05-18T08:00:00.000Z'],
    ['Maundy Thursday 2026', '2026-04-02T11:00:00+02:00', '2026-04-07T08:00:00.000Z'],
    ['Christmas Day 2028, a Monday', '2028-12-25T11:00:00+01:00', '2028-12-27T09:00:00.000Z'],
  ])('When it is %s, a public holiday, Then Caritas is closed and opens on the next working day', (_name, iso, opens) => {
    expect(isOpenAt(caritas, new Date(iso), directory)).toBe(false);
    expect(findNextOpening(caritas, new Date(iso), directory)?.at.toISOString()).toBe(opens);
  });

  it('When it is 17 May 2026, a Sunday, and the Monday after, Then only the usual weekly hours count', () => {
    expect(isOpenAt(caritas, new Date('2026-05-18T11:00:00+02:00'), directory)).toBe(true);
  });

  it('When a line says closedOnHolidays: false, Then it keeps its weekly hours on Easter Monday', () => {
    const own = parseDirectory({
      timeZone: 'Europe/Oslo',
      holidays: 'NO',
      helplines: [{ id: 'x', number: '+47 31 40 23 00', dial: true, languages: ['uk'], hours: { mon: ['10:00-16:00'] }, closedOnHolidays: false }],
    });
    expect(isOpenAt(own.find('x')!, new Date('2026-04-06T11:00:00+02:00'), own)).toBe(true);
  });

  it('When the holiday calendar names an unknown country, Then start-up stops and says so', () => {
    expect(() => parseDirectory({ timeZone: 'Europe/Oslo', holidays: 'XX', helplines: [{ id: 'x', number: '112', languages: [], hours: 'always' }] })).toThrow(/"holidays" must be a country code/);
  });

  it('When a line is open on the night the clocks change, Then its hours follow Oslo wall time through the jump and the repeated hour', () => {
    const night = parseDirectory({
      timeZone: 'Europe/Oslo',
      helplines: [{ id: 'night', number: '+47 31 40 23 00', dial: true, languages: ['uk'], hours: { sun: ['01:00-04:00'] } }],
    });
    const line = night.find('night')!;
    // Last Sunday of March 2026: 02:00 CET jumps to 03:00 CEST.
    expect(isOpenAt(line, new Date('2026-03-29T00:30:00Z'), night)).toBe(true); // 01:30 CET
    expect(isOpenAt(line, new Date('2026-03-29T01:30:00Z'), night)).toBe(true); // 03:30 CEST
    expect(isOpenAt(line, new Date('2026-03-29T02:00:00Z'), night)).toBe(false); // 04:00 CEST
    // Last Sunday of October 2026: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
    expect(isOpenAt(line, new Date('2026-10-25T00:30:00Z'), night)).toBe(true); // 02:30 CEST
    expect(isOpenAt(line, new Date('2026-10-25T01:30:00Z'), night)).toBe(true); // 02:30 CET
    expect(isOpenAt(line, new Date('2026-10-25T03:00:00Z'), night)).toBe(false); // 04:00 CET
    expect(findNextOpening(line, new Date('2026-10-25T03:00:00Z'), night)?.at.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
});

