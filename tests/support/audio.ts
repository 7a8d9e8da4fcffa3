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

/** The same PCM audio written as WAVE_FORMAT_EXTENSIBLE (format 0xFFFE, PCM as its sub-format), as many editors save 24-bit or multi-channel audio. */
export function extensibleWav(seconds: number): Buffer {
  const plain = silentWav(seconds);
  const data = plain.subarray(44);
  const header = Buffer.alloc(68);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(60 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(40, 16);
  header.writeUInt16LE(0xfffe, 20);
  plain.copy(header, 22, 22, 36); // channels, rate, byte rate, block align, bits per sample
  header.writeUInt16LE(22, 36); // cbSize
  header.writeUInt16LE(16, 38); // valid bits
  header.writeUInt32LE(4, 40); // channel mask: front centre
  header.writeUInt16LE(1, 44); // sub-format: PCM (then the rest of the GUID)
  Buffer.from('000000001000800000aa00389b71', 'hex').copy(header, 46);
  header.write('data', 60, 'ascii');
  header.writeUInt32LE(data.length, 64);
  return Buffer.concat([header, data]);
}

/** An APEv2 tag of `bytes` bytes as some editors append after an MP3's last frame. */
export function apeTag(bytes: number): Buffer {
  const tag = Buffer.alloc(bytes);
  tag.write('APETAGEX', 0, 'ascii');
  return tag;
}
