export interface Span {
  start: number;
  end: number;
}

const ABBREVIATION = /(?:^|[\s(«“"])(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|St|Ste|Mr|Mrs|Ms|Prof|Gen|Gén|Sgt|No|n°|p|pp|cf|vol|art|etc|env|ex|av|apr|J\.-C|U\.S|U\.K|[A-Z])\.\s*$/u;
const LEADING_CLOSERS = /^[\s»”’")\]]*[»”")\]]\s*/u;

/**
 * Sentence spans of `text` (offsets into it, whitespace around sentences excluded). Built on
 * Intl.Segmenter, corrected for what it gets wrong in French news text: abbreviations such as
 * "M. Rutte", and closing quotes (« … ») that it pushes to the start of the next sentence.
 */
const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/**
 * How much text one pass of the segmenter reads: V8's sentence segments take time that grows with the
 * square of the text (8,000 sentences in one string: 1.7 s), so a long text is segmented window by window.
 */
const SEGMENT_WINDOW = 4000;

/** Where a window may end: after a line break, else after a sentence's end and a space, else after a space. */
function windowEnd(text: string, start: number): number {
  const limit = start + SEGMENT_WINDOW;
  if (limit >= text.length) return text.length;
  const window = text.slice(start, limit);
  for (const boundary of [/\n[^\n]*$/u, /[.!?…]\s[^.!?…]*$/u, /\s\S*$/u]) {
    const found = boundary.exec(window);
    if (found && found.index > 0) return start + found.index + 1;
  }
  return limit;
}

function rawSentences(text: string, locale: string): Span[] {
  const segmenter = segmenterFor(locale);
  const raw: Span[] = [];
  for (let start = 0; start < text.length; ) {
    const end = windowEnd(text, start);
    for (const segment of segmenter.segment(text.slice(start, end))) {
      raw.push({ start: start + segment.index, end: start + segment.index + segment.segment.length });
    }
    start = end;
  }
  return raw;
}

/** The end of a span, enough to read what it ends with, and marked as cut ("x") when it is not the whole span (so that `^` means its start). */
function endingOf(text: string, span: Span): string {
  const from = Math.max(span.start, span.end - 64);
  return (from > span.start ? 'x' : '') + text.slice(from, span.end);
}

export function splitSentences(text: string, locale = 'fr'): Span[] {
  const raw = rawSentences(text, locale);
  const merged: Span[] = [];
  for (const span of raw) {
    const previous = merged.at(-1);
    if (previous && ABBREVIATION.test(endingOf(text, previous))) {
      previous.end = span.end;
      continue;
    }
    const closers = LEADING_CLOSERS.exec(text.slice(span.start, span.end));
    if (previous && closers) {
      previous.end = span.start + closers[0].length;
      span.start = previous.end;
      if (span.start >= span.end) continue;
    }
    // "« Agissons ! » a-t-il ajouté." : a clause that starts in lower case continues the sentence before it.
    if (previous && /^\s*\p{Ll}/u.test(text.slice(span.start, Math.min(span.end, span.start + 64))) && /[!?…][\s»”")\]]*$/u.test(endingOf(text, previous))) {
      previous.end = span.end;
      continue;
    }
    merged.push({ ...span });
  }
  return merged.map((span) => trimSpan(text, span)).filter((span) => span.end > span.start);
}

/** Shrink a span so it neither starts nor ends with whitespace. */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/u.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/u.test(text[end - 1] ?? '')) end -= 1;
  return { start, end };
}
