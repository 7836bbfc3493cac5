import type { AnswerReply } from '../../../src/answer/types.ts';
import type { Passage, SourceRef } from '../../../src/search/types.ts';

/** Collapse runs of whitespace, so text can be compared across line breaks and paragraph splits. */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The corpus text inside rendered quote lines: drop the `> ` prefixes, bold markers, "…"
 * continuation marks and markdown escapes. Citation lines (starting with "—") are left out.
 */
export function quotedText(description: string): string {
  return description
    .split('\n')
    .filter((line) => line.startsWith('>'))
    .map((line) =>
      line
        .replace(/^> ?/, '')
        .replace(/^… /, '')
        .replace(/ …$/, '')
        .replace(/\*\*/g, '')
        .replace(/\\([^0-9A-Za-z\s])/g, '$1'),
    )
    .join('\n');
}

export function source(overrides: Partial<SourceRef> = {}): SourceRef {
  return {
    file: 'notes/forum.md',
    title: 'Forum notes',
    url: null,
    date: null,
    paragraph: 2,
    line: 1,
    start: 0,
    end: 10,
    ...overrides,
  };
}

export function passage(text: string, overrides: Partial<Passage> = {}): Passage {
  const highlight = overrides.highlight ?? text;
  const highlightStart = overrides.highlightStart ?? text.indexOf(highlight);
  return {
    rank: 1,
    chunkIds: ['forum.md#1'],
    text,
    highlight,
    highlightStart,
    highlightEnd: highlightStart + highlight.length,
    score: 0.9,
    source: source({ end: text.length }),
    ...overrides,
  };
}

export function answer(passages: Passage[], overrides: Partial<AnswerReply> = {}): AnswerReply {
  return {
    kind: 'answer',
    command: 'ask',
    query: 'who organised the forum?',
    lang: 'en',
    mode: 'dense+lexical',
    noAnswer: false,
    passages,
    offset: 0,
    hasMore: false,
    quote: null,
    groups: null,
    suggestions: [],
    ...overrides,
  };
}

/** True when `text` has a lone UTF-16 surrogate (a string cut inside a character). */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
