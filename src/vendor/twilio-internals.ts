/**
 * The one file that reaches into twilio's internal paths (twilio/lib/…); lint forbids them anywhere
 * else, so an upgrade that moves them breaks here only. The line takes the TwiML builder alone and
 * the webhook signature check, not the whole package: its REST client costs start-up time and memory.
 */
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';

export { validateExpressRequest } from 'twilio/lib/webhooks/webhooks.js';
export { VoiceResponse };
