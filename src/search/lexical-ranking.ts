import type { LexicalStore } from '../index/lexical-store.ts';
import type { QueryWord } from '../index/bm25.ts';
import { feedbackWords } from './feedback.ts';
import { spreadAcrossPages } from './page-diversity.ts';
import { proximityScore } from './proximity.ts';

export interface LexicalRankingSettings {
  /** BM25 term-frequency saturation. */
  k1: number;
  /**
   * Weight of a name, acronym or number of the question (another word weighs 1): it names what the
   * question is about, where its other words may be said otherwise in the passage.
   */
  identifierWeight: number;
  /**
   * Weight of the page's BM25 (max-normalised) added to the passage's own (max-normalised): the
   * page a question is about wins even when the passage that answers does not repeat its words.
   */
  pageWeight: number;
  /** Weight of the proximity of the question's words (max-normalised over the re-ranked passages). */
  proximityWeight: number;
  /** How many of the best passages proximity re-ranks. */
  proximityDepth: number;
  /**
   * Weight of the question's word families (see LexicalStore.conflatedWordsOf) in re-ranking the best
   * `conflationDepth` passages: a stem and the words derived from it ("construction", "construit") count together (0: off).
   */
  conflationWeight: number;
  conflationDepth: number;
  /**
   * How far a passage drops, per passage of its page ranked above it, in choosing the first `diversePlaces`
   * (scaled by how closely another page rivals its page: see spreadAcrossPages; 0: off).
   */
  pageDiversity: number;
  /** How many of the first places spreadAcrossPages fills: an answer's default number of passages. */
  diversePlaces: number;
  /** Pseudo-relevance feedback: terms added from the best passages of a first ranking (0: none). */
  feedbackTerms: number;
  /** How many of the first ranking's best passages feedback reads. */
  feedbackDepth: number;
  /** Weight of the best feedback term (a question word weighs 1). */
  feedbackWeight: number;
}

export interface LexicalHit {
  /** Position of the chunk in the chunk store. */
  index: number;
  score: number;
}

const byScore = (a: LexicalHit, b: LexicalHit) => b.score - a.score || a.index - b.index;

/**
 * The `depth` best passages by bm25(passage) / max bm25(passage) + pageWeight · bm25(page) / max bm25(page)
 * (the index ranks them without scoring every passage: see LexicalStore.rank).
 */
function passagesAndPages(lexical: LexicalStore, words: readonly QueryWord[], settings: LexicalRankingSettings, depth: number): LexicalHit[] {
  return lexical.rank(words, settings.k1, settings.pageWeight, depth);
}

/**
 * Passages ranked by score = bm25(passage) / max bm25(passage) + pageWeight · bm25(page) / max bm25(page),
 * ranked again with pseudo-relevance feedback terms when set; then the best `conflationDepth` of them re-ranked with
 * + conflationWeight · the same score over the question's word families, and the best `proximityDepth` with
 * + proximityWeight · proximity / max proximity; then the first `diversePlaces` spread across rival pages (see
 * spreadAcrossPages); best first, at most `limit`. `termsOfPassage` gives a passage's index terms in text order.
 */
export function rankLexically(
  lexical: LexicalStore,
  words: readonly QueryWord[],
  settings: LexicalRankingSettings,
  limit: number,
  termsOfPassage: (index: number) => readonly string[],
): LexicalHit[] {
  // Every later step reads only the head of the first ranking: feedback its best feedbackDepth, word families their best conflationDepth, proximity its best proximityDepth.
  const depth = Math.max(limit, settings.conflationWeight > 0 ? settings.conflationDepth : 0, settings.proximityWeight > 0 ? settings.proximityDepth : 0, settings.feedbackTerms > 0 ? settings.feedbackDepth : 0);
  let ranked = passagesAndPages(lexical, words, settings, depth);
  if (settings.feedbackTerms > 0 && ranked.length > 0) {
    const feedback = ranked.slice(0, settings.feedbackDepth).map((hit) => termsOfPassage(hit.index));
    const added = feedbackWords(words, feedback, (term) => lexical.idf(term), settings.feedbackTerms, settings.feedbackWeight);
    if (added.length > 0) ranked = passagesAndPages(lexical, [...words, ...added], settings, depth);
  }
  if (settings.conflationWeight > 0 && ranked.length > 1) {
    const head = ranked.slice(0, settings.conflationDepth);
    const family = lexical.pooledScores(lexical.conflatedWordsOf(words), settings.k1, settings.pageWeight, head.map((hit) => hit.index));
    head.forEach((hit, position) => (hit.score += settings.conflationWeight * family[position]!));
    ranked.splice(0, head.length, ...head.sort(byScore));
  }
  if (settings.proximityWeight > 0 && words.length > 1) {
    const head = ranked.slice(0, settings.proximityDepth);
    const idfs = words.map((word) => Math.max(0, ...word.terms.map((term) => lexical.idf(term))));
    const closeness = head.map((hit) => proximityScore(words, idfs, termsOfPassage(hit.index)));
    const topCloseness = Math.max(0, ...closeness);
    if (topCloseness > 0) head.forEach((hit, position) => (hit.score += (settings.proximityWeight * closeness[position]!) / topCloseness));
    ranked.splice(0, head.length, ...head.sort(byScore));
  }
  if (settings.pageDiversity > 0 && ranked.length > 1) {
    const paged = ranked.map((hit) => ({ ...hit, page: lexical.pageOf(hit.index) }));
    const pageScores = lexical.pageScoresOf(words, settings.k1, paged.map((hit) => hit.page));
    ranked = spreadAcrossPages(paged, pageScores, settings.pageDiversity, settings.diversePlaces).map(({ index, score }) => ({ index, score }));
  }
  return ranked.slice(0, limit);
}
