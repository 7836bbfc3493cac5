/**
 * Cutting long text to a limit (a platform's message or block size): at a sentence end when one is
 * near, else between words, and only inside a word (never inside a surrogate pair) when a single
 * word is longer than the limit. Surfaces whose markup costs characters (Slack escapes `&<>`) pass
 * their own measure.
 */

/** Positions where a piece may end, by preference. Each is an index into `text` (exclusive end). */
function cutPoints(text: string, start: number, end: number): { sentences: number[]; words: number[] } {
  const sentences: number[] = [];
  const words: number[] = [];
  for (let index = start + 1; index < end; index += 1) {
    const character = text[index] ?? '';
    if (/\s/.test(character) && !/\s/.test(text[index - 1] ?? '')) {
      words.push(index);
      if (/[.!?…:;»"”)\]]/.test(text[index - 1] ?? '') || character === '\n') sentences.push(index);
    }
  }
  return { sentences, words };
}

/** The largest candidate `c` (candidates ascending) with fits(c) true, assuming fits is monotone. */
function farthestFitting(candidates: number[], fits: (cut: number) => boolean): number | null {
  let low = 0;
  let high = candidates.length - 1;
  let best: number | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = candidates[middle] as number;
    if (fits(candidate)) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Where the piece starting at `from` should end: the best cut point that still fits. */
function nextCut(text: string, from: number, end: number, fits: (rangeStart: number, rangeEnd: number) => boolean): number {
  if (fits(from, end)) return end;
  const { sentences, words } = cutPoints(text, from, end);
  const fitsFrom = (cut: number): boolean => fits(from, cut);
  const word = farthestFitting(words, fitsFrom);
  const sentence = farthestFitting(sentences, fitsFrom);
  if (sentence !== null && word !== null && sentence - from >= (word - from) / 2) return sentence;
  if (word !== null) return word;
  // One word longer than the limit: cut at the last code point boundary that fits.
  const positions: number[] = [];
  for (let index = from + 1; index < end; index += 1) {
    if (!isLowSurrogate(text.charCodeAt(index))) positions.push(index);
  }
  const hard = farthestFitting(positions, fitsFrom);
  if (hard === null) throw new Error('splitRanges: not even one character fits');
  return hard;
}

function skipSpace(text: string, from: number, end: number): number {
  let index = from;
  while (index < end && /\s/.test(text[index] ?? '')) index += 1;
  return index;
}

/**
 * Split `text.slice(start, end)` into consecutive ranges such that `fits(rangeStart, rangeEnd)`
 * holds for each (e.g. "rendered length <= 4096"). Whitespace between ranges is dropped.
 * `fits` should be monotone: if a range fits, a shorter range with the same start fits too.
 */
export function splitRanges(
  text: string,
  fits: (rangeStart: number, rangeEnd: number) => boolean,
  start = 0,
  end = text.length,
): [number, number][] {
  const ranges: [number, number][] = [];
  let from = skipSpace(text, start, end);
  while (from < end) {
    const cut = nextCut(text, from, end, fits);
    ranges.push([from, cut]);
    from = skipSpace(text, cut, end);
  }
  return ranges;
}

/** Split plain text into pieces of at most `max` characters (UTF-16 units), cleanly. */
export function splitText(text: string, max: number): string[] {
  return splitRanges(text, (from, to) => to - from <= max).map(([from, to]) => text.slice(from, to).trimEnd());
}

/**
 * Shorten `text` so that `measure` of it is at most `max`, at a word boundary when possible, with an
 * ellipsis. `measure` defaults to the length in UTF-16 units and must never be below it.
 */
export function truncate(text: string, max: number, measure: (piece: string) => number = (piece) => piece.length): string {
  if (measure(text) <= max) return text;
  const from = skipSpace(text, 0, text.length);
  const end = Math.min(text.length, from + max);
  const cut = from < end ? nextCut(text, from, end, (a, b) => measure(text.slice(a, b)) <= max - 1) : from;
  return `${text.slice(from, cut).trimEnd()}…`;
}
