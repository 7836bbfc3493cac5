import MiniSearch, { type Options } from 'minisearch';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';

const STOPWORDS = new Set(frenchStopwords);

/**
 * The MiniSearch options the lexical benchmarks use: lower-cased words without French stopwords.
 * (MiniSearch's defaults keep stopwords, which makes every French question match nearly every
 * passage and a query at 1,000,000 passages take seconds.)
 */
export function benchLexicalOptions(): Options<{ id: number; text: string }> {
  return {
    fields: ['text'],
    storeFields: [],
    tokenize: (text) => text.split(/[^\p{L}\p{N}]+/u),
    processTerm: (term) => {
      const lower = term.toLowerCase();
      return lower.length < 2 || STOPWORDS.has(lower) ? null : lower;
    },
  };
}

export function newLexicalIndex(): MiniSearch<{ id: number; text: string }> {
  return new MiniSearch(benchLexicalOptions());
}

export const LEXICAL_TOKENIZER_NOTE =
  'MiniSearch 7 with words split on non-letters, lower-cased, French stopwords removed (@orama/stopwords)';
