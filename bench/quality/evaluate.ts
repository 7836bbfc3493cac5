import type { Embedder } from '../../src/embed/types.ts';
import type { LoadedIndex } from '../../src/index/load.ts';
import type { Retriever } from '../../src/search/search.ts';
import type { PiafQuestion } from '../lib/piaf.ts';
import { overlaps, type GoldRange } from './corpus.ts';

export const RANK_DEPTH = 10;

export interface QuestionOutcome {
  /** 1-based rank of the first passage overlapping the question's paragraph within the top RANK_DEPTH, or null. */
  rank: number | null;
  /** Relevance of the best passage (what the no-answer decision compares to the threshold). */
  bestRelevance: number;
}

export interface RetrievalMetrics {
  questions: number;
  hitAt1: number;
  hitAt5: number;
  /** Mean reciprocal rank, counting ranks up to RANK_DEPTH. */
  mrr: number;
}

export function metricsOf(outcomes: readonly QuestionOutcome[]): RetrievalMetrics {
  const n = outcomes.length;
  const share = (test: (outcome: QuestionOutcome) => boolean) => (n === 0 ? 0 : outcomes.filter(test).length / n);
  return {
    questions: n,
    hitAt1: share((outcome) => outcome.rank === 1),
    hitAt5: share((outcome) => outcome.rank !== null && outcome.rank <= 5),
    mrr: n === 0 ? 0 : outcomes.reduce((sum, outcome) => sum + (outcome.rank ? 1 / outcome.rank : 0), 0) / n,
  };
}

/** Ask each question through the product's retriever (the whole search path, highlights included). */
export async function askAll(
  retriever: Retriever,
  questions: readonly PiafQuestion[],
  gold: ReadonlyMap<number, GoldRange>,
): Promise<QuestionOutcome[]> {
  const outcomes: QuestionOutcome[] = [];
  for (const question of questions) {
    const outcome = await retriever.search({ question: question.question, limit: RANK_DEPTH, offset: 0 });
    const target = gold.get(question.paragraph);
    const position = target
      ? outcome.passages.findIndex((passage) => overlaps(target, passage.source.file, passage.source.start, passage.source.end))
      : -1;
    outcomes.push({ rank: position === -1 ? null : position + 1, bestRelevance: outcome.bestRelevance });
  }
  return outcomes;
}

/** Dense-only ranking: the query's nearest chunks in the HNSW index, nothing else. */
export async function askAllDense(
  index: LoadedIndex,
  embedder: Embedder,
  questions: readonly PiafQuestion[],
  gold: ReadonlyMap<number, GoldRange>,
): Promise<QuestionOutcome[]> {
  if (!index.vectors) throw new Error('dense-only ranking needs an index built with a model');
  const outcomes: QuestionOutcome[] = [];
  for (const question of questions) {
    const hits = index.vectors.query(await embedder.embedQuery(question.question), RANK_DEPTH);
    const target = gold.get(question.paragraph);
    const position = target
      ? hits.findIndex((hit) => {
          const chunk = index.chunks[hit.index]!;
          return overlaps(target, chunk.file, chunk.start, chunk.end);
        })
      : -1;
    outcomes.push({ rank: position === -1 ? null : position + 1, bestRelevance: hits[0]?.similarity ?? 0 });
  }
  return outcomes;
}
