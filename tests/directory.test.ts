import { describe, expect, it } from 'vitest';
import { DirectoryError, parseDirectory } from '../src/hotline/helplines/directory.js';

const valid = () => ({
  timeZone: 'Europe/Oslo',
  helplines: [
    { id: 'police-emergency', number: '112', dial: false, languages: [], hours: 'always' },
    { id: 'rosa', number: '+47 22 33 11 60', dial: true, languages: ['en'], interpreter: true, hours: 'always' },
  ],
});

describe('The helpline directory is checked at start-up', () => {
  it('When the file is valid, Then numbers keep their spoken groups and dialled lines their E.164 form', () => {
    const directory = parseDirectory(valid());
    expect(directory.find('rosa')).toMatchObject({ number: '+47 22 33 11 60', dialString: '+4722331160', dial: true });
    expect(directory.find('police-emergency')).toMatchObject({ dial: false, dialString: '112' });
  });

  it.each([
    ['a short number marked for dialling', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[0]!, { dial: true }), /police-emergency.*cannot be dialled/],
    ['a number with letters', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[1]!, { number: '+47 22 33 11 6O' }), /"rosa".*"number"/],
    ['a duplicate id', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[1]!, { id: 'police-emergency' }), /used twice/],
    ['hours that end before they start', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[1]!, { hours: { mon: ['16:00-10:00'] } }), /"rosa".*16:00-10:00/],
    ['an unknown weekday', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[1]!, { hours: { monday: ['10:00-16:00'] } }), /"monday" is not a weekday/],
    ['an unknown time zone', (d: ReturnType<typeof valid>) => Object.assign(d, { timeZone: 'Europe/Atlantis' }), /not a time zone/],
  ])('When the file has %s, Then start-up stops with a sentence naming the entry', (_name, spoil, message) => {
    const data = valid();
    spoil(data);
    expect(() => parseDirectory(data)).toThrow(DirectoryError);
    expect(() => parseDirectory(data)).toThrow(message);
  });

  type Spoil = (d: ReturnType<typeof valid> & Record<string, unknown>, rosa: Record<string, unknown>) => void;
  const HELPLINE_FIELDS = 'id, number, dial, languages, interpreter, hours, closedDates, closedOnHolidays, youngPeople, emergency';

  it.each<[string, Spoil, string]>([
    ['neither a time zone nor helplines', (d) => Object.assign(d, { helplines: undefined, timeZone: undefined }), 'content/helplines.json needs a "timeZone" such as "Europe/Oslo".'],
    ['no time zone', (d) => Object.assign(d, { timeZone: undefined }), 'content/helplines.json needs a "timeZone" such as "Europe/Oslo".'],
    ['an unknown time zone', (d) => Object.assign(d, { timeZone: 'Europe/Atlantis' }), 'content/helplines.json: "Europe/Atlantis" is not a time zone; use one such as "Europe/Oslo".'],
    ['a holiday country without a calendar', (d) => Object.assign(d, { holidays: 'XX' }), 'content/helplines.json: "holidays" must be a country code with a holiday calendar, such as "NO"; "XX" has none here.'],
    ['a holiday country that is not a code', (d) => Object.assign(d, { holidays: 'Norway' }), 'content/helplines.json: "holidays" must be a country code with a holiday calendar, such as "NO".'],
    ['an empty helplines list', (d) => Object.assign(d, { helplines: [] }), 'content/helplines.json needs a non-empty "helplines" list.'],
    ['a misspelt top-level field', (d) => Object.assign(d, { timezone: 'Europe/Oslo' }), 'content/helplines.json: "timezone" is not a field of this file; use $schema, $comment, timeZone, holidays, helplines.'],
    ['a helpline that is not an object', (d) => d.helplines.splice(1, 1, 'rosa' as never), 'content/helplines.json, helpline 2 must be an object such as {"id": "rosa", "number": "+47 22 33 11 60", …}.'],
    ['a helpline without an id', (_d, rosa) => delete rosa.id, 'content/helplines.json, helpline 2 needs an "id" of lower-case letters, digits and hyphens.'],
    ['an id with capitals', (_d, rosa) => Object.assign(rosa, { id: 'Rosa' }), 'content/helplines.json, helpline 2: "id" must be lower-case letters, digits and hyphens, not "Rosa".'],
    ['an id used twice', (_d, rosa) => Object.assign(rosa, { id: 'police-emergency' }), 'content/helplines.json, helpline "police-emergency": the id "police-emergency" is used twice (helplines 1 and 2); give each helpline its own.'],
    ['no number', (_d, rosa) => delete rosa.number, 'content/helplines.json, helpline "rosa" needs a "number" of digits in groups, such as "+47 22 33 11 60" or "112".'],
    ['a number with a letter', (_d, rosa) => Object.assign(rosa, { number: '+47 22 33 11 6O' }), 'content/helplines.json, helpline "rosa": "number" must be digits in groups, such as "+47 22 33 11 60" or "112", not "+47 22 33 11 6O".'],
    ['a short number marked for dialling', (d) => Object.assign(d.helplines[0]!, { dial: true }), 'content/helplines.json, helpline "police-emergency": "112" cannot be dialled; only full international numbers (E.164, such as +47 22 33 11 60) may have "dial": true.'],
    ['"dial" as text', (_d, rosa) => Object.assign(rosa, { dial: 'true' }), 'content/helplines.json, helpline "rosa": "dial" must be true or false.'],
    ['languages that are not codes', (_d, rosa) => Object.assign(rosa, { languages: ['English'] }), 'content/helplines.json, helpline "rosa": "languages" must be a list of two-letter language codes, such as ["no", "en"].'],
    ['"interpreter" as text', (_d, rosa) => Object.assign(rosa, { interpreter: 'yes' }), 'content/helplines.json, helpline "rosa": "interpreter" must be true or false.'],
    ['hours that are neither "always" nor weekly', (_d, rosa) => Object.assign(rosa, { hours: 'Always' }), 'content/helplines.json, helpline "rosa": "hours" must be "always" or weekly hours such as {"mon": ["10:00-16:00"]}.'],
    ['an unknown weekday', (_d, rosa) => Object.assign(rosa, { hours: { monday: ['10:00-16:00'] } }), 'content/helplines.json, helpline "rosa": "monday" is not a weekday; use mon, tue, wed, thu, fri, sat, sun.'],
    ['a day whose hours are not a list', (_d, rosa) => Object.assign(rosa, { hours: { mon: '10:00-16:00' } }), 'content/helplines.json, helpline "rosa": hours for mon must be a list like ["10:00-16:00"].'],
    ['a time without its colon', (_d, rosa) => Object.assign(rosa, { hours: { tue: ['1000-16:00'] } }), 'content/helplines.json, helpline "rosa": "1000-16:00" on tue is not a time range like "10:00-16:00" within one day.'],
    ['hours that end before they start', (_d, rosa) => Object.assign(rosa, { hours: { mon: ['16:00-10:00'] } }), 'content/helplines.json, helpline "rosa": "16:00-10:00" on mon is not a time range like "10:00-16:00" within one day.'],
    ['closed dates that are not a list of dates', (_d, rosa) => Object.assign(rosa, { closedDates: ['24.12.2026'] }), 'content/helplines.json, helpline "rosa": "closedDates" must be a list of dates like "2026-12-24".'],
    ['a closed date that is not in the calendar', (_d, rosa) => Object.assign(rosa, { closedDates: ['2026-02-30'] }), 'content/helplines.json, helpline "rosa": "closedDates" has "2026-02-30", which is not a date in the calendar.'],
    ['"closedOnHolidays" as text', (_d, rosa) => Object.assign(rosa, { closedOnHolidays: 'no' }), 'content/helplines.json, helpline "rosa": "closedOnHolidays" must be true or false.'],
    ['"youngPeople" as text', (_d, rosa) => Object.assign(rosa, { youngPeople: 'yes' }), 'content/helplines.json, helpline "rosa": "youngPeople" must be true or false.'],
    ['a dialled emergency number', (_d, rosa) => Object.assign(rosa, { emergency: true }), 'content/helplines.json, helpline "rosa": the emergency number is spoken, never dialled; set "dial": false.'],
    ['two emergency numbers', (d) => Object.assign(d.helplines[0]!, { emergency: true }) && Object.assign(d.helplines[1]!, { dial: false, emergency: true }), 'content/helplines.json, helpline "rosa": only one helpline can be the emergency number; helplines 1 and 2 both say "emergency": true.'],
    ['a misspelt field', (_d, rosa) => Object.assign(rosa, { youngpeople: true }), `content/helplines.json, helpline "rosa": "youngpeople" is not a field of a helpline; use ${HELPLINE_FIELDS}.`],
  ])('When the file has %s, Then the sentence names the file, the entry and what is expected', (_name, spoil, message) => {
    const data = valid() as ReturnType<typeof valid> & Record<string, unknown>;
    spoil(data, data.helplines[1] as Record<string, unknown>);
    expect(() => parseDirectory(data)).toThrow(new DirectoryError(message));
  });

  it('When the file is not an object, Then the sentence says what it must be', () => {
    expect(() => parseDirectory([], 'content/helplines.json')).toThrow(new DirectoryError('content/helplines.json must be an object with "timeZone" and "helplines".'));
  });

  it('When the file has a "$schema" line and a "$comment", Then they are ignored', () => {
    const directory = parseDirectory({ $schema: './helplines.schema.json', $comment: 'edited for Christmas', ...valid() });
    expect(directory.helplines.map((h) => h.id)).toEqual(['police-emergency', 'rosa']);
  });

  it('When fields are left out, Then the defaults are those of the schema', () => {
    const line = parseDirectory({ timeZone: 'Europe/Oslo', helplines: [{ id: 'x', number: '+47 31 40 23 00', languages: ['uk'], hours: { mon: ['10:00-16:00'] } }] }).find('x');
    expect(line).toEqual({
      id: 'x', number: '+47 31 40 23 00', dialString: '+4731402300', dial: false, languages: ['uk'], interpreter: false,
      hours: { mon: [{ start: '10:00', end: '16:00' }] }, closedDates: [], closedOnHolidays: true, youngPeople: false, emergency: false,
    });
  });
});
