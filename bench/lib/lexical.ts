import { termsOf } from '../../src/text/tokenize.ts';

// Passages' terms for the benchmarks' lexical rankings, computed as the product's retriever does.

/** A passage's index terms in text order, computed on first use as the product's Retriever does. */
export function cachedTerms(texts: readonly string[]): (index: number) => readonly string[] {
  const cache = new Map<number, string[]>();
  return (index) => {
    let terms = cache.get(index);
    if (!terms) cache.set(index, (terms = termsOf(texts[index]!, 'fr')));
    return terms;
  };
}
