import { describe, expect, it } from 'vitest';
import { checkTwimlDocument } from '../src/tools/checks/check-twiml-limits.js';

const ssmlOn = () => true;
const doc = (...says: string[]) => `<?xml version="1.0" encoding="UTF-8"?><Response>${says.join('')}</Response>`;
const say = (voice: string, inner: string) => `<Say voice="${voice}" language="xx-XX">${inner}</Say>`;

// The shipped line's reachable answers are checked against these limits in tests/check-prompts.test.ts,
// on the one walk of the week that test file shares.
describe("Each of Twilio's and the voices' limits, broken on purpose", () => {
  it.each([
    ['say-as digits on a Google voice', say('Google.uk-UA-Wavenet-A', '<say-as interpret-as="digits">112</say-as>'), /say-as interpret-as="digits" is not documented for google voices/],
    ['emphasis on a Polly neural voice', say('Polly.Amy-Neural', '<emphasis>now</emphasis>'), /<emphasis> is not documented for polly-neural voices/],
    ['prosody pitch on a Polly neural voice', say('Polly.Amy-Neural', '<prosody pitch="high">now</prosody>'), /prosody pitch is not documented for polly-neural voices/],
    ['SSML to a voice whose provider is unknown', say('man', '<break time="1s"/>'), /<break> is sent to man, which is given plain text only/],
    ['3,001 characters to a Polly voice', say('Polly.Amy-Neural', 'a'.repeat(3001)), /holds 3001 characters; Twilio takes at most 3000/],
    ['5,001 characters with markup to a Google voice', say('Google.ru-RU-Wavenet-A', `${'a'.repeat(4990)}<break time="400ms"/>`), /holds \d{4} characters with its markup; Twilio takes at most 5000/],
  ])('When a document has %s, Then the check names it', (_name, body, problem) => {
    expect(checkTwimlDocument(doc(body), ssmlOn)).toEqual([expect.stringMatching(problem)]);
  });

  it('When a Google <Say> has 4,990 characters of text, Then markup would push it over but plain text is fine', () => {
    expect(checkTwimlDocument(doc(say('Google.ru-RU-Wavenet-A', 'a'.repeat(4990))), ssmlOn)).toEqual([]);
  });

  it('When a document is over 64 kB, Then the check names its size', () => {
    const big = doc(...Array.from({ length: 30 }, () => say('Polly.Amy-Neural', 'a'.repeat(2500))));
    expect(checkTwimlDocument(big, ssmlOn)).toEqual([expect.stringMatching(/^the document is \d+ bytes; Twilio takes at most 65536$/)]);
  });
});
