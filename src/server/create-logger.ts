import { createHmac, randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';

/** Fields that could name a caller; they are never written, whatever a log call passes. */
const REDACTED = [
  ...['From', 'Caller', 'To', 'Called', 'CallSid', 'Digits', 'SpeechResult', 'UnstableSpeechResult'].flatMap((field) => [field, `*.${field}`]),
  'body',
  'req.body',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED, censor: '[redacted]' }, base: undefined }, destination);
}

/** A short keyed hash that ties the steps of one call together in logs without keeping the CallSid. */
export function createCallRef(key: Buffer = randomBytes(32)): (callSid: unknown) => string | undefined {
  return (callSid) =>
    typeof callSid === 'string' && callSid ? createHmac('sha256', key).update(callSid).digest('base64url').slice(0, 10) : undefined;
}
