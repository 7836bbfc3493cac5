import { searchSettings } from '../../src/answer/open.ts';
import { parseConfig } from '../../src/config.ts';
import { LexicalStore } from '../../src/index/lexical-store.ts';
import { rankLexically } from '../../src/search/lexical-ranking.ts';
import { termsOf } from '../../src/text/tokenize.ts';

// The product's lexical search (src/index/lexical-store.ts, src/search/lexical-ranking.ts) over
// passages given as text, without the rest of a build (files, chunking, manifest).

export interface BenchLexicalIndex {
  readonly size: number;
  /** The product's lexical ranking of a question (its candidates, 100 by default). Returns how many it ranked. */
  query(text: string): number;
}

/** A passage's index terms in text order, computed on first use as the product's Retriever does. */
export function cachedTerms(texts: readonly string[]): (index: number) => readonly string[] {
  const cache = new Map<number, string[]>();
  return (index) => {
    let terms = cache.get(index);
    if (!terms) cache.set(index, (terms = termsOf(texts[index]!, 'fr')));
    return terms;
  };
}

/**
 * Builds the product's LexicalStore (BM25F over passages and pages) over French passages, `passagesPerPage`
 * consecutive passages to a page, and queries it with the product's lexical ranking and default settings.
 */
export function buildLexicalIndex(texts: readonly string[], passagesPerPage = 10): BenchLexicalIndex {
  const store = LexicalStore.build(
    texts.map((plain, index) => ({ plain, context: '', page: `page-${Math.floor(index / passagesPerPage)}`, language: 'fr' as const })),
  );
  const settings = searchSettings(parseConfig({}));
  const termsOfPassage = cachedTerms(texts);
  return {
    size: store.documentCount,
    query(text) {
      return rankLexically(store, store.queryWordsOf(text), settings.lexical, settings.candidates, termsOfPassage).length;
    },
  };
}

export const LEXICAL_TOKENIZER_NOTE =
  "The product's lexical search as it serves: `LexicalStore` (`src/index/lexical-store.ts`, BM25F over passages and over " +
  'pages of 10 consecutive passages, `src/index/bm25.ts`) over `src/text/tokenize.ts` terms (accent-folded French stems, ' +
  'French and English stopwords and question words dropped), queried through `rankLexically` (`src/search/lexical-ranking.ts`: ' +
  "passage and page scores, proximity re-ranking of the best 50, the product's default settings, near spellings for unknown " +
  'words). The index is built in one pass and cannot be stopped midway: above 20,000 passages, a probe build of 10,000 ' +
  'gives the rate, and a size whose build would overrun the time limit at that rate is measured at what the limit allows';
