/**
 * The operator commands' output for the pages, run against a pretend Twilio account: a client of
 * the shape each command asks for, answering as Twilio would in the scene the page describes. The
 * commands' own code prints every line; only Twilio's side is made up here.
 */
import { type Hotline, reviewSentences } from '../../src/hotline/index.js';
import { runConfigureNumber } from '../../src/tools/operations/configure-number-cli.js';
import type { PhoneNumberClient, PhoneNumberRecord, PhoneNumberVoiceSettings } from '../../src/tools/operations/configure-number.js';
import type { CallRecord, PreflightClient } from '../../src/tools/operations/preflight-client.js';
import { runPreflightCli } from '../../src/tools/operations/preflight-cli.js';
import { reportLines, type ReviewReport } from '../../src/tools/operations/review-report.js';

const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const ENV = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: 'an-auth-token-for-the-examples', HOTLINE_NUMBER: '+4721000000', PUBLIC_BASE_URL: 'https://hotline.example.org' };
const BASE = 'https://hotline.example.org';
const DEMO = 'https://demo.twilio.com/welcome/voice/';
/** Shown as Twilio's call SIDs are elided on the pages: the reader's own call has its own. */
const CALL_SID = 'CA…';

function numberRecord(voiceUrl: string, fallbackUrl: string, statusCallback: string): PhoneNumberRecord {
  return {
    sid: `PN${'0'.repeat(32)}`,
    phoneNumber: ENV.HOTLINE_NUMBER,
    friendlyName: 'Hotline',
    voiceUrl,
    voiceMethod: 'POST',
    voiceFallbackUrl: fallbackUrl,
    voiceFallbackMethod: 'POST',
    statusCallback,
    statusCallbackMethod: 'POST',
    voiceApplicationSid: null,
    trunkSid: null,
  };
}

/** Runs a command with its lines (standard output and error, in order) collected. */
async function collect(run: (io: { out: (line: string) => void; err: (line: string) => void }) => Promise<number>): Promise<string> {
  const lines: string[] = [];
  await run({ out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return lines.join('\n');
}

/** configure-number on a number that still called Twilio's demo. */
export function configureNumberOutput(): Promise<string> {
  const before = numberRecord(DEMO, '', '');
  const numbers = Object.assign((_sid: string) => ({ update: (settings: PhoneNumberVoiceSettings) => Promise.resolve({ ...before, ...settings }) }), {
    list: () => Promise.resolve([before]),
  });
  const client: PhoneNumberClient = { accountSid: ACCOUNT_SID, incomingPhoneNumbers: numbers };
  return collect((io) => runConfigureNumber([ENV.HOTLINE_NUMBER, BASE], ENV, io, () => client));
}

/** A call that rings, is answered and ends after 94 seconds, one status per look. */
function callStatuses(): () => Promise<CallRecord> {
  const statuses: CallRecord[] = [
    { sid: CALL_SID, status: 'ringing' },
    { sid: CALL_SID, status: 'in-progress' },
    { sid: CALL_SID, status: 'completed', duration: '94' },
  ];
  let look = 0;
  return () => Promise.resolve(statuses[Math.min(look++, statuses.length - 1)] as CallRecord);
}

/** preflight --to +4790000000: `ready` (every check passes, the operator says y, no alert) or `not-ready`. */
export function preflightOutput(scene: 'ready' | 'not-ready'): Promise<string> {
  const ready = scene === 'ready';
  const number = ready ? numberRecord(`${BASE}/voice`, `${BASE}/voice/fallback`, `${BASE}/voice/status`) : numberRecord(DEMO, `${BASE}/voice/fallback`, `${BASE}/voice/status`);
  const fetchCall = callStatuses();
  const calls = Object.assign((_sid: string) => ({ fetch: fetchCall }), { create: () => Promise.resolve({ sid: CALL_SID, status: 'queued' }) });
  const client: PreflightClient = {
    accountSid: ACCOUNT_SID,
    incomingPhoneNumbers: { list: () => Promise.resolve([number]) },
    voice: { v1: { dialingPermissions: { countries: () => ({ fetch: () => Promise.resolve({ lowRiskNumbersEnabled: ready }) }) } } },
    calls,
    monitor: { v1: { alerts: { list: () => Promise.resolve([]) } } },
  };
  return collect((io) =>
    runPreflightCli(['--to', '+4790000000'], ENV, io, {
      makeClient: () => client,
      fetch: () => Promise.resolve({ status: 200 }),
      // The operator's answer shows after the question, as on a terminal.
      confirm: (question) => {
        io.out(`${question}y`);
        return Promise.resolve(true);
      },
      sleep: () => Promise.resolve(),
      now: () => new Date('2026-12-07T10:00:00Z'),
    }),
  );
}

/** The start of a Ukrainian review's report in the terminal, the third sentence found wrong. */
export function reviewReportOutput(line: Hotline, shown = 3): string {
  const lang = line.language('uk');
  const voice = line.languages.find((l) => l.code === 'uk')?.voice;
  if (!lang || !voice) throw new Error('The shipped line has no Ukrainian to review.');
  const rows = reviewSentences(line, lang).map((sentence, i) => ({ number: i + 1, key: sentence.key, text: sentence.text, outcome: i === 2 ? ('wrong' as const) : ('right' as const) }));
  const report: ReviewReport = { lang, callSid: CALL_SID, rows, sameSentences: true };
  return [...reportLines(report, voice).slice(0, 1 + 2 * shown), '…'].join('\n');
}
