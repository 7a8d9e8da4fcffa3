/**
 * Who a simulated call is from and to, and how sure Twilio is of words said in it: shared by the
 * walker, the simulator (`npm run call`) and the try page's setup. A module of its own, without the
 * walker's TwiML parser.
 */

/** A Ukrainian mobile number: the caller most simulated calls stand for. */
export const DEFAULT_FROM = '+380500000000';
/**
 * The caller's number against a running server: Twilio's placeholder for a withheld number, which
 * no server offers a text message to, so a key pressed in a test never texts a real phone.
 */
export const WITHHELD_FROM = '+266696687';
export const DEFAULT_TO = '+4700000000';
/** How sure Twilio is of words said in a simulated call, unless the caller says otherwise. */
export const DEFAULT_CONFIDENCE = 0.9;
