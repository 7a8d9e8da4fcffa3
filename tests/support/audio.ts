/**
 * Small audio files built in memory, the shape Twilio's <Play> takes: silent MPEG-1 layer III frames
 * (128 kb/s, 44.1 kHz) and PCM WAVE (8 kHz, 16-bit, mono). Their content is silence; their headers
 * and lengths are real.
 */

/** An MP3 of about `seconds`, whole frames of 1152 samples each. */
export function silentMp3(seconds: number): Buffer {
  const frameBytes = Math.floor((144 * 128_000) / 44_100);
  const frames = Math.max(1, Math.round((seconds * 44_100) / 1152));
  const frame = Buffer.alloc(frameBytes);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** A PCM WAVE file of `seconds`. */
export function silentWav(seconds: number): Buffer {
  const rate = 8_000;
  const data = Math.round(seconds * rate) * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}
