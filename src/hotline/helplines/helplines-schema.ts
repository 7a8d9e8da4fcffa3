import { z } from 'zod';
import { E164 } from './phone-number.js';
import { createHolidayCalendar } from './public-holidays.js';
import { fileWithEntries, shown, type NameSubject } from '../../content/describe-schema-error.js';

/** content/helplines.json: every number the line speaks or dials, its hours and closed days. */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);

const ID = /^[a-z][a-z0-9-]*$/;
const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
const TIME_RANGE = new RegExp(`^${TIME}-${TIME}$`);
/** Digit groups separated by spaces, optionally after a "+": "+47 22 33 11 60", "116 111", "112". */
const WRITTEN_NUMBER = /^\+?\d[\d ]*\d$/;
/** The same with 8 to 15 digits after "+": what E164 accepts once the spaces are gone (for editors). */
const WRITTEN_E164 = '^\\+[1-9] *(\\d *){6,13}\\d$';

/** One opening period on one weekday, "HH:mm-HH:mm" in the directory's time zone, within that day. */
function timeRangeSchema(day: string) {
  const expected = (input: unknown) => `${shown(input)} on ${day} is not a time range like "10:00-16:00" within one day`;
  return z
    .string({ error: (iss) => expected(iss.input) })
    .regex(TIME_RANGE, { error: (iss) => expected(iss.input), abort: true })
    .refine((range) => range.slice(0, 5) < range.slice(6), { error: (iss) => expected(iss.input), abort: true })
    .transform((range) => ({ start: range.slice(0, 5), end: range.slice(6) }));
}

function dayHoursSchema(day: (typeof WEEKDAYS)[number]) {
  return z
    .array(timeRangeSchema(day), { error: `hours for ${day} must be a list like ["10:00-16:00"]` })
    .describe(`Opening periods on ${day}, such as ["10:00-16:00"] or ["09:00-12:00", "13:00-15:00"].`)
    .optional();
}

export const weeklyHoursSchema = z
  .strictObject(
    {
      mon: dayHoursSchema('mon'),
      tue: dayHoursSchema('tue'),
      wed: dayHoursSchema('wed'),
      thu: dayHoursSchema('thu'),
      fri: dayHoursSchema('fri'),
      sat: dayHoursSchema('sat'),
      sun: dayHoursSchema('sun'),
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? `"${iss.keys[0]}" is not a weekday; use ${WEEKDAYS.join(', ')}` : undefined) },
  )
  .describe('Weekly hours: weekdays (mon..sun) with their opening periods; a day left out is closed.');

const LANGUAGES_EXPECTED = '"languages" must be a list of two-letter language codes, such as ["no", "en"]';
const HOURS_EXPECTED = '"hours" must be "always" or weekly hours such as {"mon": ["10:00-16:00"]}';

const helplineFields = {
  id: z
    .string({ error: (iss) => (iss.input === undefined ? 'needs an "id" of lower-case letters, digits and hyphens' : `"id" must be lower-case letters, digits and hyphens, not ${shown(iss.input)}`) })
    .regex(ID, { error: (iss) => `"id" must be lower-case letters, digits and hyphens, not ${shown(iss.input)}` })
    .describe('How prompts name this helpline: [[id]] reads its number, helplines.<id> its name. Lower-case letters, digits and hyphens.'),
  number: z
    .string({ error: 'needs a "number" of digits in groups, such as "+47 22 33 11 60" or "112"' })
    .regex(WRITTEN_NUMBER, { error: (iss) => `"number" must be digits in groups, such as "+47 22 33 11 60" or "112", not ${shown(iss.input)}` })
    .describe('The number as written in Norway, digit groups separated by spaces, such as "+47 22 33 11 60" or "116 111".'),
  dial: z
    .boolean({ error: '"dial" must be true or false' })
    .default(false)
    .describe('true only for full +47 numbers Twilio may put the caller through to; short numbers are spoken, never dialled.'),
  languages: z
    .array(z.string({ error: LANGUAGES_EXPECTED }).regex(/^[a-z]{2}$/, { error: LANGUAGES_EXPECTED }), { error: LANGUAGES_EXPECTED })
    .describe('ISO 639-1 codes of the languages the helpline answers in, such as ["no", "en"].'),
  interpreter: z.boolean({ error: '"interpreter" must be true or false' }).default(false).describe('Whether the helpline can bring in an interpreter.'),
  hours: z
    .union([z.literal('always'), weeklyHoursSchema], { error: HOURS_EXPECTED })
    .describe('"always", or weekly hours in the directory\'s time zone (mon..sun, "HH:mm-HH:mm"), such as {"mon": ["10:00-16:00"]}.'),
  closedDates: z
    .array(
      z.iso.date({ error: (iss) => (typeof iss.input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iss.input) ? `"closedDates" has ${shown(iss.input)}, which is not a date in the calendar` : '"closedDates" must be a list of dates like "2026-12-24"') }),
      { error: '"closedDates" must be a list of dates like "2026-12-24"' },
    )
    .default([])
    .describe('Extra closed days an operator adds, in the directory\'s time zone, such as ["2026-12-24"].'),
  closedOnHolidays: z
    .boolean({ error: '"closedOnHolidays" must be true or false' })
    .optional()
    .describe('Closed on the public holidays of "holidays"; the default for helplines that are not always open. false keeps the helpline open on them.'),
  youngPeople: z
    .boolean({ error: '"youngPeople" must be true or false' })
    .default(false)
    .describe('Offered first to a caller who chose the help for children and young people.'),
  emergency: z
    .boolean({ error: '"emergency" must be true or false' })
    .default(false)
    .describe('The number to call in danger, such as 112: read last by the static fallback and timed by the prompt check. One helpline at most; spoken, never dialled.'),
};

const HELPLINE_FIELDS = Object.keys(helplineFields).join(', ');

export const helplineSchema = z
  .strictObject(helplineFields, {
    error: (iss) =>
      iss.code === 'unrecognized_keys' ? `"${iss.keys[0]}" is not a field of a helpline; use ${HELPLINE_FIELDS}` : iss.code === 'invalid_type' ? 'must be an object such as {"id": "rosa", "number": "+47 22 33 11 60", …}' : undefined,
  })
  .superRefine((helpline, ctx) => {
    if (helpline.dial && helpline.emergency) ctx.addIssue({ code: 'custom', path: ['dial'], message: 'the emergency number is spoken, never dialled; set "dial": false' });
    if (helpline.dial && typeof helpline.number === 'string' && !E164.test(helpline.number.replace(/ /g, ''))) {
      ctx.addIssue({
        code: 'custom',
        path: ['dial'],
        message: `"${helpline.number}" cannot be dialled; only full international numbers (E.164, such as +47 22 33 11 60) may have "dial": true`,
      });
    }
  })
  .meta({
    description: 'One helpline: its number, whether it is dialled, its languages and its hours.',
    // Editors also flag a dialled number that is not E.164; the server checks the same.
    if: { type: 'object', properties: { dial: { type: 'boolean', const: true } }, required: ['dial'] },
    then: { type: 'object', properties: { number: { type: 'string', pattern: WRITTEN_E164 } } },
  })
  .transform((helpline) => ({
    ...helpline,
    /** The digits to dial: E.164 for full numbers, the short number otherwise. */
    dialString: helpline.number.replace(/ /g, ''),
    /** Closed on the country's public holidays (the default for helplines that are not always open). */
    closedOnHolidays: helpline.closedOnHolidays ?? helpline.hours !== 'always',
  }));

const ROOT_FIELDS = ['$schema', '$comment', 'timeZone', 'holidays', 'helplines'];

export const helplinesFileSchema = z
  .strictObject(
    {
      $schema: z.string().optional().describe('The JSON Schema editors check this file with.'),
      $comment: z.string().optional().describe('A note for the people editing this file; ignored.'),
      timeZone: z
        .string({ error: 'needs a "timeZone" such as "Europe/Oslo"' })
        .refine(isTimeZone, { error: (iss) => `${shown(iss.input)} is not a time zone; use one such as "Europe/Oslo"` })
        .describe('The time zone of the opening hours and closed dates, such as "Europe/Oslo".'),
      holidays: z
        .string({ error: '"holidays" must be a country code with a holiday calendar, such as "NO"' })
        .regex(/^[A-Z]{2}$/, { error: '"holidays" must be a country code with a holiday calendar, such as "NO"' })
        .transform((country, ctx) => {
          const calendar = createHolidayCalendar(country);
          if (!calendar) {
            ctx.addIssue({ code: 'custom', message: `"holidays" must be a country code with a holiday calendar, such as "NO"; "${country}" has none here` });
            return z.NEVER;
          }
          return calendar;
        })
        .optional()
        .describe('The country whose public holidays close the helplines that are not always open, such as "NO".'),
      helplines: z
        .array(helplineSchema, { error: 'needs a non-empty "helplines" list' })
        .min(1, { error: 'needs a non-empty "helplines" list' })
        .describe('Every number the line speaks or dials.'),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys' ? `"${iss.keys[0]}" is not a field of this file; use ${ROOT_FIELDS.join(', ')}` : iss.code === 'invalid_type' ? 'must be an object with "timeZone" and "helplines"' : undefined,
    },
  )
  .superRefine((file, ctx) => {
    const first = new Map<string, number>();
    if (!Array.isArray(file.helplines)) return;
    file.helplines.forEach((helpline, index) => {
      if (typeof helpline?.id !== 'string') return;
      const earlier = first.get(helpline.id);
      if (earlier === undefined) first.set(helpline.id, index);
      else ctx.addIssue({ code: 'custom', path: ['helplines', index, 'id'], message: `the id "${helpline.id}" is used twice (helplines ${earlier + 1} and ${index + 1}); give each helpline its own` });
    });
    const emergencies = file.helplines.flatMap((helpline, index) => (helpline?.emergency ? [index] : []));
    if (emergencies.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['helplines', emergencies[1]!, 'emergency'], message: `only one helpline can be the emergency number; helplines ${emergencies[0]! + 1} and ${emergencies[1]! + 1} both say "emergency": true` });
    }
  })
  .describe('Every number the line speaks or dials, when each helpline is open, and the holidays that close them. Checked at start-up; a bad entry stops the server with a sentence naming it.');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Names an entry by its id: `content/helplines.json, helpline "caritas"`. */
export const helplinesSubject = (where: string): NameSubject => fileWithEntries(where, 'helplines', 'helpline', 'id', ID);
