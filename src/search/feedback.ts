import type { QueryWord } from '../index/bm25.ts';

/**
 * Pseudo-relevance feedback (after RM3, Lavrenko & Croft): the terms that weigh most in the best
 * passages of a first ranking, by Σ tf/length · idf, that the question does not already hold;
 * each added at `weight` × its share of the best expansion term's score.
 */
export function feedbackWords(
  words: readonly QueryWord[],
  feedbackPassages: readonly (readonly string[])[],
  idf: (term: string) => number,
  count: number,
  weight: number,
): QueryWord[] {
  const asked = new Set(words.flatMap((word) => word.terms));
  const scores = new Map<string, number>();
  for (const terms of feedbackPassages) {
    if (terms.length === 0) continue;
    for (const term of terms) {
      if (asked.has(term) || /^\p{N}/u.test(term)) continue;
      scores.set(term, (scores.get(term) ?? 0) + idf(term) / terms.length);
    }
  }
  const best = [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count);
  const top = best[0]?.[1] ?? 0;
  return top === 0 ? [] : best.map(([term, score]) => ({ terms: [term], weight: (weight * score) / top }));
}
