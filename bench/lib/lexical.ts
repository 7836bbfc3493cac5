import MiniSearch, { type Options } from 'minisearch';
import { termsOf, termsOfWord, tokenize } from '../../src/text/tokenize.ts';

interface LexicalDocument {
  id: number;
  plain: string;
  title: string;
}

// The product's BM25 set-up (src/index/lexical-store.ts): its tokenizer and stems from
// src/text/tokenize.ts, its fields and search options. Rebuilt here rather than through
// LexicalStore.build so that a build can be stopped at the time limit and measured at its size.
const options: Options<LexicalDocument> = {
  idField: 'id',
  fields: ['plain', 'title'],
  storeFields: [],
  tokenize: (text) => tokenize(text).map((token) => token.raw),
  processTerm: (term) => termsOfWord(term),
  searchOptions: { boost: { plain: 1, title: 0.2 }, combineWith: 'OR' },
};

export interface BenchLexicalIndex {
  add(id: number, text: string): void;
  /** The product's query (fuzzy for long terms; the product then keeps the best 50). Returns how many matched. */
  query(text: string): number;
}

export function newLexicalIndex(): BenchLexicalIndex {
  const search = new MiniSearch<LexicalDocument>(options);
  // LexicalStore.build also counts every term's document frequency (for coverage): same work here.
  const documentFrequency = new Map<string, number>();
  return {
    add(id, text) {
      search.add({ id, plain: text, title: '' });
      for (const term of new Set(termsOf(text))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    },
    query(text) {
      const results = search.search(text, {
        fuzzy: (term) => (term.length >= 7 ? 0.15 : false),
        weights: { fuzzy: 0.3, prefix: 0.3 },
      });
      return results.length;
    },
  };
}

export const LEXICAL_TOKENIZER_NOTE =
  "The product's BM25 set-up (as in `src/index/lexical-store.ts`): MiniSearch 7 over `src/text/tokenize.ts` terms " +
  '(accent-folded French and English stems, French and English stopwords and question words dropped), fuzzy matching for ' +
  'terms of 7 letters or more; the build also counts per-term document frequencies, as the product does';
