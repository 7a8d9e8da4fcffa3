import { collectLeafKeys, findPlaceholderProblems, type Hotline, type HotlineSources, MESSAGE_BODY_KEY, numbersMessageText, smsSegments, type SmsSegments, toSegments } from '../../hotline/index.js';
import { checkCompleteness, checkLetters, checkMessageWords, checkNumbers, type MessageWords } from './check-prompt-texts.js';
import { BUDGETS, checkTiming, type Timing } from './check-timing.js';
import { walkLine, type WalkedLine } from '../walk/walk-week.js';
import { checkSpokenWords, type SpokenWordsReport } from './check-spoken-words.js';
import { checkReachableAnswers, type LimitsReport } from './check-twiml-limits.js';
import { errorMessage } from '../../content/error-message.js';

/** The text message with the numbers: at most this many SMS segments (each is billed). */
export const MAX_MESSAGE_SEGMENTS = 3;

export interface LanguageSummary extends Timing {
  readonly lang: string;
  readonly keys: number;
  readonly missing: number;
  /** The text message with the numbers, as it is sent: its encoding, length and SMS segments. */
  readonly message: SmsSegments | undefined;
}

export interface PromptReport {
  readonly problems: readonly string[];
  /** Every reachable answer against Twilio's and the voices' limits; undefined when the line could not be built. */
  readonly limits: LimitsReport | undefined;
  /** The words callers may say, menu by menu; undefined when the line could not be built. */
  readonly spokenWords: SpokenWordsReport | undefined;
  /** Whether the line was checked with spoken answers on (the budgets then include "you can say it"). */
  readonly spokenAnswers: boolean;
  readonly languages: readonly LanguageSummary[];
  readonly recordings: readonly string[];
}

/**
 * The text message as it is sent, per language: every number of the directory in it, and at most
 * MAX_MESSAGE_SEGMENTS SMS segments.
 */
function checkMessages(hotline: Hotline, problems: string[]): Map<string, SmsSegments> {
  const summaries = new Map<string, SmsSegments>();
  for (const language of hotline.languages) {
    const text = numbersMessageText(hotline.catalog, hotline.directory, language.code);
    const named = new Set(toSegments(hotline.catalog.text(language.code, { key: MESSAGE_BODY_KEY })).flatMap((s) => (s.kind === 'number' ? [s.helplineId] : [])));
    for (const helpline of hotline.directory.helplines) {
      if (!named.has(helpline.id)) problems.push(`${language.code}: "${MESSAGE_BODY_KEY}" leaves out [[${helpline.id}]]; the text message lists every number in content/helplines.json.`);
    }
    const segments = smsSegments(text);
    summaries.set(language.code, segments);
    if (segments.segments > MAX_MESSAGE_SEGMENTS) {
      problems.push(
        `${language.code}: the text message takes ${segments.segments} SMS segments (${segments.units} ${segments.encoding} characters); the limit is ${MAX_MESSAGE_SEGMENTS}` +
          (segments.encoding === 'UCS-2' ? ', about 200 characters in Cyrillic.' : ', about 450 characters in Latin letters.'),
      );
    }
  }
  return summaries;
}

export interface CheckOptions {
  /**
   * Builds the line from the sources once the static checks pass (the composition root does it).
   * Build it with spoken answers on: every answer then says and listens for at least as much as with them off.
   */
  readonly build: (sources: HotlineSources) => Hotline;
  /** The moments the call flow is walked at. */
  readonly instants: readonly Date[];
  readonly recordings?: readonly string[];
  /** The words the text message may hold, per language (content/message-words.json). */
  readonly messageWords: MessageWords;
}

/**
 * Builds the line and walks every step a call can reach at `instants`. A prompt the call flow reads
 * that the prompt files lack stops the walk where it is first read (the catalog resolves each
 * sentence as the flow speaks it): that comes back as one sentence naming the key, instead of
 * being answered with the fail-safe message when a caller reaches it.
 */
export function buildAndWalk(sources: HotlineSources, build: (sources: HotlineSources) => Hotline, instants: readonly Date[]): { hotline: Hotline; walked: WalkedLine } | { problem: string } {
  try {
    const hotline = build(sources);
    return { hotline, walked: walkLine(hotline, instants) };
  } catch (error) {
    return { problem: `The call flow cannot be built from these prompts: ${errorMessage(error)}` };
  }
}

/** Everything `npm run check:prompts` checks, as a list of sentences and a summary per language. */
export function checkPrompts(sources: HotlineSources, options: CheckOptions): PromptReport {
  const problems: string[] = [];
  const missing = checkCompleteness(sources, problems);
  problems.push(...findPlaceholderProblems(sources.files, sources.directory.helplines.map((h) => h.id)));
  for (const language of sources.languages) {
    const tree = sources.files[language.code] ?? {};
    checkLetters(language, tree, problems);
    checkNumbers(language, tree, sources.directory, problems);
    checkMessageWords(language, sources.files, options.messageWords, problems);
  }

  let timing = new Map<string, Timing>();
  let messages = new Map<string, SmsSegments>();
  let limits: LimitsReport | undefined;
  let spokenWords: SpokenWordsReport | undefined;
  let spokenAnswers = false;
  const built = problems.length === 0 ? buildAndWalk(sources, options.build, options.instants) : undefined;
  if (built && 'problem' in built) problems.push(built.problem);
  else if (built) {
    try {
      const { hotline, walked } = built;
      messages = checkMessages(hotline, problems);
      // One walk of every reachable step serves the speaking times and Twilio's limits.
      timing = checkTiming(hotline, walked, problems);
      limits = checkReachableAnswers(hotline, walked.steps);
      problems.push(...limits.problems);
      spokenWords = checkSpokenWords(hotline, walked.steps);
      problems.push(...spokenWords.problems);
      spokenAnswers = hotline.speech !== undefined;
    } catch (error) {
      problems.push(`The call flow cannot be built from these prompts: ${errorMessage(error)}`);
    }
  }
  return {
    problems,
    limits,
    spokenWords,
    spokenAnswers,
    recordings: options.recordings ?? [],
    languages: sources.languages.map((language) => ({
      lang: language.code,
      keys: collectLeafKeys(sources.files[language.code] ?? {}).length,
      missing: missing.get(language.code) ?? 0,
      longestMenu: timing.get(language.code)?.longestMenu,
      secondsUntil112: timing.get(language.code)?.secondsUntil112,
      firstResponseSeconds: timing.get(language.code)?.firstResponseSeconds,
      menus: timing.get(language.code)?.menus ?? [],
      ownCountry: timing.get(language.code)?.ownCountry,
      noCountry: timing.get(language.code)?.noCountry,
      toPerson: timing.get(language.code)?.toPerson,
      longestAnswer: timing.get(language.code)?.longestAnswer,
      message: messages.get(language.code),
    })),
  };
}

/** "7.1 s / 9.0 s": a figure for a caller from the language's own country, then for one from no listed country. */
function ownAndNone(l: LanguageSummary, figure: (t: NonNullable<LanguageSummary['noCountry']>) => string | undefined): string {
  const shown = (t: LanguageSummary['noCountry']) => (t && figure(t)) ?? '–';
  return `${shown(l.ownCountry)} / ${shown(l.noCountry)}`;
}

export function formatReport(report: PromptReport): string {
  const rows = report.languages.map((l) => [
    l.lang,
    `${l.keys - l.missing}/${l.keys} keys${l.missing ? `, ${l.missing} missing` : ''}`,
    ownAndNone(l, (t) => `${t.keySeconds.toFixed(1)} s`),
    `${ownAndNone(l, (t) => t.toPerson && `${t.toPerson.seconds.toFixed(1)} s`)}${l.toPerson ? ` (${l.toPerson.helpline})` : ''}`,
    ownAndNone(l, (t) => t.rollover && `+${t.rollover.seconds.toFixed(1)} s`),
    l.longestAnswer ? `${l.longestAnswer.seconds.toFixed(1)} s (${l.longestAnswer.name})` : '–',
    l.longestMenu ? `${l.longestMenu.name} ${l.longestMenu.seconds.toFixed(1)} s` : '–',
    l.menus.map((m) => `${m.name} ${m.seconds.toFixed(1)}`).join(', ') || '–',
  ]);
  const header = ['language', 'complete', 'own key: own country / none', 'to a person: own country / none', 'rollover: own / none', 'longest answer', 'longest menu', 'every menu (s)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const first = report.languages[0]?.firstResponseSeconds;
  return [
    line(header),
    ...rows.map(line),
    '',
    `Opening (112 warnings and language keys, the caller's language first): 112 after at most ${report.languages[0]?.secondsUntil112?.toFixed(1) ?? '–'} s (budget ${BUDGETS.firstEmergencyNumber} s), ` +
      `the whole opening at most ${first === undefined ? '–' : `${first.toFixed(1)} s`}; own key within ${BUDGETS.ownKey} s for a caller from the language's own country, every key within ${BUDGETS.everyKey} s for any caller.`,
    `Budgets: a person within ${BUDGETS.personFromOwnCountry} s of speech for a first-time caller from the language's own country and ${BUDGETS.person} s for any other (the slowest situation of the week), ` +
      `no answer over ${BUDGETS.answer} s, no menu over ${BUDGETS.menu} s. "none": a withheld number or a country that suggests no language (such as +47).`,
    `Rollover: when that helpline is busy, does not answer or fails, the line puts the caller through to the next that fits and is open; the next phone rings within ${BUDGETS.rollover} s of speech more ("rollover", the slowest situation of the week).`,
    `Text message (at most ${MAX_MESSAGE_SEGMENTS} SMS segments): ${
      report.languages.map((l) => (l.message ? `${l.lang} ${l.message.segments} (${l.message.units} ${l.message.encoding} characters)` : `${l.lang} –`)).join(', ')
    }.`,
    `Spoken answers: ${report.spokenAnswers ? 'on in this check (times include "you can say it")' : 'off in this check'}; ${
      report.spokenWords ? `the words of ${report.spokenWords.menus} different menus checked in every language they are heard in, at most ${report.spokenWords.mostHints} hints in one menu (limit 500).` : 'words not checked.'
    }`,
    `Recordings: ${report.recordings.length ? report.recordings.join(', ') : 'none (every prompt is spoken by TTS)'}.`,
    ...(report.limits
      ? [
          `Twilio's limits: ${report.limits.answers.toLocaleString('en')} reachable steps, ${report.limits.rendered} different answers rendered, ` +
            `the largest ${report.limits.largestBytes.toLocaleString('en')} bytes (limit 65,536), each <Say> checked against its provider's SSML and length, and for Latin words, clock digits and digits right before a number.`,
        ]
      : []),
    '',
    report.problems.length === 0 ? 'Prompts OK.' : `${report.problems.length} problem(s):\n${report.problems.map((p) => `  - ${p}`).join('\n')}`,
  ].join('\n');
}
