/** Values Twilio sends that this line acts on; anything else is treated as unknown. */

/** Final states of a call in the status callback. */
export const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

export const DIAL_STATUS_VALUES = ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'] as const;
/** DialCallStatus values posted to a <Dial> action. */
export type DialStatus = (typeof DIAL_STATUS_VALUES)[number];
export const DIAL_STATUSES: ReadonlySet<string> = new Set(DIAL_STATUS_VALUES);

/**
 * The ways a transfer can end that a call played by a tool chooses from (the walker, the try page,
 * the simulator). Twilio's `answered` is answered as `completed`. `canceled` is left out: it comes
 * when the call was ended while the helpline rang, so nobody hears the answer (the line answers it as
 * a failed transfer, without rolling over); `busy`, `no-answer` and `failed` roll over to the next
 * helpline after "talk to someone now".
 */
export const DIAL_OUTCOMES = ['completed', 'busy', 'no-answer', 'failed'] as const satisfies readonly DialStatus[];
export type DialOutcome = (typeof DIAL_OUTCOMES)[number];

export const isDialStatus = (value: string | undefined): value is DialStatus => value !== undefined && DIAL_STATUSES.has(value);

/** Whether a transfer ended with the helpline answering: `completed`, or `answered` as some requests say it. */
export const isAnswered = (status: string | undefined): boolean => status === 'completed' || status === 'answered';
