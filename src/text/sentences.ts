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

export function splitSentences(text: string, locale = 'fr'): Span[] {
  const segmenter = segmenterFor(locale);
  const raw: Span[] = [];
  for (const segment of segmenter.segment(text)) {
    raw.push({ start: segment.index, end: segment.index + segment.segment.length });
  }
  const merged: Span[] = [];
  for (const span of raw) {
    const previous = merged.at(-1);
    if (previous && ABBREVIATION.test(text.slice(previous.start, previous.end))) {
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
    if (previous && /^\s*\p{Ll}/u.test(text.slice(span.start, span.end)) && /[!?…][\s»”")\]]*$/u.test(text.slice(previous.start, previous.end))) {
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
