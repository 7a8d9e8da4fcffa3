import { fail, type CheckResult } from './check-result.js';
import type { AlertRecord, PreflightClient, WaitOptions } from './preflight-client.js';

/** Where an operator turns on calls to Norway. */
export const GEO_PERMISSIONS_PLACE = 'Twilio Console → Voice → Settings → Geo permissions';


/** Alerts about this call, polling until some appear or the bounded wait runs out. */
export async function alertsForCall(client: PreflightClient, sid: string, since: Date, options: WaitOptions): Promise<AlertRecord[]> {
  const polls = Math.max(1, Math.ceil(options.waitMs / options.pollMs));
  for (let i = 0; i < polls; i += 1) {
    await options.sleep(options.pollMs);
    // The Alerts API filters by date and log level only, so the call's own alerts are picked out by its SID.
    const alerts = await client.monitor.v1.alerts.list({ startDate: since, pageSize: 100, limit: 1000 });
    const ours = alerts.filter((alert) => alert.resourceSid === sid);
    if (ours.length > 0) return ours;
  }
  return [];
}

/** The parts of an alert's text that are safe and useful to show: the HTTP status and the path Twilio asked for. */
function alertFacts(alert: AlertRecord): { httpStatus?: number; path?: string } {
  const text = alert.alertText ?? '';
  const fields = text.includes('=') ? new URLSearchParams(text) : new URLSearchParams();
  const httpStatus = Number.parseInt(fields.get('httpResponse') ?? '', 10);
  let path: string | undefined;
  for (const candidate of [alert.requestUrl, fields.get('url')]) {
    if (!candidate) continue;
    try {
      path = new URL(candidate).pathname;
      break;
    } catch {
      // not a URL: leave it out rather than print something unknown
    }
  }
  return { ...(Number.isFinite(httpStatus) ? { httpStatus } : {}), ...(path ? { path } : {}) };
}

function webhookErrorSentence(httpStatus: number | undefined): string {
  if (httpStatus === 403) {
    return 'The service refused Twilio\'s signature (HTTP 403), so the caller heard the fallback instead of the line: set PUBLIC_BASE_URL on the server to exactly the origin in the number\'s settings (or TRUST_PROXY=true behind a TLS router), and check that TWILIO_AUTH_TOKEN on the server is this account\'s Auth Token.';
  }
  if (httpStatus !== undefined && httpStatus >= 500) {
    return `The service failed while answering Twilio (HTTP ${httpStatus}), so the caller heard the fallback at that step: look in the service's log at that time.`;
  }
  const status = httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`;
  return `The service answered Twilio with an error${status}, so the caller heard the fallback at that step: look in the service's log at that time, and check that PUBLIC_BASE_URL is the address in the number's settings.`;
}

/** What an alert means for this line and how to fix it, in one sentence an operator can act on. */
export function explainAlert(alert: AlertRecord): string {
  const code = alert.errorCode ?? '';
  switch (code) {
    case '12200':
      return 'Twilio could not read one of the line\'s answers (schema validation), usually SSML that the voice of that language does not accept, so the caller heard silence there: run npm run check:prompts, then simplify the SSML (or choose another voice) in the prompts of the language you were listening to.';
    case '13513':
    case '13520':
      return 'A <Say> held speech its voice could not read (empty text, or SSML that voice rejects, such as an unsupported prosody rate), so the caller heard silence or a wrong reading there: run npm run check:prompts and remove the SSML that voice does not support from the prompts of the language you were listening to.';
    case '13521':
      return 'A <Say> was longer than its voice allows (3,000 characters for Amazon Polly, 5,000 for Google, SSML included), so it was cut or skipped: split that prompt into shorter ones.';
    case '11200':
      return webhookErrorSentence(alertFacts(alert).httpStatus);
    case '11205':
      return 'Twilio could not connect to the service, or it did not answer within 15 seconds, so the caller heard the fallback or Twilio\'s error: check that the service is running, that PUBLIC_BASE_URL\'s host leads to it, and that its https certificate is valid.';
    case '11750':
      return 'One of the line\'s answers was larger than Twilio accepts (64 kB), so that step failed: this is a fault in the line; report it with the time of the call.';
    case '15003':
      return 'The service answered one of Twilio\'s call progress reports (the status address or a transfer\'s result) with an HTTP error, so that report was lost: look in the service\'s log at that time; a signature error there means PUBLIC_BASE_URL does not match the number\'s settings.';
    case '13227':
      return `A transfer was blocked because the account may not call that country: turn on Norway in the ${GEO_PERMISSIONS_PLACE}.`;
    case '13225':
      return `A transfer was blocked because Twilio does not let this account call that number (blocked or high-risk): check the helpline numbers in content/helplines.json and the ${GEO_PERMISSIONS_PLACE}.`;
    case '13224':
      return 'A transfer went to a number Twilio cannot call or that is not valid: check that helpline\'s number in content/helplines.json (international format, in service).';
    default:
      return `Twilio reported error ${code || '(no code)'}, which this check does not explain: read what it means at the link, and look at the call in the Twilio Console under Monitor → Logs → Errors.`;
  }
}

/** One ✗ line per alert: its code, level, time and step, then the sentence and where to read more. */
export function alertResult(alert: AlertRecord): CheckResult {
  const code = alert.errorCode ?? '';
  const level = alert.logLevel ? ` (${alert.logLevel.toLowerCase()})` : '';
  const at = alert.dateCreated instanceof Date && !Number.isNaN(alert.dateCreated.getTime()) ? ` at ${alert.dateCreated.toISOString().slice(11, 19)} UTC` : '';
  const { path } = alertFacts(alert);
  const step = path ? ` on ${path}` : '';
  const link = alert.moreInfo?.startsWith('https://') ? alert.moreInfo : `https://www.twilio.com/docs/api/errors/${code}`;
  return fail(`Twilio alert ${code || '(no code)'}${level}${at}${step}: ${explainAlert(alert)}`, [`More: ${link}`]);
}
