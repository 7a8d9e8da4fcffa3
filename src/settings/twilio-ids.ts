/** An Account SID: AC and 32 hexadecimal characters (Twilio Console home page). */
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
/** An API key's SID: SK and 32 hexadecimal characters (Console → Account → API keys & tokens). */
export const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
