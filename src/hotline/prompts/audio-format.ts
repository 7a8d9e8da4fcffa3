/**
 * Whether a recording is audio Twilio's <Play> can play, read from its own bytes (a file named
 * .mp3 that holds anything else plays as silence or an error on a real call), and how long it is.
 */

/** The shortest and longest a recording of one prompt may be: a sound, and no answer over a minute. */
export const RECORDING_SECONDS = { min: 0.2, max: 60 } as const;

const MP3_BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MP3_RATES: Record<number, readonly number[]> = { 3: [44_100, 48_000, 32_000], 2: [22_050, 24_000, 16_000], 0: [11_025, 12_000, 8_000] };

/** An MPEG layer III frame header at `at`: its length in bytes and the seconds it plays, or undefined. */
function mp3Frame(bytes: Uint8Array, at: number): { length: number; seconds: number } | undefined {
  const [b0 = 0, b1 = 0, b2 = 0] = [bytes[at], bytes[at + 1], bytes[at + 2]];
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (b1 >> 1) & 3; // 1: layer III
  const rates = MP3_RATES[version];
  if (!rates || layer !== 1) return undefined;
  const kbps = (version === 3 ? MP3_BITRATES_V1 : MP3_BITRATES_V2)[(b2 >> 4) & 15];
  const rate = rates[(b2 >> 2) & 3];
  if (!kbps || !rate) return undefined;
  const samples = version === 3 ? 1152 : 576;
  const length = Math.floor((samples / 8) * kbps * 1000 / rate) + ((b2 >> 1) & 1);
  return { length, seconds: samples / rate };
}

/** An ID3v2 tag at the start is skipped: its size is four 7-bit bytes. */
function id3Length(bytes: Uint8Array): number {
  if (bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  return 10 + (((bytes[6] ?? 0) << 21) | ((bytes[7] ?? 0) << 14) | ((bytes[8] ?? 0) << 7) | (bytes[9] ?? 0));
}

/** The seconds of an MP3 whose frames follow one another to the end (a trailing tag aside), or undefined. */
function mp3Seconds(bytes: Uint8Array): number | undefined {
  let at = id3Length(bytes);
  let seconds = 0;
  let frames = 0;
  while (at < bytes.length) {
    const frame = mp3Frame(bytes, at);
    if (!frame) break;
    at += frame.length;
    seconds += frame.seconds;
    frames++;
  }
  // Whatever follows the last frame may be a tag that editors append (ID3v1, 128 bytes; APE; Lyrics3), nothing else.
  return frames > 0 && trailingTag(bytes.subarray(Math.min(at, bytes.length))) ? seconds : undefined;
}

const TRAILING_TAGS = ['TAG', 'APETAGEX', 'LYRICSBEGIN'];

/** Whether the bytes after an MP3's last frame are nothing, an ID3v1 tag's worth, or a tag editors append. */
function trailingTag(rest: Uint8Array): boolean {
  if (rest.length <= 128) return true;
  const start = String.fromCharCode(...rest.subarray(0, 11));
  return TRAILING_TAGS.some((tag) => start.startsWith(tag));
}

/** WAVE formats Twilio plays: PCM, A-law and μ-law. */
const WAV_FORMATS = new Set([1, 6, 7]);
/** WAVE_FORMAT_EXTENSIBLE, which many editors write for 24-bit or multi-channel audio: its real format is the first two bytes of its sub-format. */
const WAV_EXTENSIBLE = 0xfffe;

/** The audio format of a 'fmt ' chunk at `at`, looking through WAVE_FORMAT_EXTENSIBLE to the format it holds. */
function wavFormat(view: DataView, at: number): number | undefined {
  const format = view.getUint16(at + 8, true);
  if (format !== WAV_EXTENSIBLE) return format;
  return at + 34 <= view.byteLength ? view.getUint16(at + 32, true) : undefined;
}

function wavSeconds(bytes: Uint8Array): number | undefined {
  const text = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (text(0, 4) !== 'RIFF' || text(8, 12) !== 'WAVE') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate: number | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = text(at, at + 4);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 20 <= bytes.length) {
      const format = wavFormat(view, at);
      if (format === undefined || !WAV_FORMATS.has(format)) return undefined;
      byteRate = view.getUint32(at + 16, true);
    }
    if (id === 'data') return byteRate ? Math.min(size, bytes.length - at - 8) / byteRate : undefined;
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** What is wrong with a recording for <Play>, as the end of a sentence about its file, or undefined. */
export function recordingProblem(bytes: Uint8Array, extension: string): string | undefined {
  const ext = extension.toLowerCase();
  const seconds = ext === '.mp3' ? mp3Seconds(bytes) : ext === '.wav' ? wavSeconds(bytes) : undefined;
  if (seconds === undefined) {
    return ext === '.mp3'
      ? 'is not an MP3 file (no MPEG audio frames from start to end); export it again as MP3'
      : 'is not a WAV file Twilio can play (RIFF WAVE with PCM, A-law or μ-law audio); export it again as WAV or MP3';
  }
  if (seconds < RECORDING_SECONDS.min) return `plays for ${seconds.toFixed(2)} s, which is no sound a caller hears; record it again`;
  if (seconds > RECORDING_SECONDS.max) return `plays for ${Math.round(seconds)} s, longer than the ${RECORDING_SECONDS.max} s any one answer may take; split or shorten it`;
  return undefined;
}
