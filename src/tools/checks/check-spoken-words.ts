import { checkSpokenChoices, hintsFor, type Hotline, type LangCode, MAX_HINT_CHARS, MAX_HINTS, type Menu } from '../../hotline/index.js';
import type { ReachedStep } from '../walk/reachable.js';

export interface SpokenWordsReport {
  /** Different menus checked, each in every language it is heard in. */
  readonly menus: number;
  /** The most hints one menu gives Twilio. */
  readonly mostHints: number;
  readonly problems: readonly string[];
}

/**
 * The words a caller may say, in every menu a call can reach and every language it is heard in: each
 * option has words, no word names two options of one menu, and the hints fit Twilio's limits. The
 * language menu is heard in every language (it listens in the caller's likely one).
 */
export function checkSpokenWords(hotline: Hotline, steps: readonly ReachedStep[]): SpokenWordsReport {
  const menus = new Map<string, { menu: Menu; langs: readonly LangCode[] }>();
  const everyLanguage = hotline.languages.map((l) => l.code);
  for (const step of steps) {
    const offer = 'messageOffer' in step.input && step.input.messageOffer;
    for (const s of step.outcome.reply) {
      if (s.kind !== 'gather') continue;
      const menu = hotline.flow.menuFor(s.state, step.now, offer);
      const langs = menu.id === 'language' || !s.state.lang ? everyLanguage : [s.state.lang];
      const key = `${langs.join(',')}|${menu.id}|${menu.parent}|${JSON.stringify(menu.options.map((o) => [o.key, o.action]))}`;
      if (!menus.has(key)) menus.set(key, { menu, langs });
    }
  }
  const problems = new Set<string>();
  let mostHints = 0;
  for (const { menu, langs } of menus.values()) {
    for (const lang of langs) {
      for (const problem of checkSpokenChoices(menu, lang, hotline.spokenWords)) problems.add(problem);
      const hints = hintsFor(menu, lang, hotline.spokenWords);
      mostHints = Math.max(mostHints, hints.length);
      if (hints.length > MAX_HINTS) problems.add(`${lang}: the ${menu.id} menu listens for ${hints.length} words and phrases; Twilio takes at most ${MAX_HINTS} hints.`);
      for (const hint of hints) {
        if (hint.length > MAX_HINT_CHARS) problems.add(`${lang}: "${hint}" has ${hint.length} characters; Twilio takes hints of at most ${MAX_HINT_CHARS}.`);
      }
    }
  }
  return { menus: menus.size, mostHints, problems: [...problems] };
}
