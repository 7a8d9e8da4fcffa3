import type { VoiceResponse } from '../../vendor/twilio-internals.js';
import type { NumberGroups } from '../helplines/phone-number.js';
import type { SsmlSupport } from './voice-ssml.js';

const GROUP_PAUSE = '400ms';

/**
 * Appends a phone number to a <Say>: slowly, group by group, digit by digit, with only the SSML the
 * voice's provider documents (Google reads digits one by one with say-as "characters", Polly with
 * "digits"). Without SSML: digits separated by spaces and groups by commas, which every voice reads
 * one by one.
 */
export function appendNumber(sayElement: VoiceResponse.Say, { country, groups }: NumberGroups, plusWord: string, ssml: SsmlSupport | undefined): void {
  if (!ssml) {
    const spaced = (g: string) => g.split('').join(' ');
    const parts = [...(country ? [`${plusWord} ${spaced(country)}`] : []), ...groups.map(spaced)];
    sayElement.addText(` ${parts.join(', ')} `);
    return;
  }
  const slow = ssml.prosody.has('rate') ? sayElement.prosody({ rate: 'slow' }, '') : sayElement;
  const pause = () => {
    if (ssml.elements.has('break')) slow.break({ time: GROUP_PAUSE });
  };
  if (country) {
    slow.addText(`${plusWord} `);
    slow.sayAs({ 'interpret-as': ssml.digitByDigit }, country);
    pause();
  }
  groups.forEach((group, index) => {
    slow.sayAs({ 'interpret-as': ssml.digitByDigit }, group);
    if (index < groups.length - 1) pause();
  });
}
