import type { Directory } from '../helplines/directory.js';
import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import type { LangCode, LineLanguage, MenuId, TopicId } from './call-state.js';
import type { HelplineKeys } from './helpline-keys.js';

export type Action =
  | { readonly kind: 'language'; readonly lang: LangCode }
  | { readonly kind: 'topic'; readonly topic: TopicId }
  /** In a part menu: read the part `step` away from the one just read (1 the next, 0 the same). */
  | { readonly kind: 'part'; readonly step: 0 | 1 }
  | { readonly kind: 'menu'; readonly menu: MenuId }
  | { readonly kind: 'talk' }
  | { readonly kind: 'connect'; readonly helplineId: string }
  | { readonly kind: 'numbers' }
  | { readonly kind: 'emergency' }
  | { readonly kind: 'repeat' }
  | { readonly kind: 'back' }
  /** Send the numbers in a text message: the adapter sends it and asks the flow for a `message-result`. */
  | { readonly kind: 'message' };

/** The options a caller can name, each with its words in every language's prompt file (`spoken.options.<id>`). */
export const SPOKEN_OPTION_IDS = [
  'talk',
  'signs',
  'safety',
  'housing',
  'rights',
  'helplines',
  'young',
  'language',
  'repeat',
  'back',
  'mainMenu',
  'emergency',
  'numbers',
  'next',
  'again',
  'message',
] as const;
export type SpokenOptionId = (typeof SPOKEN_OPTION_IDS)[number];

/** Where the words of one option come from. */
export type WordSource =
  | { readonly kind: 'option'; readonly id: SpokenOptionId }
  /** A helpline is named by its name, as the menu says it. */
  | { readonly kind: 'helpline'; readonly id: string }
  /**
   * A language is named as the recogniser listening to the caller writes it: a +7 caller's
   * "українська" comes out of the Russian recogniser as "украинский", so each listening language
   * has its own list of every language's names (`spoken.languages.<code>` in its prompt file).
   */
  | { readonly kind: 'language-name'; readonly lang: LangCode };

export interface MenuOption {
  readonly key: string;
  readonly action: Action;
  /** Read out in the menu; options without a label work but are not announced. */
  readonly label: Speech | undefined;
  /** What a caller may say to choose it, besides its key said as a number (spoken answers). */
  readonly words: readonly WordSource[];
}

export interface Menu {
  readonly id: MenuId;
  readonly title: Speech | undefined;
  readonly parent: MenuId;
  readonly options: readonly MenuOption[];
}

const option = (key: string, action: Action, label: PromptKey | Speech | undefined, words: readonly WordSource[]): MenuOption => ({
  key,
  action,
  label: typeof label === 'string' ? speech(label) : label,
  words,
});
/** Words from the prompt files' `spoken.options`. */
const said = (...ids: SpokenOptionId[]): WordSource[] => ids.map((id) => ({ kind: 'option', id }));
const helplineNamed = (id: string): WordSource[] => [{ kind: 'helpline', id }];

/** Keys that work the same in every menu. */
export const EMERGENCY_KEY = '0';
export const REPEAT_KEY = '9';
export const BACK_KEY = '*';
export const CHANGE_LANGUAGE_KEY = '8';
/** Offers the numbers in a text message, where they were just heard; free in every menu (finishOnKey is empty). */
export const MESSAGE_KEY = '#';

/** Back to the main menu may be asked for by name; back from the main menu is the language menu. */
const BACK_TO_MAIN = said('back', 'mainMenu');

const commonOptions = (announce: { back: boolean; others: boolean }, backWords: readonly WordSource[]): MenuOption[] => [
  option(REPEAT_KEY, { kind: 'repeat' }, announce.others ? 'main.labels.repeat' : undefined, said('repeat')),
  option(BACK_KEY, { kind: 'back' }, announce.back ? 'main.labels.back' : undefined, backWords),
  option(EMERGENCY_KEY, { kind: 'emergency' }, announce.others ? 'main.labels.emergency' : undefined, said('emergency')),
];
const ANNOUNCE_ALL = { back: true, others: true };

export const topicPrefix = (topic: TopicId) => `topics.${topic}`;
/** A topic's one title: the main menu's label for it, so a label and what its key reads cannot drift apart. */
export const topicTitle = (topic: TopicId) => `topics.${topic}.title` as const;

const topicOption = (key: string, topic: TopicId): MenuOption => option(key, { kind: 'topic', topic }, topicTitle(topic), said(topic));

export interface MenuContext {
  readonly languages: readonly LineLanguage[];
  readonly directory: Directory;
  readonly helplineKeys: (id: string) => HelplineKeys;
}

/** The menus that do not depend on the moment of the call. */
export type StaticMenus = Readonly<Record<Exclude<MenuId, 'retry' | 'part'>, Menu>>;

export function buildStaticMenus(ctx: MenuContext): StaticMenus {
  const dialable = ctx.directory.helplines.filter((h) => h.dial);
  return {
    language: {
      id: 'language',
      title: undefined,
      parent: 'language',
      // Each language is offered in its own voice; the flow speaks the label in that language.
      options: [
        ...ctx.languages.map((l) => option(l.key, { kind: 'language', lang: l.code }, undefined, [{ kind: 'language-name', lang: l.code }])),
        ...commonOptions({ back: false, others: false }, said('back')).filter((o) => o.action.kind !== 'back'),
      ],
    },
    main: {
      id: 'main',
      title: speech('main.title'),
      parent: 'language',
      options: [
        // A person first: a caller who wants one hears this option first and presses 1.
        option('1', { kind: 'talk' }, 'main.labels.talk', said('talk')),
        topicOption('2', 'signs'),
        topicOption('3', 'safety'),
        topicOption('4', 'housing'),
        topicOption('5', 'rights'),
        option('6', { kind: 'menu', menu: 'helplines' }, 'main.labels.helplines', said('helplines')),
        topicOption('7', 'young'),
        option(CHANGE_LANGUAGE_KEY, { kind: 'menu', menu: 'language' }, 'main.labels.language', said('language')),
        // Back from the main menu is the language menu, already announced as key 8.
        ...commonOptions({ back: false, others: true }, said('back')),
      ],
    },
    helplines: {
      id: 'helplines',
      title: speech('helplinesMenu.title'),
      parent: 'main',
      options: [
        ...dialable.map((h, i) => option(String(i + 1), { kind: 'connect', helplineId: h.id }, ctx.helplineKeys(h.id).label, helplineNamed(h.id))),
        option(String(dialable.length + 1), { kind: 'numbers' }, 'helplinesMenu.labels.numbers', said('numbers')),
        ...commonOptions(ANNOUNCE_ALL, BACK_TO_MAIN),
      ],
    },
  };
}

/**
 * After a part of a reading: the next part, or after the last one a person to talk to (key 1 goes
 * forward either way); this part again; the main menu; the emergency key. Any key pressed while a
 * part is read is a choice in this menu.
 */
export function buildPartMenu(part: number, parts: number): Menu {
  const last = part >= parts;
  return {
    id: 'part',
    title: last ? speech('topicMenu.lastTitle') : speech('topicMenu.title', { part: String(part), parts: String(parts) }),
    parent: 'main',
    options: [
      last ? option('1', { kind: 'talk' }, 'main.labels.talk', said('talk')) : option('1', { kind: 'part', step: 1 }, 'topicMenu.labels.next', said('next')),
      option('2', { kind: 'part', step: 0 }, 'topicMenu.labels.again', said('again')),
      option(BACK_KEY, { kind: 'back' }, 'topicMenu.labels.main', BACK_TO_MAIN),
      // 9 repeats this menu as everywhere, unannounced: "hear this part again" is what a listener wants.
      option(REPEAT_KEY, { kind: 'repeat' }, undefined, said('repeat')),
      option(EMERGENCY_KEY, { kind: 'emergency' }, 'main.labels.emergency', said('emergency')),
    ],
  };
}

/** After a transfer did not happen: offer the next helpline if one is open, and the numbers to dial. */
export function buildRetryMenu(next: { id: string; name: Speech } | undefined): Menu {
  const offer = next ? [option('1', { kind: 'connect', helplineId: next.id }, speech('retryMenu.labels.next', { name: next.name }), helplineNamed(next.id))] : [];
  return {
    id: 'retry',
    title: speech('retryMenu.title'),
    parent: 'main',
    // Numbered from 1 whatever is offered, so the menu never starts with a gap.
    options: [...offer, option(String(offer.length + 1), { kind: 'numbers' }, 'retryMenu.labels.numbers', said('numbers')), ...commonOptions(ANNOUNCE_ALL, BACK_TO_MAIN)],
  };
}

/** A menu with the text-message offer as its last option, read out after the emergency key. */
export function withMessageOffer(menu: Menu): Menu {
  return { ...menu, options: [...menu.options, option(MESSAGE_KEY, { kind: 'message' }, 'textMessage.offer', said('message'))] };
}
