/** Why configure-number (or preflight) stopped, with a full sentence for an operator. */
export type ConfigureErrorReason =
  | 'invalid-phone-number'
  | 'invalid-url'
  | 'invalid-fallback-url'
  | 'number-not-found'
  | 'voice-application'
  | 'sip-trunk'
  | 'twilio-error'
  | 'network-error';

export class ConfigureError extends Error {
  override readonly name = 'ConfigureError';
  constructor(
    readonly reason: ConfigureErrorReason,
    message: string,
  ) {
    super(message);
  }
}
