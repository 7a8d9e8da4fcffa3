/** The webhooks of one real call, signed like Twilio, that every server is driven with. */
import twilio from 'twilio';
import { type CallState, dialResultUrl, type Hotline, menuUrl, type Reply, VOICE_PATH } from '../../src/hotline/index.js';
import { loadHotline } from '../../src/load/load-hotline.js';
import { HOST, send, type HttpCall, type Server } from './servers.js';

/** What Twilio sends with every webhook of one call (a Ukrainian mobile calling the line). */
export const CALL_FIELDS = {
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  AccountSid: 'AC00000000000000000000000000000000',
  From: '+380501234567',
  To: '+4721000000',
  Direction: 'inbound',
};

/**
 * The webhooks a real call makes, in order, taken from the call flow itself: the states are those
 * of its replies and the keys those of its menus (a Ukrainian caller: the language key, a topic,
 * "talk to someone now", the transfer busy), so a change of menus cannot leave the bench behind.
 */
export function callStepShapes(hotline: Hotline, now: Date): { name: string; path: string; fields: Record<string, string> }[] {
  const { flow } = hotline;
  const language = hotline.languages.find((l) => l.code === 'uk') ?? (hotline.languages[0] as Hotline['languages'][number]);
  const gatherOf = (reply: Reply) => {
    const gather = reply.find((s) => s.kind === 'gather');
    if (gather?.kind !== 'gather') throw new Error('The call flow did not answer with a menu where the bench expects one.');
    return gather;
  };
  const keyFor = (state: CallState, kind: string) => {
    const option = flow.menuFor(state, now).options.find((o) => o.action.kind === kind);
    if (!option) throw new Error(`The ${state.menu} menu has no "${kind}" option.`);
    return option.key;
  };
  const press = (state: CallState, digits: string) => flow.step({ kind: 'menu', state, digits, likelyLang: language.code, messageOffer: false }, now).reply;
  const languageMenu = gatherOf(flow.step({ kind: 'answer', likelyLang: language.code }, now).reply).state;
  const main = gatherOf(press(languageMenu, language.key)).state;
  const dial = press(main, keyFor(main, 'talk')).find((s) => s.kind === 'dial');
  if (dial?.kind !== 'dial') throw new Error('"Talk to someone now" did not put the bench\'s caller through.');
  return [
    { name: 'incoming call', path: VOICE_PATH, fields: {} },
    { name: 'language choice', path: menuUrl(languageMenu), fields: { Digits: language.key } },
    { name: 'topic', path: menuUrl(main), fields: { Digits: keyFor(main, 'topic') } },
    { name: 'talk to someone', path: menuUrl(main), fields: { Digits: keyFor(main, 'talk') } },
    { name: 'dial result', path: dialResultUrl(dial.state), fields: { DialCallStatus: 'busy' } },
  ];
}

/** One webhook request of the benchmark's call, signed as Twilio signs it (a "step" of the line is a part of a reply). */
export interface BenchRequest {
  readonly name: string;
  readonly call: HttpCall;
}

export function signedSteps(token: string, port: number): BenchRequest[] {
  // A Monday at 11:00 in the line's time zone: Caritas is open, so the transfer goes there.
  return callStepShapes(loadHotline(), new Date('2026-12-07T11:00:00+01:00')).map(({ name, path, fields }) => {
    const params = { ...CALL_FIELDS, ...fields };
    const signature = twilio.getExpectedTwilioSignature(token, `http://${HOST}:${port}${path}`, params);
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature };
    return { name, call: { method: 'POST', path, headers, body: new URLSearchParams(params).toString() } };
  });
}

/** Sends each step once and fails loudly unless it answers 200 with TwiML; returns the answers. */
export async function verifySteps(server: Server, steps: readonly BenchRequest[]): Promise<Buffer[]> {
  const answers: Buffer[] = [];
  for (const step of steps) {
    const { status, body } = await send(server.port, step.call);
    const text = body.toString('utf8');
    if (status !== 200 || !text.includes('<Response>')) {
      const hint = status === 403 ? ' (a 403 means the signed URL differs from the one the app checks)' : '';
      throw new Error(`${server.name}: ${step.name} (POST ${step.call.path}) answered ${status}${hint}: ${text.slice(0, 300)}\n${server.output()}`);
    }
    answers.push(body);
  }
  return answers;
}

