import { speech, type Speech } from '../prompts/prompt-key.js';
import { WEEKDAYS, type Helpline, type TimeRange, type Weekday } from './directory.js';
import type { NextOpening } from './opening-hours.js';

// A template literal type: a weekday or form the prompt files lack fails `tsc`, with no cast.
const dayKey = (form: 'on' | 'from' | 'to', day: Weekday) => `time.days.${form}.${day}` as const;

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

/** "from Monday to Thursday, from 10:00 to 16:00", or "day and night", built from per-language phrases. */
export function describeHours(helpline: Helpline): Speech {
  if (helpline.hours === 'always') return speech('time.alwaysOpen');
  const groups = groupDays(helpline.hours).map(({ days, range }) => {
    const first = days[0] as Weekday;
    const last = days.at(-1) as Weekday;
    const dayPhrase =
      days.length === 1
        ? speech(dayKey('on', first))
        : speech('time.dayRange', { from: speech(dayKey('from', first)), to: speech(dayKey('to', last)) });
    return speech('time.weekly', { days: dayPhrase, start: range.start, end: range.end });
  });
  // A line with several distinct stretches lists them one after another.
  return groups.reduce((all, next) => speech('time.list', { first: all, next }));
}

/** "today at 10:00", "tomorrow at 10:00" or "on Monday at 10:00". */
export function describeOpening(opening: NextOpening): Speech {
  if (opening.daysAhead === 0) return speech('time.opensToday', { time: opening.time });
  if (opening.daysAhead === 1) return speech('time.opensTomorrow', { time: opening.time });
  return speech('time.opensOn', { day: speech(dayKey('on', opening.weekday)), time: opening.time });
}
