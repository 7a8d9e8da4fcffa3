import { chooseHelpline, type HelplineChoice } from '../helplines/choose-helpline.js';
import { describeOpening } from '../helplines/describe-hours.js';
import type { Directory, Helpline } from '../helplines/directory.js';
import { speech, type PromptKey, type Speech } from '../prompts/prompt-key.js';
import type { Segment } from '../prompts/segments.js';
import type { DialStatus } from './call-status.js';
import { MAX_SILENCES, START, type CallState, type DialState, type LangCode, type LineLanguage, type ReadingId, type TopicId } from './call-state.js';
import type { FlowInput } from './flow-input.js';
import type { HelplineKeys } from './helpline-keys.js';
import {
  buildPartMenu,
  buildRetryMenu,
  buildStaticMenus,
  CHANGE_LANGUAGE_KEY,
  MESSAGE_KEY,
  withMessageOffer,
  type Action,
  type Menu,
} from './menus.js';
import { forTheCall, offersMessage, withoutEmergency } from './message-offer.js';
import { createReadings } from './readings.js';
import { staticFallbackReply } from './static-fallback.js';
import type { CallEvent, Gather, Outcome, Reply, Say } from './reply.js';

export interface FlowContext {
  readonly languages: readonly LineLanguage[];
  readonly directory: Directory;
  /** The prompt keys of each topic, part by part, in the order they are read. */
  readonly topicParts: Readonly<Record<TopicId, readonly (readonly PromptKey[])[]>>;
  readonly helplineKeys: (id: string) => HelplineKeys;
  /** A sentence in one language as words and numbers (the prompt catalog resolves it). */
  readonly speak: (lang: LangCode, s: Speech) => readonly Segment[];
  /** Menus also listen for spoken answers: the first menu after the language choice says so once, at its end. */
  readonly spokenAnswers?: boolean;
}

/** The pure call flow: one function from (input, instant) to what the line says and does, and what to count. */
export interface CallFlow {
  step(input: FlowInput, now: Date): Outcome;
  /** The menu a caller in this state is in; `messageOffer` as in the flow input (the text message is offered where numbers were just heard). */
  menuFor(state: CallState, now: Date, messageOffer?: boolean): Menu;
  /** How many parts a reading is read in. */
  partsOf(reading: ReadingId): number;
}

/** Who hears a sentence: one language, or every language in the order this caller hears them (before they chose one). */
type Audience = LangCode | readonly LangCode[];

/** The moment of a step, whether this caller may be offered the numbers in a text message, and the order they hear the languages in. */
interface At {
  readonly now: Date;
  readonly offer: boolean;
  readonly order: readonly LangCode[];
  /** What this step counts where it decides it, besides what its outcome names: each text-message offer made. */
  readonly counted: CallEvent[];
}

const ANY_INSTANT = new Date(0);
/** The word said for a key that is not a digit, in every menu. */
export const KEY_WORDS: Readonly<Record<string, PromptKey>> = { '*': 'keys.star', '#': 'keys.hash' };

const said = (reply: Reply, events: CallEvent[] = []): Outcome => ({ reply, events: [...events, ...transfersStarted(reply)] });

function transfersStarted(reply: Reply): CallEvent[] {
  return reply.flatMap((step) => (step.kind === 'dial' ? [{ kind: 'transfer', helplineId: step.helplineId, outcome: 'started' } as const] : []));
}

export function createCallFlow(ctx: FlowContext): CallFlow {
  const staticMenus = buildStaticMenus(ctx);
  const readings = createReadings(ctx.directory, ctx.helplineKeys, ctx.topicParts);
  const readingParts = readings.parts;
  const partsOf = readings.count;
  const everyone = ctx.languages.map((l) => l.code);
  const keyOf = new Map(ctx.languages.map((l) => [l.code, l.key]));
  // The language the caller's country suggests first, then the others in the line's order; each keeps its key.
  const orders = new Map(everyone.map((first) => [first, [first, ...everyone.filter((code) => code !== first)]]));
  const orderFor = (likely: LangCode | undefined): readonly LangCode[] => (likely && orders.get(likely)) || everyone;
  const nameOf = (id: string): Speech => {
    const key = ctx.helplineKeys(id).name;
    if (!key) throw new Error(`"${id}" cannot be dialled, so it has no spoken name.`);
    return speech(key);
  };

  const say = (audience: Audience, s: Speech, announces?: string): Say[] =>
    (typeof audience === 'string' ? [audience] : audience).map((lang) => ({ kind: 'say', lang, key: s.key, segments: ctx.speak(lang, s), ...(announces ? { announces } : {}) }));
  const keyWord = (key: string): Speech | string => (KEY_WORDS[key] ? speech(KEY_WORDS[key]) : key);

  // The language menu speaks every language, even to a caller who came back to it to change language.
  const audience = (state: CallState, at: At): Audience => (state.menu === 'language' ? at.order : (state.lang ?? at.order));

  const choose = (state: CallState & { lang: LangCode }, now: Date, directory = ctx.directory) =>
    chooseHelpline({ lang: state.lang, instant: now, tried: state.tried, young: state.young }, directory);
  const nextLine = (state: CallState, now: Date): Helpline | undefined => (state.lang ? choose({ ...state, lang: state.lang }, now).line : undefined);

  const baseMenu = (state: CallState, now: Date): Menu => {
    if (state.menu === 'part') return buildPartMenu(state.part ?? 1, state.reading ? partsOf(state.reading) : 1);
    if (state.menu !== 'retry') return staticMenus[state.menu];
    const next = nextLine(state, now);
    return buildRetryMenu(next && { id: next.id, name: nameOf(next.id) });
  };
  const menuWith = (state: CallState, now: Date, offer: boolean): Menu => (offer ? withMessageOffer(baseMenu(state, now)) : baseMenu(state, now));
  const menuFor = (state: CallState, now: Date, messageOffer = false): Menu => menuWith(state, now, offersMessage(state, messageOffer));
  const menuAt = (state: CallState, at: At): Menu => menuFor(state, at.now, at.offer);
  /** The menu a caller is about to hear. Where it offers the text message, the offer is counted here, where it is decided. */
  const shownMenu = (state: CallState, at: At): Menu => {
    const offer = offersMessage(state, at.offer);
    if (offer && state.lang) at.counted.push({ kind: 'message', lang: state.lang, outcome: 'offered' });
    return menuWith(state, at.now, offer);
  };

  function menuBody(state: CallState, at: At, withTitle: boolean): readonly Say[] {
    return buildMenuBody(shownMenu(state, at), audience(state, at), withTitle);
  }

  function buildMenuBody(menu: Menu, lang: Audience, withTitle: boolean): Say[] {
    if (menu.id === 'language') {
      return (typeof lang === 'string' ? [lang] : lang).flatMap((code) => {
        const key = keyOf.get(code) ?? '';
        return say(code, speech('language.choose', { key }), key);
      });
    }
    const title = menu.title && withTitle ? say(lang, menu.title) : [];
    const options = menu.options.flatMap((o) => (o.label ? say(lang, speech('menu.option', { label: o.label, key: keyWord(o.key) }), o.key) : []));
    return [...title, ...options];
  }

  const gather = (state: CallState, at: At, preface: readonly Say[] = [], withTitle = true, after: readonly Say[] = []): Gather => ({
    kind: 'gather',
    state,
    body: [...preface, ...menuBody(state, at, withTitle), ...after],
  });
  /**
   * The first menu in a language the call did not have before: where menus listen for spoken
   * answers, it ends by saying so, after every option, so "talk to someone now" comes no later for it.
   */
  const firstMenu = (state: CallState & { lang: LangCode }, before: LangCode | undefined, at: At, preface: readonly Say[], withTitle: boolean): Gather =>
    gather(state, at, preface, withTitle, ctx.spokenAnswers && before !== state.lang ? say(state.lang, speech('spoken.hint')) : []);
  const menuReply = (state: CallState, at: At, preface: readonly Say[] = []): Reply => [gather(state, at, preface)];
  /**
   * A menu after a sentence. In the language menu the sentence is said in every language: first in
   * the caller's first language, then come the language keys, then the sentence in the other
   * languages. So every caller hears 112 or what happened at once and their key soon after, and each
   * added language adds only its short key sentence before the last key.
   */
  const menuAfter = (state: CallState, at: At, s: Speech): Gather => {
    const heard = audience(state, at);
    if (typeof heard === 'string') return gather(state, at, say(heard, s));
    const [first, ...others] = heard;
    return { kind: 'gather', state, body: [...(first ? say(first, s) : []), ...menuBody(state, at, true), ...say(others, s)] };
  };
  /** Moves to another menu; only a part menu keeps the reading and part, and no menu keeps the offer after the emergency key. */
  const enter = (state: CallState, menu: CallState['menu']): CallState => {
    const left = withoutEmergency(state);
    return menu === 'part' ? { ...left, menu } : { ...left, menu, reading: undefined, part: undefined };
  };

  /** The sentences of one part of a reading. */
  const readPart = (lang: Audience, reading: ReadingId, part: number): Say[] => (readingParts(reading)[part - 1] ?? []).flatMap((s) => say(lang, s));
  /** Starts reading something out: its first part, then the menu that goes on to the next. A topic says once that any key stops it. */
  const startReading = (state: CallState, reading: ReadingId, at: At, preface: readonly Say[] = []): Reply => {
    const lang = audience(state, at);
    const announce = reading === 'numbers' ? [] : say(lang, speech('topicMenu.anyKey'));
    return menuReply({ ...enter(state, 'part'), reading, part: 1 }, at, [...preface, ...announce, ...readPart(lang, reading, 1)]);
  };

  const explainClosed = (lang: LangCode, choice: HelplineChoice): Say[] =>
    choice.closed.flatMap(({ line, opens }) =>
      say(lang, opens ? speech('transfer.closed', { name: nameOf(line.id), opens: describeOpening(opens) }) : speech('transfer.closedNoOpening', { name: nameOf(line.id) })),
    );

  /**
   * Puts the caller through to the chosen line, or, if none is open, gives the numbers to dial.
   * A caller who asked for a particular line hears why it is closed; one who asked for anyone is
   * put through at once (the helplines menu gives every line's hours).
   */
  function transfer(state: CallState & { lang: LangCode }, choice: HelplineChoice, at: At, explain: boolean): Reply {
    const { lang } = state;
    const tried = [...state.tried, ...choice.closed.map((c) => c.line.id)];
    const explained = explain || !choice.line ? explainClosed(lang, choice) : [];
    if (!choice.line) return offerRetry({ ...state, tried }, at, explained);
    const line = choice.line;
    const intro = ctx.helplineKeys(line.id).intro;
    return [
      ...explained,
      ...say(lang, speech('transfer.connecting', { name: nameOf(line.id) })),
      ...(intro ? say(lang, speech(intro)) : []),
      { kind: 'dial', helplineId: line.id, state: { lang, line: line.id, tried, young: state.young, ...forTheCall(state) } },
    ];
  }

  /** After a transfer did not happen: the next open line to try, or, when none is left, the numbers to dial. */
  function offerRetry(state: CallState & { lang: LangCode }, at: At, preface: readonly Say[]): Reply {
    const retry: CallState = { ...enter(state, 'retry'), silences: 0 };
    if (nextLine(retry, at.now)) return menuReply(retry, at, preface);
    return startReading(retry, 'numbers', at, [...preface, ...say(state.lang, speech('transfer.nothingLeft'))]);
  }

  function act(action: Exclude<Action, { kind: 'message' }>, chosenIn: CallState, at: At): Reply {
    const lang = audience(chosenIn, at);
    // The offer after the emergency key's answer lasts while that menu is repeated, until another choice.
    const state = action.kind === 'repeat' ? chosenIn : withoutEmergency(chosenIn);
    const { now } = at;
    switch (action.kind) {
      case 'language':
        // Straight to the options, "talk to someone now" first: a caller who wants a person hears it at once.
        return [firstMenu({ ...START, menu: 'main', lang: action.lang, ...forTheCall(state) }, state.lang, at, [], false)];
      case 'topic':
        // Choosing the help for children and young people puts their lines first for the rest of the call.
        return startReading({ ...state, young: state.young || action.topic === 'young' }, action.topic, at);
      case 'part': {
        if (!state.reading) return menuReply(enter(state, 'main'), at);
        const part = Math.min((state.part ?? 1) + action.step, partsOf(state.reading));
        return menuReply({ ...state, part }, at, readPart(lang, state.reading, part));
      }
      case 'menu':
        return menuReply(enter(state, action.menu), at);
      case 'repeat':
        return menuReply(state, at);
      case 'back':
        return menuReply(enter(state, menuFor(state, now).parent), at);
      case 'emergency': {
        // The menu that follows offers the numbers in a text message, where this caller may get one.
        const marked: CallState = { ...state, afterEmergency: true };
        const mark = offersMessage(marked, at.offer) && !offersMessage(state, at.offer);
        return [menuAfter(mark ? marked : state, at, speech('emergency.say'))];
      }
      case 'numbers':
        return startReading(state, 'numbers', at);
      case 'talk':
      case 'connect': {
        if (!state.lang) return menuReply({ ...state, menu: 'language' }, at);
        const withLang = { ...state, lang: state.lang };
        if (action.kind === 'talk') return transfer(withLang, choose(withLang, now), at, false);
        const wanted = ctx.directory.find(action.helplineId);
        if (!wanted?.dial) return menuReply(state, at);
        // Only this line, and only if it was not already tried in this call.
        const only = { ...ctx.directory, helplines: state.tried.includes(wanted.id) ? [] : [wanted] };
        return transfer(withLang, choose(withLang, now, only), at, true);
      }
    }
  }

  /**
   * After the caller pressed the text-message key and the adapter tried to send the numbers: sent,
   * "the message is on its way" and the same menu; not sent, "I could not send the message" and the
   * numbers read again. Either way no message is offered again in this call (a message that timed
   * out may still arrive, so a second try could send two).
   */
  function onMessageResult(chosenIn: CallState, sent: boolean, at: At): Outcome {
    const state: CallState = { ...withoutEmergency(chosenIn), silences: 0, messageSent: true };
    const events: CallEvent[] = [{ kind: 'menu-choice', menu: chosenIn.menu, key: MESSAGE_KEY }];
    if (!state.lang) return said(menuReply(state, at), events);
    const { lang } = state;
    events.push({ kind: 'message', lang, outcome: sent ? 'sent' : 'failed' });
    if (sent) return said(menuReply(state, at, say(lang, speech('textMessage.sent'))), events);
    return said(startReading(state, 'numbers', at, say(lang, speech('textMessage.failed'))), events);
  }

  function onSilence(state: CallState, likelyLang: LangCode | undefined, at: At): Outcome {
    const silence: CallEvent = { kind: 'silence', menu: state.menu };
    if (state.silences < MAX_SILENCES) {
      return said([menuAfter({ ...state, silences: state.silences + 1 }, at, speech('menu.noKeyHeard'))], [silence]);
    }
    if (state.menu === 'language') {
      // Nobody chose: keep the language already chosen in this call, else the one the caller's
      // country suggests, else the last in the menu, and say how to change it.
      const lang = state.lang ?? likelyLang ?? (ctx.languages.at(-1)?.code as LangCode);
      const reply = [firstMenu({ ...START, menu: 'main', lang, ...forTheCall(state) }, state.lang, at, say(lang, speech('language.guessed', { key: CHANGE_LANGUAGE_KEY })), true)];
      return said(reply, [silence, ...(state.lang ? [] : [{ kind: 'language-chosen', lang, how: 'guessed' } as const])]);
    }
    return said([...say(audience(state, at), speech('menu.goodbyeNoInput')), { kind: 'hangup' }], [silence]);
  }

  function onMenuInput(state: CallState, digits: string | undefined, likelyLang: LangCode | undefined, at: At): Outcome {
    if (!digits) return onSilence(state, likelyLang, at);
    const chosen = menuAt(state, at).options.find((o) => o.key === digits);
    const answered: CallState = { ...state, silences: 0 };
    if (!chosen) return said([menuAfter(answered, at, speech('menu.notAnOption'))], [{ kind: 'invalid-key', menu: state.menu }]);
    const { action } = chosen;
    // The text message is an effect: the adapter sends it and comes back with a message-result.
    if (action.kind === 'message') return state.lang ? { reply: [], events: [], effects: [{ kind: 'send-numbers-message', lang: state.lang, state }] } : said(menuReply(answered, at));
    const events: CallEvent[] = [{ kind: 'menu-choice', menu: state.menu, key: chosen.key }];
    if (action.kind === 'language') events.push({ kind: 'language-chosen', lang: action.lang, how: 'key' });
    if (action.kind === 'topic' && state.lang) events.push({ kind: 'topic-heard', topic: action.topic, lang: state.lang });
    return said(act(action, answered, at), events);
  }

  function onDialResult(state: DialState, status: DialStatus | undefined, at: At): Outcome {
    const outcome: CallEvent = { kind: 'transfer', helplineId: state.line, outcome: status ?? 'other' };
    if (status === 'completed' || status === 'answered') {
      return said([...say(state.lang, speech('transfer.ended')), { kind: 'hangup' }], [outcome]);
    }
    const retry: CallState & { lang: LangCode } = {
      menu: 'retry',
      lang: state.lang,
      silences: 0,
      tried: [...new Set([...state.tried, state.line])],
      young: state.young,
      ...forTheCall(state),
    };
    const line = ctx.directory.find(state.line);
    const why = status === 'busy' ? 'transfer.busy' : status === 'no-answer' ? 'transfer.noAnswer' : 'transfer.failed';
    const preface = line?.dial ? say(state.lang, speech(why, { name: nameOf(line.id), id: line.id })) : [];
    return said(offerRetry(retry, at, preface), [outcome]);
  }

  function failSafe(lang: LangCode | undefined, messageSent: true | undefined, counted: CallEvent[]): Reply {
    const audience: Audience = lang ?? everyone;
    // A call that already asked for the text message keeps that in its state: one message a call.
    const start: CallState = { ...START, ...forTheCall({ messageSent }) };
    const at: At = { now: ANY_INSTANT, offer: false, order: everyone, counted };
    const message = speech('failSafe.message');
    return [
      // Inside the menu, so a key stops it: before a language is known it is said in every language.
      // The language menu is the same at every instant, so this answer can be prepared at start-up.
      { ...(lang ? gather(start, at, say(lang, message)) : menuAfter(start, at, message)), onSilence: 'continue' },
      ...say(audience, speech('failSafe.goodbye')),
      { kind: 'hangup' },
    ];
  }

  /**
   * The first answer: the 112 warning and the key of the language the caller's country suggests (or
   * of the line's first language), then every other language's key, then their 112 warnings, all
   * inside the language menu, so a key can be pressed at any moment.
   */
  const opening = (at: At): Reply => [menuAfter(START, at, speech('opening.danger'))];

  /** One step of the call; what it counted where it decided (the text-message offers) comes after what its outcome names. */
  function decide(input: FlowInput, now: Date, counted: CallEvent[]): Outcome {
    const at = (offer: boolean, order: readonly LangCode[]): At => ({ now, offer, order, counted });
    switch (input.kind) {
      case 'answer':
        return said(opening(at(false, orderFor(input.likelyLang))), [{ kind: 'call-started' }]);
      case 'menu':
        return onMenuInput(input.state, input.digits, input.likelyLang, at(input.messageOffer, orderFor(input.likelyLang)));
      case 'dial-result':
        return onDialResult(input.state, input.status, at(input.messageOffer, everyone));
      case 'show-menu':
        return said(menuReply(input.state, at(input.messageOffer, everyone)));
      case 'message-result':
        return onMessageResult(input.state, input.sent, at(false, everyone));
      case 'fail-safe':
        return said(failSafe(input.lang, input.messageSent, counted));
      case 'static-fallback':
        return said(staticFallbackReply(ctx));
    }
  }

  return {
    menuFor,
    partsOf,
    step(input, now) {
      const counted: CallEvent[] = [];
      const outcome = decide(input, now, counted);
      return counted.length === 0 ? outcome : { ...outcome, events: [...outcome.events, ...counted] };
    },
  };
}
