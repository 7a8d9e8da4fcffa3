/**
 * The line itself, with no I/O: the call flow and its menus, the helplines and their hours, the
 * prompts, and the TwiML renderer. The one door into it: the server, the loaders and the tools
 * import from here only (eslint.config.js). The flow's own parts (the opening, menu input, transfers,
 * dial and message results, the fail-safe, the events) stay inside: everything above steps the flow
 * through `answer` or `CallFlow.step`.
 */
export * from './hotline.js';
export * from './answer/answer.js';
export * from './answer/answer-with-effect.js';
export * from './answer/answer-request.js';
export * from './answer/call-start.js';
export * from './answer/fail-safe-answer.js';
export * from './answer/review-answer.js';
export * from './answer/spoken-key.js';
export * from './flow/call-flow.js';
export * from './flow/call-state.js';
export * from './flow/call-status.js';
export * from './flow/flow-input.js';
export * from './flow/guess-language.js';
export * from './flow/helpline-keys.js';
export * from './flow/keys.js';
export * from './flow/menus.js';
export * from './flow/message-offer.js';
export * from './flow/readings.js';
export * from './flow/reply.js';
export * from './flow/review-call.js';
export * from './flow/review-reply.js';
export * from './flow/spoken-answers.js';
export * from './flow/static-fallback.js';
export * from './helplines/choose-helpline.js';
export * from './helplines/describe-hours.js';
export * from './helplines/directory.js';
export * from './helplines/helplines-schema.js';
export * from './helplines/opening-hours.js';
export * from './helplines/phone-number.js';
export * from './helplines/public-holidays.js';
export * from './prompts/languages.js';
export * from './prompts/placeholders.js';
export * from './prompts/voices.js';
export * from './prompts/audio-format.js';
export * from './prompts/prompt-catalog.js';
export * from './prompts/prompt-key.js';
export * from './prompts/pronunciation.js';
export * from './prompts/recordings.js';
export * from './prompts/segments.js';
export * from './text-message/numbers-message.js';
export * from './text-message/sms-segments.js';
export * from './twiml/render-twiml.js';
export * from './twiml/speak-name.js';
export * from './twiml/speak-number.js';
export * from './twiml/voice-ssml.js';
export * from './twiml/webhook-paths.js';
