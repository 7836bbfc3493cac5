import type { Embedder } from '../../src/embed/types.ts';
import type { LoadedIndex } from '../../src/index/load.ts';
import type { Retriever } from '../../src/search/search.ts';
import { overlaps, type GoldRange } from './corpus.ts';

export const RANK_DEPTH = 10;

/** One question of a benchmark corpus: a hit is a passage overlapping `gold` (null: its source is not in the index). */
export interface BenchQuestion {
  question: string;
  gold: GoldRange | null;
}

export interface QuestionOutcome {
  /** 1-based rank of the first passage overlapping the question's gold range within the top RANK_DEPTH, or null. */
  rank: number | null;
  /** Relevance of the best evidence (what the no-answer decision compares to the threshold). */
  bestRelevance: number;
  /** Whether the product, with its real default settings, says "no good answer" (undefined: not asked that way). */
  noAnswer?: boolean;
}

export interface RetrievalMetrics {
  questions: number;
  hitAt1: number;
  hitAt3: number;
  hitAt5: number;
  /** Mean reciprocal rank, counting ranks up to RANK_DEPTH. */
  mrr: number;
  /** Share of the questions declined with the product's default settings (null: no decision rule, e.g. dense-only or the baseline). */
  declined: number | null;
}

export function metricsOf(outcomes: readonly QuestionOutcome[]): RetrievalMetrics {
  const n = outcomes.length;
  const share = (test: (outcome: QuestionOutcome) => boolean) => (n === 0 ? 0 : outcomes.filter(test).length / n);
  const decided = outcomes.every((outcome) => outcome.noAnswer !== undefined);
  return {
    questions: n,
    hitAt1: share((outcome) => outcome.rank === 1),
    hitAt3: share((outcome) => outcome.rank !== null && outcome.rank <= 3),
    hitAt5: share((outcome) => outcome.rank !== null && outcome.rank <= 5),
    mrr: n === 0 ? 0 : outcomes.reduce((sum, outcome) => sum + (outcome.rank ? 1 / outcome.rank : 0), 0) / n,
    declined: decided && n > 0 ? share((outcome) => outcome.noAnswer === true) : null,
  };
}

/**
 * Ask each question through the product's retriever (the whole search path, highlights included):
 * once with `ranker` (threshold and relative floor at 0, so the ranking can be scored), and, when
 * `decider` is given, once more with the product's real settings to record whether it declines.
 */
export async function askAll(
  ranker: Retriever,
  questions: readonly BenchQuestion[],
  decider: { retriever: Retriever; limit: number } | null = null,
): Promise<QuestionOutcome[]> {
  const outcomes: QuestionOutcome[] = [];
  for (const { question, gold } of questions) {
    const decision = decider ? await decider.retriever.search({ question, limit: decider.limit, offset: 0 }) : null;
    const outcome = await ranker.search({ question, limit: RANK_DEPTH, offset: 0 });
    const position = gold
      ? outcome.passages.findIndex((passage) => overlaps(gold, passage.source.file, passage.source.start, passage.source.end))
      : -1;
    outcomes.push({
      rank: position === -1 ? null : position + 1,
      bestRelevance: outcome.bestRelevance,
      ...(decision ? { noAnswer: decision.noAnswer } : {}),
    });
  }
  return outcomes;
}

/** Dense-only ranking: the query's nearest chunks in the HNSW index, nothing else. */
export async function askAllDense(index: LoadedIndex, embedder: Embedder, questions: readonly BenchQuestion[]): Promise<QuestionOutcome[]> {
  if (!index.vectors) throw new Error('dense-only ranking needs an index built with a model');
  const outcomes: QuestionOutcome[] = [];
  for (const { question, gold } of questions) {
    const hits = index.vectors.query(await embedder.embedQuery(question), RANK_DEPTH);
    const position = gold
      ? hits.findIndex((hit) => {
          const chunk = index.chunks.at(hit.index);
          return overlaps(gold, chunk.file, chunk.start, chunk.end);
        })
      : -1;
    outcomes.push({ rank: position === -1 ? null : position + 1, bestRelevance: hits[0]?.similarity ?? 0 });
  }
  return outcomes;
}
