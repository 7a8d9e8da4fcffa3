import { speech, type PromptParam, type Speech } from '../prompts/prompt-key.js';
import { WEEKDAYS, type Helpline, type TimeRange, type Weekday } from './directory.js';
import type { NextOpening } from './opening-hours.js';

// A template literal type: a weekday or form the prompt files lack fails `tsc`, with no cast.
const dayKey = (form: 'on' | 'from' | 'to', day: Weekday) => `time.days.${form}.${day}` as const;

/**
 * How opening hours are given: `spoken` says each hour in the language's own words ("з десятої до
 * шістнадцятої", "с десяти до шестнадцати", "from ten a.m. to four p.m."); `written` keeps the
 * directory's "10:00-16:00", for the text message.
 */
export type HoursForm = 'spoken' | 'written';

type ClockForm = 'from' | 'to' | 'at';
const HOURS = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23'] as const;
type Hour = (typeof HOURS)[number];

/**
 * "10:00" as spoken with its preposition: each language's word for each whole hour is a prompt
 * (`time.clock.from.h10`), since the forms differ (Ukrainian ordinals in the genitive, Russian
 * cardinals). A time with minutes has no words yet and stays written, so the prompt check, which
 * fails on clock digits in speech, names it.
 */
export function spokenClock(form: ClockForm, time: string): PromptParam {
  const [hour, minutes] = time.split(':');
  const known = HOURS.find((h) => h === hour);
  return known && minutes === '00' ? speech(`time.clock.${form}.h${known satisfies Hour}`) : time;
}

/** Runs of consecutive weekdays that share the same time range. */
function groupDays(hours: Exclude<Helpline['hours'], 'always'>): { days: Weekday[]; range: TimeRange }[] {
  const groups: { days: Weekday[]; range: TimeRange }[] = [];
  for (const day of WEEKDAYS) {
    for (const range of hours[day] ?? []) {
      const last = groups.at(-1);
      const previousDay = WEEKDAYS[WEEKDAYS.indexOf(day) - 1];
      if (last && last.range.start === range.start && last.range.end === range.end && last.days.at(-1) === previousDay) {
        last.days.push(day);
      } else {
        groups.push({ days: [day], range });
      }
    }
  }
  return groups;
}

/** "from Monday to Thursday, from ten a.m. to four p.m.", or "day and night", built from per-language phrases. */
export function describeHours(helpline: Helpline, form: HoursForm = 'spoken'): Speech {
  if (helpline.hours === 'always') return speech('time.alwaysOpen');
  const groups = groupDays(helpline.hours).map(({ days, range }) => {
    const first = days[0] as Weekday;
    const last = days.at(-1) as Weekday;
    const dayPhrase =
      days.length === 1
        ? speech(dayKey('on', first))
        : speech('time.dayRange', { from: speech(dayKey('from', first)), to: speech(dayKey('to', last)) });
    return form === 'written'
      ? speech('time.weeklyWritten', { days: dayPhrase, start: range.start, end: range.end })
      : speech('time.weekly', { days: dayPhrase, start: spokenClock('from', range.start), end: spokenClock('to', range.end) });
  });
  // A helpline with several distinct stretches lists them one after another.
  return groups.reduce((all, next) => speech('time.list', { first: all, next }));
}

/** "today at ten a.m.", "tomorrow at ten a.m." or "on Monday at ten a.m.". */
export function describeOpening(opening: Pick<NextOpening, 'weekday' | 'time' | 'daysAhead'>): Speech {
  const time = spokenClock('at', opening.time);
  if (opening.daysAhead === 0) return speech('time.opensToday', { time });
  if (opening.daysAhead === 1) return speech('time.opensTomorrow', { time });
  return speech('time.opensOn', { day: speech(dayKey('on', opening.weekday)), time });
}
