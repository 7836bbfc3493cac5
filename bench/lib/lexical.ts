import MiniSearch from 'minisearch';
import { lexicalQueryOptions, miniSearchOptions, type LexicalDocument } from '../../src/index/lexical-store.ts';
import { termsOf } from '../../src/text/tokenize.ts';

// The product's BM25 set-up (src/index/lexical-store.ts), used directly rather than through
// LexicalStore.build so that a build can be stopped at the time limit and measured at its size.

export interface BenchLexicalIndex {
  add(id: number, text: string): void;
  /** The product's query (fuzzy for long terms; the product then keeps the best 50). Returns how many matched. */
  query(text: string): number;
}

export function newLexicalIndex(): BenchLexicalIndex {
  const search = new MiniSearch<LexicalDocument>(miniSearchOptions);
  // LexicalStore.build also counts every term's document frequency (for coverage): same work here.
  const documentFrequency = new Map<string, number>();
  return {
    add(id, text) {
      search.add({ id, plain: text, title: '' });
      for (const term of new Set(termsOf(text))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    },
    query(text) {
      const results = search.search(text, lexicalQueryOptions);
      return results.length;
    },
  };
}

export const LEXICAL_TOKENIZER_NOTE =
  "The product's BM25 set-up (as in `src/index/lexical-store.ts`): MiniSearch 7 over `src/text/tokenize.ts` terms " +
  '(accent-folded French and English stems, French and English stopwords and question words dropped), fuzzy matching for ' +
  'terms of 7 letters or more; the build also counts per-term document frequencies, as the product does';
