/** A piece of a spoken sentence: words, or a helpline's number read from the directory. */
export type Segment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'number'; readonly helplineId: string };

/** A helpline's number inside a prompt, `[[rosa]]`: the only way a prompt may name a number. */
const NUMBER_TOKEN = /\[\[([^\]]*)\]\]/g;

/** Splits prompt text at its number tokens; the one reader of the `[[id]]` syntax. */
export function toSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(NUMBER_TOKEN)) {
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    segments.push({ kind: 'number', helplineId: match[1] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** The text of segments, each number written as `writeNumber` gives it. */
export function segmentsText(segments: readonly Segment[], writeNumber: (helplineId: string) => string): string {
  return segments.map((s) => (s.kind === 'text' ? s.text : writeNumber(s.helplineId))).join('');
}
