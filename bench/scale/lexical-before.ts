import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LegacyLexicalStore, legacyRankLexically, type LegacyDocument } from '../lib/legacy-lexical.ts';
import {
  cachedTerms,
  gc,
  lexicalSettings,
  measureQueries,
  peakRssMiB,
  secondsSince,
  syntheticCorpus,
  type LexicalScaleOptions,
  type LexicalScaleResult,
  type SyntheticCorpus,
} from './lexical-common.ts';

/** Passages of the probe build that sets how many passages fit in the build time limit. */
const PROBE_SIZE = 10_000;

const documentsOf = (corpus: SyntheticCorpus): LegacyDocument[] =>
  corpus.texts.map((plain, index) => ({ plain, context: '', page: corpus.pageOf(index), language: 'fr' }));

/**
 * The index before issue 14, as it was built and served: LexicalStore.build in one pass (it cannot
 * be stopped midway: a probe build of 10,000 passages gives the rate, and the measured build holds
 * what the time limit allows at that rate), written as one JSON file, opened with one JSON parse.
 */
export async function measureLexicalBefore(options: LexicalScaleOptions): Promise<LexicalScaleResult> {
  const limit = options.buildLimitSeconds ?? Infinity;
  let target = options.size;
  if (Number.isFinite(limit) && options.size > PROBE_SIZE * 2) {
    const probe = syntheticCorpus(options, PROBE_SIZE);
    const probeStart = performance.now();
    LegacyLexicalStore.build(documentsOf(probe)).toJSON();
    const perPassage = secondsSince(probeStart) / PROBE_SIZE;
    target = Math.min(options.size, Math.max(PROBE_SIZE, Math.floor((limit * 0.9) / perPassage / 1000) * 1000));
  }
  const corpus = syntheticCorpus(options, target);
  const path = join(options.workDir, 'lexical.json');
  const buildStart = performance.now();
  let built: LegacyLexicalStore | null = LegacyLexicalStore.build(documentsOf(corpus));
  let note: string | undefined;
  try {
    writeFileSync(path, built.toJSON());
  } catch (error) {
    note = `the index could not be written as JSON (${(error as Error).message}): queries ran on the index in memory`;
  }
  const buildSeconds = secondsSince(buildStart);
  const documentCount = built.documentCount;
  const settings = lexicalSettings();
  const termsOfPassage = cachedTerms(corpus.texts);
  const kept = note ? built : null;
  built = null;
  gc();
  const measured = await measureQueries(options, () => {
    const store = kept ?? LegacyLexicalStore.fromJSON(readFileSync(path, 'utf8'));
    return { ask: (question) => legacyRankLexically(store, store.queryWordsOf(question), settings.lexical, settings.candidates, termsOfPassage).length };
  });
  return {
    variant: 'before',
    size: options.size,
    wordsPerPassage: options.wordsPerPassage,
    queries: measured.latency.count,
    built: documentCount,
    buildCompleted: documentCount === options.size,
    buildSeconds,
    diskMiB: note ? null : statSync(path).size / 1024 ** 2,
    openSeconds: note ? null : measured.openSeconds,
    openRssMiB: measured.openRssMiB,
    peakRssMiB: peakRssMiB(),
    latency: measured.latency,
    cpuLatency: measured.cpuLatency,
    queryLoad: measured.queryLoad,
    meanResults: measured.meanResults,
    ...(note ? { note } : {}),
  };
}
