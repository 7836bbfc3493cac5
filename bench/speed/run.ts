import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCitebot, searchSettings } from '../../src/answer/open.ts';
import { loadTransformersEmbedder } from '../../src/embed/transformers-embedder.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { buildFiles } from '../../src/index/layout.ts';
import { readCurrentBuild } from '../../src/index/read-build.ts';
import { whyRebuild } from '../../src/index/staleness.ts';
import { createLogger } from '../../src/log.ts';
import { fuse } from '../../src/search/fusion.ts';
import { ChunkTerms } from '../../src/search/chunk-terms.ts';
import { rankLexically } from '../../src/search/lexical-ranking.ts';
import { corpusLanguages, questionTranslation, Retriever } from '../../src/search/search.ts';
import { count } from '../lib/markdown.ts';
import { loadPiaf } from '../lib/piaf.ts';
import { sample } from '../lib/random.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import { writePiafCorpus } from '../quality/corpus.ts';
import { benchConfig, buildBenchIndex, loadBenchIndex } from '../quality/engine.ts';
import { coldStart, type ColdStart } from './cold-start.ts';
import { benchModel, type BenchModel, type ModelShapeName } from './model.ts';

export interface SpeedOptions {
  shape: ModelShapeName;
  dtype: 'q8' | 'fp32';
  /** PIAF articles in the corpus embedded with the model (the build and query measurements). */
  modelArticles: number;
  /** Chunks embedded for each batch size. */
  embedChunks: number;
  batchSizes: number[];
  queries: number;
  coldStarts: number;
  seed: number;
  /** PIAF articles in the lexical-only build (all when undefined). */
  lexicalArticles?: number;
  /** Where the generated model goes (bench/.cache/models by default). */
  modelsDir?: string;
}

export const DEFAULT_SPEED_OPTIONS: SpeedOptions = {
  shape: 'e5-small',
  dtype: 'q8',
  modelArticles: 40,
  embedChunks: 48,
  batchSizes: [1, 4, 16],
  queries: 200,
  coldStarts: 3,
  seed: 20261123,
};

export interface BuildTiming {
  label: string;
  chunks: number;
  seconds: number;
  embedded: number;
  reused: number;
}

/** The sentence vectors the build stores for the highlight (src/index/sentence-vectors.ts), and what they cost. */
export interface SentenceVectorCost {
  passages: number;
  /** Passages of two or more sentences (those that get sentence vectors). */
  multiSentencePassages: number;
  sentences: number;
  /** Seconds of the first build spent embedding sentences (from its first to its last progress report). */
  embedSeconds: number;
  sentenceBytes: number;
  passageVectorBytes: number;
}

export interface StageLatency {
  stage: string;
  latency: LatencySummary;
}

export interface SpeedResults {
  options: SpeedOptions;
  model: BenchModel;
  dtype: string;
  modelLoadSeconds: number;
  /** Mean characters of the chunks embedded. */
  embedChunkChars: number;
  embedding: { batchSize: number; msPerChunk: number; chunks: number }[];
  builds: BuildTiming[];
  staleCheckMs: number;
  staleReason: string | null;
  queries: number;
  stages: StageLatency[];
  lexicalOnlyWhole: LatencySummary;
  /** The whole hybrid path over a copy of the index without sentence vectors: sentences embedded at answer time, as before. */
  embedAtAnswerWhole: LatencySummary;
  sentenceVectors: SentenceVectorCost;
  /** Highlights of the same questions, index with and without sentence vectors: how many passages got the same sentence. */
  highlightAgreement: { same: number; passages: number };
  coldStarts: { mode: string; runs: ColdStart[] }[];
  coldStartError: string | null;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function measureEmbedding(embedder: Embedder, unsorted: string[], batchSizes: number[]) {
  // Sorted by length, as the build embeds them, so that batches pad little.
  const texts = [...unsorted].sort((a, b) => a.length - b.length);
  await embedder.embedPassages(texts.slice(0, 2));
  const results: SpeedResults['embedding'] = [];
  for (const batchSize of batchSizes) {
    const started = performance.now();
    for (let offset = 0; offset < texts.length; offset += batchSize) await embedder.embedPassages(texts.slice(offset, offset + batchSize));
    results.push({ batchSize, chunks: texts.length, msPerChunk: (performance.now() - started) / texts.length });
  }
  return results;
}

export async function runSpeed(options: SpeedOptions = DEFAULT_SPEED_OPTIONS): Promise<SpeedResults> {
  const piaf = loadPiaf();
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-speed-'));
  const log = createLogger('silent');
  try {
    const model = await benchModel(options.shape, options.modelsDir);
    const modelEnv = { MODELS_DIR: model.modelsDir, EMBED_MODEL: model.modelId, EMBED_DTYPE: options.dtype };
    const [embedder, loadMs] = await timed(() =>
      loadTransformersEmbedder(
        { modelId: model.modelId, dtype: options.dtype, queryPrefix: 'query: ', passagePrefix: 'passage: ', modelsDir: model.modelsDir, allowDownload: false, batchSize: 16 },
        log,
      ),
    );

    const allArticles = piaf.articles.map((_, index) => index);
    const modelArticles = sample(allArticles, options.modelArticles, options.seed).sort((a, b) => a - b);
    const embedTexts = sample(piaf.paragraphs, options.embedChunks, options.seed).map((paragraph) => paragraph.text);
    const embedding = await measureEmbedding(embedder, embedTexts, options.batchSizes);

    // Builds: lexical-only over all of PIAF; with the model over a sample of articles; then the same again unchanged.
    const builds: BuildTiming[] = [];
    const lexicalConfig = benchConfig(join(dir, 'lexical', 'corpus'), join(dir, 'lexical', 'index'));
    const lexicalArticles = options.lexicalArticles === undefined ? allArticles : allArticles.slice(0, options.lexicalArticles);
    await writePiafCorpus(lexicalConfig.CORPUS_DIR, piaf, lexicalArticles);
    const [lexicalBuild, lexicalMs] = await timed(() => buildBenchIndex(lexicalConfig, null));
    builds.push({ label: lexicalArticles.length === allArticles.length ? 'lexical-only, all of PIAF' : `lexical-only, ${lexicalArticles.length} PIAF articles`, chunks: lexicalBuild.manifest.counts.chunks, seconds: lexicalMs / 1000, embedded: 0, reused: 0 });

    const config = benchConfig(join(dir, 'model', 'corpus'), join(dir, 'model', 'index'), modelEnv);
    const gold = await writePiafCorpus(config.CORPUS_DIR, piaf, modelArticles);
    const sentenceTimes: number[] = [];
    const [modelBuild, modelMs] = await timed(() => buildBenchIndex(config, embedder, { onSentenceProgress: () => sentenceTimes.push(performance.now()) }));
    const counts = modelBuild.manifest.counts;
    builds.push({ label: `with the model, ${modelArticles.length} PIAF articles`, chunks: counts.chunks, seconds: modelMs / 1000, embedded: counts.embedded, reused: counts.reused });
    const [staleReason, staleMs] = await timed(() =>
      whyRebuild({ indexDir: config.INDEX_DIR, corpusDir: config.CORPUS_DIR, chunkMaxChars: config.CHUNK_MAX_CHARS, embedder }),
    );
    const [rebuild, rebuildMs] = await timed(() => buildBenchIndex(config, embedder));
    builds.push({
      label: 'the same, rebuilt with nothing changed',
      chunks: rebuild.manifest.counts.chunks,
      seconds: rebuildMs / 1000,
      embedded: rebuild.manifest.counts.embedded,
      reused: rebuild.manifest.counts.reused,
    });

    // Warm query latency: each stage apart, then the whole path, question by question.
    const index = await loadBenchIndex(config);
    const settings = searchSettings(config);
    const hybrid = await openCitebot({ config, log, embedder, embedderReason: null });
    const lexicalOnly = await openCitebot({ config, log, embedder: null, embedderReason: 'benchmark: lexical-only' });
    // The same index without its sentence vectors: the highlight embeds sentences at answer time, as before they were stored.
    const olderConfig = { ...config, INDEX_DIR: join(dir, 'model', 'index-without-sentence-vectors') };
    await cp(config.INDEX_DIR, olderConfig.INDEX_DIR, { recursive: true });
    const olderBuild = (await readCurrentBuild(olderConfig.INDEX_DIR))!;
    await rm(join(olderBuild, buildFiles.sentenceVectors));
    await rm(join(olderBuild, buildFiles.sentenceRows));
    const embedAtAnswer = await openCitebot({ config: olderConfig, log, embedder, embedderReason: null });
    const olderIndex = await loadBenchIndex(olderConfig);
    const servingBuild = (await readCurrentBuild(config.INDEX_DIR))!;
    const sentenceVectors: SentenceVectorCost = {
      passages: index.chunks.length,
      multiSentencePassages: Array.from({ length: index.chunks.length }, (_, position) => index.sentences?.vectorsOf(position)?.length ?? 0).filter((count) => count > 0).length,
      sentences: modelBuild.manifest.sentenceVectors?.sentences ?? 0,
      embedSeconds: sentenceTimes.length > 1 ? (sentenceTimes.at(-1)! - sentenceTimes[0]!) / 1000 : 0,
      sentenceBytes: (await stat(join(servingBuild, buildFiles.sentenceVectors))).size,
      passageVectorBytes: (await stat(join(servingBuild, buildFiles.embeddings))).size,
    };
    const questions = sample(
      piaf.questions.filter((question) => gold.has(question.paragraph)),
      options.queries,
      options.seed,
    ).map((question) => question.question);
    for (const question of questions.slice(0, 10)) {
      await hybrid.run('ask', { text: question });
      await lexicalOnly.run('ask', { text: question });
      await embedAtAnswer.run('ask', { text: question });
    }
    const termsOfChunk = new ChunkTerms(index.chunks).inOrder;
    const translation = questionTranslation(settings, corpusLanguages(index.chunks));
    const samples: Record<string, number[]> = { embed: [], hnsw: [], bm25: [], fusion: [], rest: [], whole: [], lexicalWhole: [], embedAtAnswerWhole: [] };
    for (const question of questions) {
      const [vector, embedMs] = await timed(() => embedder.embedQuery(question));
      const hnswStart = performance.now();
      const dense = index.vectors!.query(vector, settings.candidates);
      const hnswMs = performance.now() - hnswStart;
      const bm25Start = performance.now();
      const lexical = rankLexically(index.lexical, index.lexical.queryWordsOf(question, settings.lexical.identifierWeight, translation), settings.lexical, settings.candidates, termsOfChunk);
      const bm25Ms = performance.now() - bm25Start;
      const fusionStart = performance.now();
      fuse(
        { hits: lexical },
        { hits: dense.map((hit) => ({ index: hit.index, score: hit.similarity })) },
        settings.fusion,
      );
      const fusionMs = performance.now() - fusionStart;
      const [, wholeMs] = await timed(() => hybrid.run('ask', { text: question }));
      const [, lexicalWholeMs] = await timed(() => lexicalOnly.run('ask', { text: question }));
      const [, embedAtAnswerMs] = await timed(() => embedAtAnswer.run('ask', { text: question }));
      samples.embedAtAnswerWhole!.push(embedAtAnswerMs);
      samples.embed!.push(embedMs);
      samples.hnsw!.push(hnswMs);
      samples.bm25!.push(bm25Ms);
      samples.fusion!.push(fusionMs);
      samples.whole!.push(wholeMs);
      samples.rest!.push(Math.max(0, wholeMs - embedMs - hnswMs - bm25Ms - fusionMs));
      samples.lexicalWhole!.push(lexicalWholeMs);
    }
    const stages: StageLatency[] = [
      { stage: 'whole path (`ask`, hybrid)', latency: summarize(samples.whole!) },
      { stage: 'embed the query', latency: summarize(samples.embed!) },
      { stage: 'HNSW search', latency: summarize(samples.hnsw!) },
      { stage: 'lexical ranking (`rankLexically`: BM25F passages and pages, proximity)', latency: summarize(samples.bm25!) },
      { stage: 'fusion (RRF)', latency: summarize(samples.fusion!) },
      { stage: 'answer model (whole path minus the four stages above)', latency: summarize(samples.rest!) },
    ];

    // Same passages either way (only the highlight reads sentence vectors): compare the sentences chosen.
    const highlightAgreement = { same: 0, passages: 0 };
    const withVectors = new Retriever(index, embedder, settings);
    const withoutVectors = new Retriever(olderIndex, embedder, settings);
    for (const question of questions) {
      const request = { question, limit: 10, offset: 0 };
      const [stored, embeddedNow] = [await withVectors.search(request), await withoutVectors.search(request)];
      stored.passages.forEach((passage, rank) => {
        highlightAgreement.passages++;
        if (passage.highlight === embeddedNow.passages[rank]?.highlight) highlightAgreement.same++;
      });
    }

    const coldStarts: SpeedResults['coldStarts'] = [];
    let coldStartError: string | null = null;
    const coldQuestion = questions[0] ?? 'Quelle est la capitale de la France ?';
    try {
      const modes: [string, Record<string, string>][] = [
        [`lexical-only, ${count(lexicalBuild.manifest.counts.chunks)} chunks`, {
          CORPUS_DIR: lexicalConfig.CORPUS_DIR,
          INDEX_DIR: lexicalConfig.INDEX_DIR,
          DATA_DIR: join(dir, 'lexical', 'data'),
          MODELS_DIR: join(dir, 'no-models'),
          ALLOW_MODEL_DOWNLOAD: 'false',
        }],
        [`with the model, ${count(counts.chunks)} chunks`, {
          ...modelEnv,
          CORPUS_DIR: config.CORPUS_DIR,
          INDEX_DIR: config.INDEX_DIR,
          DATA_DIR: join(dir, 'model', 'data'),
          ALLOW_MODEL_DOWNLOAD: 'false',
        }],
      ];
      for (const [mode, env] of modes) {
        const runs: ColdStart[] = [];
        for (let run = 0; run < options.coldStarts; run++) runs.push(await coldStart(coldQuestion, env));
        coldStarts.push({ mode, runs });
      }
    } catch (error) {
      coldStartError = error instanceof Error ? error.message : String(error);
    }

    return {
      options,
      model,
      dtype: options.dtype,
      modelLoadSeconds: loadMs / 1000,
      embedChunkChars: embedTexts.reduce((sum, text) => sum + text.length, 0) / Math.max(1, embedTexts.length),
      embedding,
      builds,
      staleCheckMs: staleMs,
      staleReason,
      queries: questions.length,
      stages,
      lexicalOnlyWhole: summarize(samples.lexicalWhole!),
      embedAtAnswerWhole: summarize(samples.embedAtAnswerWhole!),
      sentenceVectors,
      highlightAgreement,
      coldStarts,
      coldStartError,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
