import { describe, expect, it } from 'vitest';
import { DirectoryError, parseDirectory } from '../src/helplines/directory.js';

const valid = () => ({
  timeZone: 'Europe/Oslo',
  helplines: [
    { id: 'police-emergency', number: '112', dial: false, languages: [], hours: 'always' },
    { id: 'rosa', number: '+47 22 33 11 60', dial: true, languages: ['en'], interpreter: true, hours: 'always' },
  ],
});

describe('The helpline directory is checked at start-up', () => {
  it('When the file is valid, Then numbers keep their spoken groups and dialled lines their E.164 form', () => {
    const directory = parseDirectory(valid());
    expect(directory.find('rosa')).toMatchObject({ number: '+47 22 33 11 60', dialString: '+4722331160', dial: true });
    expect(directory.find('police-emergency')).toMatchObject({ dial: false, dialString: '112' });
  });

  it.each([
    ['a short number marked for dialling', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[0]!, { dial: true }), /police-emergency.*cannot be dialled/],
    ['a number with letters', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[1]!, { number: '+47 22 33 11 6O' }), /"rosa".*"number"/],
    ['a duplicate id', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[1]!, { id: 'police-emergency' }), /used twice/],
    ['hours that end before they start', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[1]!, { hours: { mon: ['16:00-10:00'] } }), /"rosa".*16:00-10:00/],
    ['an unknown weekday', (d: ReturnType<typeof valid>) => Object.assign(d.helplines[1]!, { hours: { monday: ['10:00-16:00'] } }), /"monday" is not a weekday/],
    ['an unknown time zone', (d: ReturnType<typeof valid>) => Object.assign(d, { timeZone: 'Europe/Atlantis' }), /not a time zone/],
  ])('When the file has %s, Then start-up stops with a sentence naming the entry', (_name, spoil, message) => {
    const data = valid();
    spoil(data);
    expect(() => parseDirectory(data)).toThrow(DirectoryError);
    expect(() => parseDirectory(data)).toThrow(message);
  });
});
