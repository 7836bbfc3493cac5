import type { LexicalStore } from '../index/lexical-store.ts';
import type { QueryWord } from '../index/bm25.ts';

export interface LexicalRankingSettings {
  /** BM25 term-frequency saturation. */
  k1: number;
  /**
   * Weight of the page's BM25 (max-normalised) added to the passage's own (max-normalised): the
   * page a question is about wins even when the passage that answers does not repeat its words.
   */
  pageWeight: number;
}

export interface LexicalHit {
  /** Position of the chunk in the chunk store. */
  index: number;
  score: number;
}

/**
 * Passages ranked by score = bm25(passage) / max bm25(passage) + pageWeight · bm25(page) / max bm25(page),
 * best first, at most `limit`.
 */
export function rankLexically(lexical: LexicalStore, words: readonly QueryWord[], settings: LexicalRankingSettings, limit: number): LexicalHit[] {
  const { passages, pages } = lexical.score(words, settings.k1);
  const topPassage = passages.reduce((top, hit) => Math.max(top, hit.score), 0);
  if (topPassage === 0) return [];
  const pageScore = new Map(pages.map((hit) => [hit.index, hit.score]));
  const topPage = pages.reduce((top, hit) => Math.max(top, hit.score), 0);
  const pageFactor = topPage > 0 ? settings.pageWeight / topPage : 0;
  return passages
    .map((hit) => ({ index: hit.index, score: hit.score / topPassage + pageFactor * (pageScore.get(lexical.pageOf(hit.index)) ?? 0) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit);
}
