import type { MessageClient } from './send-numbers-message.js';
import { SEND_TIMEOUT_MS } from './send-numbers-message.js';

/** How the server signs in to Twilio's REST API to send text messages (from TWILIO_* and SMS_FROM). */
export interface TwilioMessageSettings {
  readonly accountSid: string;
  /** The account SID with the auth token, or an API key's SID with its secret. */
  readonly username: string;
  readonly password: string;
}

/**
 * The twilio REST client, loaded in the background: the package's REST half costs start-up time
 * and memory, and a server without text messages never loads it. The caller waits at most
 * SEND_TIMEOUT_MS (the messenger's own timer); the client gives up on the request a little later, so
 * a slow request does not linger. The client never logs a request (TWILIO_LOG_LEVEL=debug would).
 */
export async function loadTwilioMessageClient(settings: TwilioMessageSettings): Promise<MessageClient> {
  const { default: twilio } = await import('twilio');
  return twilio(settings.username, settings.password, { accountSid: settings.accountSid, timeout: SEND_TIMEOUT_MS + 2_000, logLevel: 'info' });
}
