import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInChild } from '../lib/child.ts';
import { loadPiaf, type PiafQuestion } from '../lib/piaf.ts';
import { sample } from '../lib/random.ts';
import { loadManpageCorpus } from '../manpages/fetch.ts';
import { writeManpageCorpus, writePiafCorpus } from './corpus.ts';
import { benchConfig, buildBenchIndex, loadBenchIndex, qualityModel, rankingSettings, retriever } from './engine.ts';
import { askAll, askAllDense, metricsOf, type QuestionOutcome, type RetrievalMetrics } from './evaluate.ts';

export type Strategy = 'lexical' | 'dense' | 'hybrid-rrf' | 'hybrid-weighted';
export const STRATEGIES: Strategy[] = ['lexical', 'dense', 'hybrid-rrf', 'hybrid-weighted'];

export interface CorpusSpec {
  name: string;
  /** Share of PIAF articles indexed (seeded choice); 1 for all. */
  articleShare: number;
  distractors: boolean;
  /** Keep per-question outcomes (the threshold curve needs them). */
  keepOutcomes: boolean;
  /** Ask a seeded sample of this many questions (overrides the run's questionLimit when smaller). */
  questionLimit?: number;
}

export interface StrategyResult {
  strategy: Strategy;
  /** Set when the strategy could not run (no model). */
  unavailable: string | null;
  /** Over the questions whose paragraph is in the index. */
  metrics: RetrievalMetrics | null;
  /** Per question, in `questions` order, when kept. */
  outcomes?: QuestionOutcome[];
}

export interface CorpusResult {
  spec: CorpusSpec;
  passages: number;
  documents: number;
  piafParagraphs: number;
  distractorParagraphs: number;
  /** Set when the distractors were wanted but could not be had. */
  distractorsMissing: string | null;
  buildSeconds: number;
  askSeconds: number;
  /** Per question: whether its paragraph is in the index. */
  answerable: boolean[];
  fusion: { rrfK: number; denseWeight: number; defaultMethod: string };
  strategies: StrategyResult[];
}

export interface QualityOptions {
  corpora: CorpusSpec[];
  /** Ask at most this many questions (seeded sample; all when undefined). */
  questionLimit?: number;
  /** Index at most this many PIAF articles (seeded sample; all when undefined). */
  articleLimit?: number;
  /** At most this many distractor paragraphs (all when undefined). */
  distractorLimit?: number;
  seed: number;
  isolate: boolean;
  concurrency: number;
}

export const DEFAULT_QUALITY_OPTIONS: QualityOptions = {
  corpora: [
    { name: 'PIAF', articleShare: 1, distractors: false, keepOutcomes: false },
    { name: 'PIAF + man pages', articleShare: 1, distractors: true, keepOutcomes: false },
    { name: 'half of PIAF + man pages', articleShare: 0.5, distractors: true, keepOutcomes: true, questionLimit: 4000 },
  ],
  seed: 20261123,
  isolate: true,
  concurrency: 2,
};

type ChildInput = Omit<QualityOptions, 'corpora' | 'isolate' | 'concurrency'> & { spec: CorpusSpec };

function chosenQuestions(input: ChildInput, questions: readonly PiafQuestion[]): PiafQuestion[] {
  const limits = [input.questionLimit, input.spec.questionLimit].filter((limit): limit is number => limit !== undefined);
  if (limits.length === 0) return questions.slice();
  return sample(questions, Math.min(...limits), input.seed).sort((a, b) => a.paragraph - b.paragraph);
}

/** Measures one corpus: build its index once, ask every question with every strategy available. */
export async function runChild(input: ChildInput): Promise<CorpusResult> {
  const { spec } = input;
  const piaf = loadPiaf();
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-quality-'));
  try {
    const allArticles = piaf.articles.map((_, index) => index);
    const pool = input.articleLimit === undefined ? allArticles : sample(allArticles, input.articleLimit, input.seed).sort((a, b) => a - b);
    const articles = spec.articleShare >= 1 ? pool : sample(pool, Math.round(pool.length * spec.articleShare), input.seed + 7).sort((a, b) => a - b);
    const poolSet = new Set(pool);
    const questions = chosenQuestions(input, piaf.questions.filter((question) => poolSet.has(piaf.paragraphs[question.paragraph]!.article)));
    const corpusDir = join(dir, 'corpus');
    const gold = await writePiafCorpus(corpusDir, piaf, articles);
    let distractorParagraphs = 0;
    let distractorsMissing: string | null = null;
    if (spec.distractors) {
      try {
        const manpages = await loadManpageCorpus();
        const paragraphs = input.distractorLimit === undefined ? manpages.paragraphs : manpages.paragraphs.slice(0, input.distractorLimit);
        await writeManpageCorpus(corpusDir, paragraphs);
        distractorParagraphs = paragraphs.length;
      } catch (error) {
        distractorsMissing = error instanceof Error ? error.message : String(error);
      }
    }
    const config = benchConfig(corpusDir, join(dir, 'index'));
    const model = await qualityModel(config);
    const buildStart = performance.now();
    const built = await buildBenchIndex(config, model.embedder);
    const buildSeconds = (performance.now() - buildStart) / 1000;
    const index = await loadBenchIndex(config);

    const askStart = performance.now();
    const answerable = questions.map((question) => gold.has(question.paragraph));
    const strategies: StrategyResult[] = [];
    for (const strategy of STRATEGIES) {
      if (strategy !== 'lexical' && !model.embedder) {
        strategies.push({ strategy, unavailable: model.reason, metrics: null });
        continue;
      }
      let outcomes: QuestionOutcome[];
      if (strategy === 'dense') outcomes = await askAllDense(index, model.embedder!, questions, gold);
      else {
        const embedder = strategy === 'lexical' ? null : model.embedder;
        const fusion = strategy === 'hybrid-weighted' ? { method: 'weighted' as const } : { method: 'rrf' as const };
        outcomes = await askAll(retriever(index, embedder, rankingSettings(config, fusion)), questions, gold);
      }
      strategies.push({
        strategy,
        unavailable: null,
        metrics: metricsOf(outcomes.filter((_, position) => answerable[position])),
        ...(spec.keepOutcomes ? { outcomes } : {}),
      });
    }
    return {
      spec,
      passages: built.manifest.counts.chunks,
      documents: built.manifest.counts.documents,
      piafParagraphs: gold.size,
      distractorParagraphs,
      distractorsMissing,
      buildSeconds,
      askSeconds: (performance.now() - askStart) / 1000,
      answerable,
      fusion: { rrfK: config.RRF_K, denseWeight: config.DENSE_WEIGHT, defaultMethod: config.FUSION },
      strategies,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every corpus in its own process, `concurrency` at a time (quality figures do not depend on timing). */
export async function runQuality(options: QualityOptions = DEFAULT_QUALITY_OPTIONS): Promise<CorpusResult[]> {
  const { corpora, isolate, concurrency, ...shared } = options;
  const results: CorpusResult[] = new Array(corpora.length);
  let next = 0;
  const worker = async () => {
    while (next < corpora.length) {
      const position = next++;
      const input: ChildInput = { ...shared, spec: corpora[position]! };
      const started = performance.now();
      results[position] = isolate ? await runInChild<CorpusResult>(import.meta.url, input, { maxOldSpaceMiB: 8192 }) : await runChild(input);
      const result = results[position]!;
      process.stderr.write(
        `quality: ${input.spec.name}: ${result.passages} passages built in ${result.buildSeconds.toFixed(0)} s, ` +
          `questions asked in ${result.askSeconds.toFixed(0)} s (${((performance.now() - started) / 1000).toFixed(0)} s in all)\n`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return results;
}
