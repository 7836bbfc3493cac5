import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCitebot, searchSettings } from '../../src/answer/open.ts';
import { createLogger } from '../../src/log.ts';
import { ChunkTerms } from '../../src/search/chunk-terms.ts';
import { rankLexically } from '../../src/search/lexical-ranking.ts';
import { corpusLanguages, questionTranslation } from '../../src/search/search.ts';
import { positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { count, fixed, table } from '../lib/markdown.ts';
import { writeSection } from '../lib/report.ts';
import { loadPiaf } from '../lib/piaf.ts';
import { sample } from '../lib/random.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import { loadManpageCorpus } from '../manpages/fetch.ts';
import { loadServicePublic, writeManpageCorpus, writePiafCorpus, writeKnownItemCorpus } from '../quality/corpus.ts';
import { benchConfig, buildBenchIndex, loadBenchIndex } from '../quality/engine.ts';
import { HOSTILE_FILES, writeHostileCorpus } from './hostile-corpus.ts';

// Issue 10's speed targets, lexical-only: the build of the 430 Service-Public pages, and a warm
// answer on the ~30,000 passages of PIAF with the French man pages.

export const LEXICAL_TARGETS = { buildSeconds: 10, answerP50Ms: 25 };

export interface LexicalTargetOptions {
  /** Questions timed on PIAF + man pages (after 10 warm-up questions). */
  queries: number;
  /** Builds of the Service-Public pages (the median is compared with the target). */
  builds: number;
  seed: number;
  /** Fewer Service-Public pages, PIAF articles or man page paragraphs (tests and quick runs; all when undefined). */
  pageLimit?: number;
  articleLimit?: number;
  distractorLimit?: number;
  /** Size of the hostile corpus (1: about 19 MB; see writeHostileCorpus). */
  hostileScale: number;
}

export const DEFAULT_LEXICAL_TARGET_OPTIONS: LexicalTargetOptions = { queries: 200, builds: 3, seed: 20261123, hostileScale: 1 };

export interface LexicalTargetResults {
  options: LexicalTargetOptions;
  servicePublic: { pages: number; passages: number; buildSeconds: number[] };
  /** One lexical-only build of files shaped to hurt a chunker (see HOSTILE_FILES). */
  hostile: { files: number; megabytes: number; passages: number; buildSeconds: number };
  piafManpages: {
    passages: number;
    piafParagraphs: number;
    distractorParagraphs: number;
    distractorsMissing: string | null;
    buildSeconds: number;
    queries: number;
    /** The whole `ask` command through `openCitebot`, lexical-only. */
    answer: LatencySummary;
    /** `rankLexically` alone (BM25F passages and pages, proximity), same questions. */
    ranking: LatencySummary;
  };
}

const median = (values: readonly number[]) => summarize(values).p50;

export async function measureLexicalTargets(options: LexicalTargetOptions = DEFAULT_LEXICAL_TARGET_OPTIONS): Promise<LexicalTargetResults> {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-lexical-speed-'));
  const log = createLogger('silent');
  try {
    // The Service-Public pages: each build from scratch (read, chunk, index, write), in a new index folder.
    const allPages = loadServicePublic();
    const pages = options.pageLimit === undefined ? allPages : allPages.slice(0, options.pageLimit);
    const spCorpus = join(dir, 'sp', 'corpus');
    await writeKnownItemCorpus(spCorpus, pages);
    const buildSeconds: number[] = [];
    let spPassages = 0;
    for (let run = 0; run < options.builds; run++) {
      const config = benchConfig(spCorpus, join(dir, 'sp', `index-${run}`));
      const started = performance.now();
      const built = await buildBenchIndex(config, null);
      buildSeconds.push((performance.now() - started) / 1000);
      spPassages = built.manifest.counts.chunks;
    }
    process.stderr.write(`speed: Service-Public builds ${buildSeconds.map((s) => s.toFixed(1)).join(', ')} s\n`);

    const hostileConfig = benchConfig(join(dir, 'hostile', 'corpus'), join(dir, 'hostile', 'index'));
    const hostileBytes = await writeHostileCorpus(hostileConfig.CORPUS_DIR, options.hostileScale);
    const hostileStart = performance.now();
    const hostileBuilt = await buildBenchIndex(hostileConfig, null);
    const hostile = {
      files: Object.keys(HOSTILE_FILES).length,
      megabytes: hostileBytes / 1024 / 1024,
      passages: hostileBuilt.manifest.counts.chunks,
      buildSeconds: (performance.now() - hostileStart) / 1000,
    };
    process.stderr.write(`speed: hostile corpus of ${hostile.megabytes.toFixed(0)} MB built in ${hostile.buildSeconds.toFixed(1)} s\n`);

    // PIAF with the man pages, lexical-only, answers timed through the adapters' entry point.
    const piaf = loadPiaf();
    const allArticles = piaf.articles.map((_, index) => index);
    const articles = options.articleLimit === undefined ? allArticles : allArticles.slice(0, options.articleLimit);
    const config = benchConfig(join(dir, 'piaf', 'corpus'), join(dir, 'piaf', 'index'));
    const gold = await writePiafCorpus(config.CORPUS_DIR, piaf, articles);
    let distractorParagraphs = 0;
    let distractorsMissing: string | null = null;
    try {
      const manpages = await loadManpageCorpus();
      const paragraphs = options.distractorLimit === undefined ? manpages.paragraphs : manpages.paragraphs.slice(0, options.distractorLimit);
      await writeManpageCorpus(config.CORPUS_DIR, paragraphs);
      distractorParagraphs = paragraphs.length;
    } catch (error) {
      distractorsMissing = error instanceof Error ? error.message : String(error);
    }
    const started = performance.now();
    const built = await buildBenchIndex(config, null);
    const piafBuildSeconds = (performance.now() - started) / 1000;
    const citebot = await openCitebot({ config, log, embedder: null, embedderReason: 'benchmark: lexical-only' });
    const questions = sample(
      piaf.questions.filter((question) => gold.has(question.paragraph)),
      options.queries,
      options.seed,
    ).map((question) => question.question);
    for (const question of sample(piaf.questions, 10, options.seed + 1)) await citebot.run('ask', { text: question.question });
    const answerMs: number[] = [];
    for (const question of questions) {
      const questionStart = performance.now();
      await citebot.run('ask', { text: question });
      answerMs.push(performance.now() - questionStart);
    }
    // The lexical ranking alone, over a second copy of the index (its own term cache, warmed the same way).
    const index = await loadBenchIndex(config);
    const settings = searchSettings(config);
    const termsOfChunk = new ChunkTerms(index.chunks).inOrder;
    const translation = questionTranslation(settings, corpusLanguages(index.chunks));
    const rank = (question: string) => rankLexically(index.lexical, index.lexical.queryWordsOf(question, settings.lexical.identifierWeight, translation), settings.lexical, settings.candidates, termsOfChunk);
    for (const question of sample(piaf.questions, 10, options.seed + 1)) rank(question.question);
    const rankingMs = questions.map((question) => {
      const rankStart = performance.now();
      rank(question);
      return performance.now() - rankStart;
    });
    process.stderr.write(`speed: PIAF + man pages, ${built.manifest.counts.chunks} passages, answer p50 ${median(answerMs).toFixed(1)} ms\n`);
    return {
      options,
      servicePublic: { pages: pages.length, passages: spPassages, buildSeconds },
      hostile,
      piafManpages: {
        passages: built.manifest.counts.chunks,
        piafParagraphs: gold.size,
        distractorParagraphs,
        distractorsMissing,
        buildSeconds: piafBuildSeconds,
        queries: questions.length,
        answer: summarize(answerMs),
        ranking: summarize(rankingMs),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function renderLexicalTargets(results: LexicalTargetResults, provenance: string): string {
  const { servicePublic: sp, piafManpages: pm } = results;
  const buildMedian = median(sp.buildSeconds);
  const check = (ok: boolean) => (ok ? '✓' : '✗');
  const corpus = `${count(pm.piafParagraphs)} PIAF paragraphs + ${
    pm.distractorsMissing ? `no man pages (${pm.distractorsMissing})` : `${count(pm.distractorParagraphs)} man page paragraphs`
  }`;
  return [
    '## Speed: issue 10 targets, lexical-only',
    '',
    provenance,
    '',
    `Build: the ${count(sp.pages)} Service-Public development pages (\`../shared/data/service-public-dev\`, written as given) ` +
      `indexed lexical-only by the product's \`buildIndex\` (read, chunk, BM25F over passages and pages, write), from scratch, ` +
      `${sp.buildSeconds.length} times; ${count(sp.passages)} passages. Answer: PIAF with the French man pages (${corpus}, ` +
      `${count(pm.passages)} passages, built lexical-only in ${fixed(pm.buildSeconds, 1)} s), ${count(pm.queries)} PIAF questions about ` +
      `indexed paragraphs after 10 warm-up questions, each timed through the whole \`ask\` command of \`openCitebot\` (the adapters' ` +
      `entry point: ranking, the answer decision, highlights, the reply), lexical-only with the product's default settings.`,
    '',
    table(
      ['Target', 'Goal', 'Measured', 'Met'],
      [
        [
          `build of the ${count(sp.pages)} Service-Public pages`,
          `≤ ${LEXICAL_TARGETS.buildSeconds} s`,
          `${fixed(buildMedian, 2)} s median [${sp.buildSeconds.map((seconds) => fixed(seconds, 2)).join(', ')}]`,
          check(buildMedian <= LEXICAL_TARGETS.buildSeconds),
        ],
        [
          `warm lexical-only answer, ${count(pm.passages)} passages`,
          `p50 ≤ ${LEXICAL_TARGETS.answerP50Ms} ms`,
          `p50 ${fixed(pm.answer.p50, 1)} ms (p95 ${fixed(pm.answer.p95, 1)}, p99 ${fixed(pm.answer.p99, 1)}, mean ${fixed(pm.answer.mean, 1)})`,
          check(pm.answer.p50 <= LEXICAL_TARGETS.answerP50Ms),
        ],
      ],
    ),
    '',
    `Of which the lexical ranking alone (\`rankLexically\`: BM25F of passages and pages, word-family re-ranking of the best 100, ` +
      `proximity re-ranking of the best 50), same questions: p50 ${fixed(pm.ranking.p50, 1)} ms, p95 ${fixed(pm.ranking.p95, 1)} ms.`,
    '',
    `A hostile corpus (\`bench/speed/hostile-corpus.ts\`: ${results.hostile.files} files, ${fixed(results.hostile.megabytes, 0)} MB: ` +
      `one 8 MB line of words, a 1 MB line without a space, 200,000 short lines, a 20,000-item nested list, a 50,000-row table, ` +
      `a 50,000-line code block, 30,000 headings, 100,000 sentences on one line) built lexical-only from scratch in ` +
      `${fixed(results.hostile.buildSeconds, 1)} s, ${count(results.hostile.passages)} passages (before sentences were segmented ` +
      `window by window, its 200,000 short lines alone kept a build busy for more than 10 minutes).`,
  ].join('\n');
}

/** Measures the targets and rewrites their section of BENCHMARKS.md (`npm run bench:speed:lexical`; `npm run bench:speed` runs it too). */
export async function benchLexicalTargets(): Promise<LexicalTargetResults> {
  const started = performance.now();
  const results = await measureLexicalTargets({
    ...DEFAULT_LEXICAL_TARGET_OPTIONS,
    queries: positiveNumber('BENCH_SPEED_QUERIES', DEFAULT_LEXICAL_TARGET_OPTIONS.queries),
  });
  const seconds = (performance.now() - started) / 1000;
  writeSection('speed-lexical', renderLexicalTargets(results, provenance(commandLine('bench:speed:lexical'), seconds)));
  return results;
}

if (isMainModule(import.meta.url)) {
  await benchLexicalTargets();
}
