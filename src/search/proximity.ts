import type { QueryWord } from '../index/bm25.ts';

/** Words further apart than this (in content words) are not counted as near each other. */
const WINDOW = 5;
const SATURATION = 1.2;

/**
 * How closely the question's words sit together in a passage (after Rasolofo & Savoy's BM25TP):
 * for each pair of distinct query words, every pair of their occurrences d ≤ 5 content words apart
 * adds 1/d²; the sum is saturated like a BM25 term frequency and weighted by the rarer word's idf.
 */
export function proximityScore(words: readonly QueryWord[], idfs: readonly number[], passageTerms: readonly string[]): number {
  const positions: number[][] = words.map(() => []);
  passageTerms.forEach((term, position) => {
    words.forEach((word, index) => {
      if (word.terms.includes(term)) positions[index]!.push(position);
    });
  });
  let score = 0;
  for (let i = 0; i < words.length; i += 1) {
    if (positions[i]!.length === 0) continue;
    for (let j = i + 1; j < words.length; j += 1) {
      let closeness = 0;
      for (const a of positions[i]!) {
        for (const b of positions[j]!) {
          const distance = Math.abs(a - b);
          if (distance > 0 && distance <= WINDOW) closeness += 1 / (distance * distance);
        }
      }
      if (closeness > 0) {
        const weight = Math.min(idfs[i]!, idfs[j]!) * Math.min(words[i]!.weight, words[j]!.weight);
        score += (weight * closeness * (SATURATION + 1)) / (SATURATION + closeness);
      }
    }
  }
  return score;
}
