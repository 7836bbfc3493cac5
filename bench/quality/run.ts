import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { DEFAULT_LEXICAL_FIELDS } from '../../src/index/lexical-store.ts';
import type { LoadedIndex } from '../../src/index/load.ts';
import { runInChild } from '../lib/child.ts';
import { loadPiaf, type PiafQuestion } from '../lib/piaf.ts';
import { sample } from '../lib/random.ts';
import { loadManpageCorpus, loadRenderedManpages, MANPAGE_PACKAGES } from '../manpages/fetch.ts';
import { ENGLISH_MANPAGE_PACKAGES, knownItemPages, translatedQuestions, type KnownItemPage } from '../manpages/known-item.ts';
import { askBaseline, buildBaseline } from './baseline-bm25.ts';
import { loadPiafEnglishQuestions } from './piaf-english.ts';
import { loadServicePublic, writeKnownItemCorpus, writeManpageCorpus, writePiafCorpus } from './corpus.ts';
import {
  benchConfig,
  buildBenchIndex,
  decisionSettings,
  loadBenchIndex,
  qualityModel,
  rankingSettings,
  retriever,
  type BuildVariant,
  type SettingsVariant,
} from './engine.ts';
import { askAll, askAllDense, metricsOf, type BenchQuestion, type QuestionOutcome, type RetrievalMetrics } from './evaluate.ts';

export type Strategy = 'lexical' | 'dense' | 'hybrid-rrf' | 'hybrid-weighted';
export const STRATEGIES: Strategy[] = ['lexical', 'dense', 'hybrid-rrf', 'hybrid-weighted'];

export type CorpusSource = 'piaf' | 'piaf-english' | 'service-public' | 'english-manpages' | 'english-manpages-french';

export interface CorpusSpec {
  name: string;
  /**
   * Where corpus and questions come from: PIAF v1.1 (the default), PIAF with questions translated into
   * English (see loadPiafEnglishQuestions), the Service-Public development set, or English manual pages
   * as a known-item set (see knownItemPages), asked in English or in French (see translatedQuestions).
   */
  source?: CorpusSource;
  /** Share of PIAF articles indexed (seeded choice); 1 for all. */
  articleShare: number;
  /** French man pages added as distractors. */
  distractors: boolean;
  /** Keep per-question outcomes (the threshold curve needs them). */
  keepOutcomes: boolean;
  /** Ask a seeded sample of this many questions (overrides the run's questionLimit when smaller). */
  questionLimit?: number;
  /** Also measure each change of issue 10 switched off alone (lexical-only), and nothing else changed. */
  ablations?: boolean;
}

export interface StrategyResult {
  strategy: Strategy;
  /** Set when the strategy could not run (no model). */
  unavailable: string | null;
  /** Over the questions whose gold passage is in the index. */
  metrics: RetrievalMetrics | null;
  /** Per question, in `questions` order, when kept. */
  outcomes?: QuestionOutcome[];
}

/** One change switched off alone: a build option or a query-time setting. */
export interface Ablation {
  name: string;
  label: string;
  build?: BuildVariant;
  settings?: SettingsVariant;
}

export const ABLATIONS: Ablation[] = [
  { name: 'no-packing', label: 'without packing of short lines (`chunkPackChars: 0`)', build: { chunkPackChars: 0 } },
  {
    name: 'no-context',
    label: 'without title and heading matching (context field weight 0)',
    build: { lexicalFields: { ...DEFAULT_LEXICAL_FIELDS, context: { ...DEFAULT_LEXICAL_FIELDS.context, weight: 0 } } },
  },
  {
    name: 'no-opening-titles',
    label: "a file without a title matched on its name, not on its opening words (`openingTitles: false`; the answer decision still reads them)",
    build: { openingTitles: false },
  },
  { name: 'no-page', label: 'without page-level evidence (`pageWeight: 0`)', settings: { lexical: { pageWeight: 0 } } },
  { name: 'no-identifier-weight', label: 'names, acronyms and numbers weigh as other words (`identifierWeight: 1` instead of 1.5)', settings: { lexical: { identifierWeight: 1 } } },
  { name: 'no-word-families', label: 'without word families (`conflationWeight: 0`): a word matches its own stem only', settings: { lexical: { conflationWeight: 0 } } },
  { name: 'no-proximity', label: 'without proximity re-ranking (`proximityWeight: 0`)', settings: { lexical: { proximityWeight: 0 } } },
  {
    name: 'no-page-diversity',
    label: 'without page diversity (`pageDiversity: 0`): the first three places may all go to one page while another page rivals it',
    settings: { lexical: { pageDiversity: 0 } },
  },
  {
    name: 'no-translations',
    label: 'without the English–French lexicon (`translationWeight: null`): a question finds the other language by names, numbers and cognates only',
    settings: { translationWeight: null },
  },
  {
    name: 'translations-in-full',
    label: 'translations count in full even where the corpus has the word itself (`translationWeight: 1` instead of 0.2)',
    settings: { translationWeight: 1 },
  },
  { name: 'both-stems', label: "French and English stems for every word (`stemming: 'both'`)", build: { stemming: 'both' } },
  { name: 'pack-1000', label: 'short lines packed up to 1,000 characters instead of 600 (`chunkPackChars: 1000`)', build: { chunkPackChars: 1000 } },
  {
    name: 'feedback',
    label: 'with pseudo-relevance feedback (10 terms from the best 5 passages, weight 0.1; off by default)',
    settings: { lexical: { feedbackTerms: 10, feedbackDepth: 5, feedbackWeight: 0.1 } },
  },
];

export interface AblationResult {
  name: string;
  label: string;
  passages: number;
  /** Over the answerable questions, lexical-only. */
  metrics: RetrievalMetrics;
}

export interface BaselineResult {
  chunks: number;
  buildSeconds: number;
  metrics: RetrievalMetrics;
}

export interface CorpusResult {
  spec: CorpusSpec;
  passages: number;
  documents: number;
  piafParagraphs: number;
  /** Pages in the corpus of a known-item set, Service-Public or English man pages (0 for PIAF corpora). */
  pages: number;
  distractorParagraphs: number;
  /** Set when the distractors were wanted but could not be had. */
  distractorsMissing: string | null;
  buildSeconds: number;
  askSeconds: number;
  /** Per question: whether its gold passage is in the index. */
  answerable: boolean[];
  fusion: { rrfK: number; denseWeight: number; defaultMethod: string };
  /** The product's default no-answer threshold, at which `declined` was measured. */
  noAnswerThreshold: number;
  strategies: StrategyResult[];
  /** Plain BM25 over 1,000-character chunks, same questions (null when not measured). */
  baseline: BaselineResult | null;
  /** Each change switched off alone (null when not measured on this corpus). */
  ablations: AblationResult[] | null;
}

export interface QualityOptions {
  corpora: CorpusSpec[];
  /** Ask at most this many questions (seeded sample; all when undefined). */
  questionLimit?: number;
  /** Index at most this many PIAF articles or Service-Public pages (seeded sample; all when undefined). */
  articleLimit?: number;
  /** At most this many distractor paragraphs (all when undefined). */
  distractorLimit?: number;
  seed: number;
  isolate: boolean;
  concurrency: number;
}

export const DEFAULT_QUALITY_OPTIONS: QualityOptions = {
  corpora: [
    { name: 'PIAF', articleShare: 1, distractors: false, keepOutcomes: false, ablations: true },
    { name: 'PIAF + man pages', articleShare: 1, distractors: true, keepOutcomes: false },
    { name: 'PIAF with English questions', source: 'piaf-english', articleShare: 1, distractors: false, keepOutcomes: false, ablations: true },
    { name: 'Service-Public', source: 'service-public', articleShare: 1, distractors: false, keepOutcomes: false, ablations: true },
    { name: 'English man pages', source: 'english-manpages', articleShare: 1, distractors: false, keepOutcomes: false, ablations: true },
    { name: 'English man pages with French questions', source: 'english-manpages-french', articleShare: 1, distractors: false, keepOutcomes: false, ablations: true },
    { name: 'half of PIAF + man pages', articleShare: 0.5, distractors: true, keepOutcomes: true, questionLimit: 4000 },
  ],
  seed: 20261123,
  isolate: true,
  concurrency: 2,
};

type ChildInput = Omit<QualityOptions, 'corpora' | 'isolate' | 'concurrency'> & { spec: CorpusSpec };

function questionLimitOf(input: ChildInput): number | undefined {
  const limits = [input.questionLimit, input.spec.questionLimit].filter((limit): limit is number => limit !== undefined);
  return limits.length === 0 ? undefined : Math.min(...limits);
}

function chosenQuestions(input: ChildInput, questions: readonly PiafQuestion[]): PiafQuestion[] {
  const limit = questionLimitOf(input);
  if (limit === undefined) return questions.slice();
  return sample(questions, limit, input.seed).sort((a, b) => a.paragraph - b.paragraph);
}

interface WrittenCorpus {
  questions: BenchQuestion[];
  piafParagraphs: number;
  pages: number;
}

async function writePiaf(input: ChildInput, corpusDir: string): Promise<WrittenCorpus> {
  const piaf = loadPiaf();
  const allArticles = piaf.articles.map((_, index) => index);
  const pool = input.articleLimit === undefined ? allArticles : sample(allArticles, input.articleLimit, input.seed).sort((a, b) => a - b);
  const { articleShare } = input.spec;
  const articles = articleShare >= 1 ? pool : sample(pool, Math.round(pool.length * articleShare), input.seed + 7).sort((a, b) => a - b);
  const poolSet = new Set(pool);
  const questions = chosenQuestions(input, piaf.questions.filter((question) => poolSet.has(piaf.paragraphs[question.paragraph]!.article)));
  const gold = await writePiafCorpus(corpusDir, piaf, articles);
  return {
    questions: questions.map((question) => ({ question: question.question, gold: gold.get(question.paragraph) ?? null })),
    piafParagraphs: gold.size,
    pages: 0,
  };
}

async function writeServicePublic(input: ChildInput, corpusDir: string): Promise<WrittenCorpus> {
  return writeKnownItems(input, corpusDir, loadServicePublic());
}

/** English manual pages as a known-item set: a page's NAME description asks for the page (see knownItemPages). */
async function writeEnglishManpages(input: ChildInput, corpusDir: string): Promise<WrittenCorpus> {
  return writeKnownItems(input, corpusDir, knownItemPages(await loadRenderedManpages(ENGLISH_MANPAGE_PACKAGES, 'usr/share/man')));
}

/** The same English pages, each asked for by the description of its French translation (manpages-fr): French questions on English text. */
async function writeEnglishManpagesInFrench(input: ChildInput, corpusDir: string): Promise<WrittenCorpus> {
  const english = knownItemPages(await loadRenderedManpages(ENGLISH_MANPAGE_PACKAGES, 'usr/share/man'));
  return writeKnownItems(input, corpusDir, translatedQuestions(english, await loadRenderedManpages(MANPAGE_PACKAGES, 'usr/share/man/fr')));
}

/** Pages each asked for by one question (a seeded sample of them when the run limits articles or questions). */
async function writeKnownItems(input: ChildInput, corpusDir: string, all: readonly KnownItemPage[]): Promise<WrittenCorpus> {
  const pages = input.articleLimit === undefined ? all : sample(all, input.articleLimit, input.seed);
  const written = await writeKnownItemCorpus(corpusDir, pages);
  const limit = questionLimitOf(input);
  const questions = limit === undefined ? written : sample(written, limit, input.seed).sort((a, b) => a.gold.file.localeCompare(b.gold.file));
  return { questions, piafParagraphs: 0, pages: pages.length };
}

/** Every PIAF article; the questions are PIAF's own, translated into English: English questions on French text. */
async function writePiafEnglish(input: ChildInput, corpusDir: string): Promise<WrittenCorpus> {
  const piaf = loadPiaf();
  const english = loadPiafEnglishQuestions();
  const gold = await writePiafCorpus(corpusDir, piaf, piaf.articles.map((_, index) => index));
  const questions = piaf.questions
    .filter((question) => english.has(question.id))
    .map((question) => ({ question: english.get(question.id)!, gold: gold.get(question.paragraph) ?? null }));
  return { questions, piafParagraphs: gold.size, pages: 0 };
}

const WRITERS: Record<CorpusSource, (input: ChildInput, corpusDir: string) => Promise<WrittenCorpus>> = {
  piaf: writePiaf,
  'piaf-english': writePiafEnglish,
  'service-public': writeServicePublic,
  'english-manpages': writeEnglishManpages,
  'english-manpages-french': writeEnglishManpagesInFrench,
};

function log(spec: CorpusSpec, message: string): void {
  process.stderr.write(`quality: ${spec.name}: ${message}\n`);
}

/** Lexical-only: the ranking (threshold 0) and the real decision (default settings) for every question. */
async function askLexical(index: LoadedIndex, config: Config, questions: readonly BenchQuestion[], variant: SettingsVariant = {}): Promise<QuestionOutcome[]> {
  return askAll(retriever(index, null, rankingSettings(config, variant)), questions, {
    retriever: retriever(index, null, decisionSettings(config, variant)),
    limit: config.SEARCH_TOP_K,
  });
}

async function askHybrid(index: LoadedIndex, config: Config, embedder: Embedder, questions: readonly BenchQuestion[], method: 'rrf' | 'weighted') {
  const variant: SettingsVariant = { fusion: { method } };
  return askAll(retriever(index, embedder, rankingSettings(config, variant)), questions, {
    retriever: retriever(index, embedder, decisionSettings(config, variant)),
    limit: config.SEARCH_TOP_K,
  });
}

/** Measures one corpus: build its index once, ask every question with every strategy available, then the baseline and the ablations. */
export async function runChild(input: ChildInput): Promise<CorpusResult> {
  const { spec } = input;
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-quality-'));
  try {
    const corpusDir = join(dir, 'corpus');
    const written = await WRITERS[spec.source ?? 'piaf'](input, corpusDir);
    const { questions } = written;
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
    log(spec, `${built.manifest.counts.chunks} passages built in ${buildSeconds.toFixed(1)} s; asking ${questions.length} questions`);

    const askStart = performance.now();
    const answerable = questions.map((question) => question.gold !== null);
    const answerableOnly = <T>(items: readonly T[]) => items.filter((_, position) => answerable[position]);
    const strategies: StrategyResult[] = [];
    for (const strategy of STRATEGIES) {
      if (strategy !== 'lexical' && !model.embedder) {
        strategies.push({ strategy, unavailable: model.reason, metrics: null });
        continue;
      }
      const started = performance.now();
      let outcomes: QuestionOutcome[];
      if (strategy === 'dense') outcomes = await askAllDense(index, model.embedder!, questions);
      else if (strategy === 'lexical') outcomes = await askLexical(index, config, questions);
      else outcomes = await askHybrid(index, config, model.embedder!, questions, strategy === 'hybrid-weighted' ? 'weighted' : 'rrf');
      log(spec, `${strategy} asked in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      strategies.push({
        strategy,
        unavailable: null,
        metrics: metricsOf(answerableOnly(outcomes)),
        ...(spec.keepOutcomes ? { outcomes } : {}),
      });
    }
    const askSeconds = (performance.now() - askStart) / 1000;

    const baselineIndex = await buildBaseline(corpusDir);
    const baseline: BaselineResult = {
      chunks: baselineIndex.chunks.length,
      buildSeconds: baselineIndex.buildSeconds,
      metrics: metricsOf(answerableOnly(askBaseline(baselineIndex, questions))),
    };
    log(spec, `plain BM25 baseline: ${baseline.chunks} chunks`);

    let ablations: AblationResult[] | null = null;
    if (spec.ablations) {
      ablations = [];
      for (const ablation of ABLATIONS) {
        const started = performance.now();
        let variantIndex = index;
        let passages = built.manifest.counts.chunks;
        let variantConfig = config;
        if (ablation.build) {
          variantConfig = benchConfig(corpusDir, join(dir, `index-${ablation.name}`));
          const variantBuild = await buildBenchIndex(variantConfig, null, ablation.build);
          passages = variantBuild.manifest.counts.chunks;
          variantIndex = await loadBenchIndex(variantConfig);
        }
        const outcomes = await askLexical(variantIndex, variantConfig, questions, ablation.settings);
        ablations.push({ name: ablation.name, label: ablation.label, passages, metrics: metricsOf(answerableOnly(outcomes)) });
        log(spec, `ablation ${ablation.name} measured in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    return {
      spec,
      passages: built.manifest.counts.chunks,
      documents: built.manifest.counts.documents,
      piafParagraphs: written.piafParagraphs,
      pages: written.pages,
      distractorParagraphs,
      distractorsMissing,
      buildSeconds,
      askSeconds,
      answerable,
      fusion: { rrfK: config.RRF_K, denseWeight: config.DENSE_WEIGHT, defaultMethod: config.FUSION },
      noAnswerThreshold: config.NO_ANSWER_THRESHOLD,
      strategies,
      baseline,
      ablations,
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
