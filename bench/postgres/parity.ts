import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGeneration } from '../../src/index/postgres/load-generation.ts';
import { openPool } from '../../src/index/postgres/pool.ts';
import { publishGeneration } from '../../src/index/postgres/publish.ts';
import { createLogger } from '../../src/log.ts';
import { loadPiaf } from '../lib/piaf.ts';
import { sample } from '../lib/random.ts';
import { loadServicePublic, writePiafCorpus, writeKnownItemCorpus } from '../quality/corpus.ts';
import { benchConfig, buildBenchIndex, decisionSettings, loadBenchIndex, rankingSettings, retriever } from '../quality/engine.ts';
import { askAll, metricsOf, type BenchQuestion, type QuestionOutcome, type RetrievalMetrics } from '../quality/evaluate.ts';

export interface BackendRun {
  metrics: RetrievalMetrics;
  /** files: buildIndex; postgres: publishGeneration (one transaction, from the same corpus). */
  buildSeconds: number;
  /** files: loadIndex; postgres: loadGeneration (reads, and builds the lexical and dense indexes in memory). */
  loadSeconds: number;
  askSeconds: number;
}

export interface ParityResult {
  corpus: string;
  passages: number;
  questions: number;
  files: BackendRun;
  postgres: BackendRun;
  /** Questions whose gold passage is ranked at the same place (or missed) by both backends. */
  sameRank: number;
}

async function written(corpus: 'PIAF' | 'Service-Public', corpusDir: string, questionLimit: number | undefined, seed: number): Promise<BenchQuestion[]> {
  if (corpus === 'PIAF') {
    const piaf = loadPiaf();
    const gold = await writePiafCorpus(corpusDir, piaf, piaf.articles.map((_, index) => index));
    const questions = piaf.questions.map((question) => ({ question: question.question, gold: gold.get(question.paragraph) ?? null }));
    return questionLimit === undefined ? questions : sample(questions, questionLimit, seed);
  }
  const questions = await writeKnownItemCorpus(corpusDir, loadServicePublic());
  return questionLimit === undefined ? questions : sample(questions, questionLimit, seed);
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/**
 * One corpus, both backends, the same questions: the file build and the published generation,
 * each loaded as the product loads it and asked through the product's Retriever (lexical-only:
 * no real model here), with rankings scored as bench:quality scores them.
 */
export async function measureParity(corpus: 'PIAF' | 'Service-Public', databaseUrl: string, options: { questionLimit?: number; seed: number }): Promise<ParityResult> {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-parity-'));
  const pool = openPool(databaseUrl);
  try {
    const corpusDir = join(dir, 'corpus');
    const questions = await written(corpus, corpusDir, options.questionLimit, options.seed);
    const config = benchConfig(corpusDir, join(dir, 'index'));
    const answerable = questions.map((question) => question.gold !== null);
    const ask = async (index: Awaited<ReturnType<typeof loadBenchIndex>>) =>
      timed(() => askAll(retriever(index, null, rankingSettings(config)), questions, { retriever: retriever(index, null, decisionSettings(config)), limit: config.SEARCH_TOP_K }));
    const scored = (outcomes: QuestionOutcome[]) => metricsOf(outcomes.filter((_, position) => answerable[position]));

    const fileBuild = await timed(() => buildBenchIndex(config, null));
    const fileIndex = await timed(() => loadBenchIndex(config));
    const fileAsk = await ask(fileIndex.value);

    const published = await timed(() =>
      publishGeneration(pool, {
        corpusDir,
        chunkMaxChars: config.CHUNK_MAX_CHARS,
        hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION },
        embedder: null,
        lexicalOnlyReason: 'benchmark: no embedding model',
        batchSize: config.EMBED_BATCH_SIZE,
        log: createLogger('silent'),
        graceMinutes: 0,
      }),
    );
    const generation = await timed(() => loadGeneration(pool, config.HNSW_EF_SEARCH));
    const postgresAsk = await ask(generation.value);

    const sameRank = fileAsk.value.filter((outcome, position) => outcome.rank === postgresAsk.value[position]!.rank).length;
    return {
      corpus,
      passages: fileBuild.value.manifest.counts.chunks,
      questions: answerable.filter(Boolean).length,
      files: { metrics: scored(fileAsk.value), buildSeconds: fileBuild.seconds, loadSeconds: fileIndex.seconds, askSeconds: fileAsk.seconds },
      postgres: { metrics: scored(postgresAsk.value), buildSeconds: published.seconds, loadSeconds: generation.seconds, askSeconds: postgresAsk.seconds },
      sameRank,
    };
  } finally {
    await pool.end();
    await rm(dir, { recursive: true, force: true });
  }
}
