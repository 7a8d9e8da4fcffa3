import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { NumberGroups } from '../helplines/phone-number.js';

/**
 * Appends a phone number to a <Say>: slowly, group by group, digit by digit.
 * With SSML: <prosody rate="slow"> and <say-as interpret-as="digits"> with breaks between groups;
 * without: digits separated by spaces and groups by commas, which every voice reads one by one.
 */
export function appendNumber(sayElement: VoiceResponse.Say, { country, groups }: NumberGroups, plusWord: string, ssml: boolean): void {
  if (!ssml) {
    const spaced = (g: string) => g.split('').join(' ');
    const parts = [...(country ? [`${plusWord} ${spaced(country)}`] : []), ...groups.map(spaced)];
    sayElement.addText(` ${parts.join(', ')} `);
    return;
  }
  const slow = sayElement.prosody({ rate: 'slow' }, '');
  if (country) {
    slow.addText(`${plusWord} `);
    slow.sayAs({ 'interpret-as': 'digits' }, country);
    slow.break({ time: '400ms' });
  }
  groups.forEach((group, index) => {
    slow.sayAs({ 'interpret-as': 'digits' }, group);
    if (index < groups.length - 1) slow.break({ time: '400ms' });
  });
}
