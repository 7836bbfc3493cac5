import { join } from 'node:path';
import { openLexicalIndex, updateLexicalIndex, writeLexicalIndex, type LexicalSettings } from '../../src/index/lexical-files.ts';
import { DEFAULT_LEXICAL_FIELDS, lexicalSegmentOf, type LexicalDocument, type LexicalStore } from '../../src/index/lexical-store.ts';
import { rankLexically } from '../../src/search/lexical-ranking.ts';
import { questionTranslation } from '../../src/search/search.ts';
import { TOKENIZER_VERSION } from '../../src/text/tokenize.ts';
import {
  cachedTerms,
  folderMiB,
  gc,
  lexicalSettings,
  measureQueries,
  PASSAGES_PER_PAGE,
  peakRssMiB,
  secondsSince,
  syntheticCorpus,
  type LexicalScaleOptions,
  type LexicalScaleResult,
  type UpdateFigure,
} from './lexical-common.ts';

const SETTINGS: LexicalSettings = { fields: DEFAULT_LEXICAL_FIELDS, stemming: 'detected', tokenizer: TOKENIZER_VERSION };

/** The passages of a corpus, by page, in order: what the product's build hands the lexical index. */
class Pages {
  readonly order: string[] = [];
  private readonly passages = new Map<string, LexicalDocument[]>();

  add(page: string, plain: string): void {
    let list = this.passages.get(page);
    if (!list) {
      this.passages.set(page, (list = []));
      this.order.push(page);
    }
    list.push({ plain, context: '', page, language: 'fr' });
  }

  replace(page: string, texts: readonly string[]): void {
    this.passages.set(page, texts.map((plain) => ({ plain, context: '', page, language: 'fr' as const })));
  }

  documents(pages: readonly string[]): LexicalDocument[] {
    return pages.flatMap((page) => this.passages.get(page) ?? []);
  }

  counts(): Map<string, number> {
    return new Map(this.order.map((page) => [page, this.passages.get(page)!.length]));
  }
}

/**
 * The product's lexical index: one segment built and written (lexicalSegmentOf, writeLexicalIndex),
 * opened from its files (openLexicalIndex), ranked by rankLexically; then two updates as a rebuild
 * after a corpus change makes them (updateLexicalIndex): one file changed, then 100 files added.
 */
export async function measureLexicalSegments(options: LexicalScaleOptions): Promise<LexicalScaleResult> {
  const corpus = syntheticCorpus(options, options.size);
  const pages = new Pages();
  corpus.texts.forEach((text, index) => pages.add(corpus.pageOf(index), text));
  const dir = join(options.workDir, 'v1');
  const buildStart = performance.now();
  await writeLexicalIndex(dir, lexicalSegmentOf(pages.documents(pages.order)), SETTINGS);
  const buildSeconds = secondsSince(buildStart);
  gc();

  const settings = lexicalSettings();
  let texts = corpus.texts;
  // Each opened index keeps its passages' terms once computed, as the product's retriever does.
  const ask = (store: LexicalStore) => {
    const termsOfPassage = cachedTerms(texts);
    const translation = questionTranslation(settings, ['fr']); // the synthetic corpus is French
    return (question: string) => rankLexically(store, store.queryWordsOf(question, settings.lexical.identifierWeight, translation), settings.lexical, settings.candidates, termsOfPassage).length;
  };
  let store: LexicalStore | null = null;
  const measured = await measureQueries(options, async () => {
    store = await openLexicalIndex(dir);
    return { ask: ask(store) };
  });

  const update = async (from: string, to: string, removed: string[], added: string[]): Promise<UpdateFigure> => {
    const start = performance.now();
    const result = await updateLexicalIndex(join(options.workDir, from), join(options.workDir, to), {
      removedPages: new Set(removed),
      addedPages: added,
      order: pages.order,
      passageCounts: pages.counts(),
      segmentOf: (wanted) => lexicalSegmentOf(pages.documents(wanted)),
      settings: SETTINGS,
    });
    const seconds = secondsSince(start);
    store = null;
    gc();
    const reopenStart = performance.now();
    store = await openLexicalIndex(join(options.workDir, to));
    return { seconds, reopenSeconds: secondsSince(reopenStart), kind: result.kind };
  };
  // Change one file: its passages are new text.
  const changed = corpus.pageOf(0);
  const changedTexts = syntheticCorpus(options, PASSAGES_PER_PAGE, options.seed + 7).texts;
  pages.replace(changed, changedTexts);
  texts = [...changedTexts, ...corpus.texts.slice(PASSAGES_PER_PAGE)];
  const changeOneFile = await update('v1', 'v2', [changed], [changed]);
  // Add 100 files of new text at the end of the corpus.
  const added = syntheticCorpus(options, 100 * PASSAGES_PER_PAGE, options.seed + 8, 'added');
  added.texts.forEach((text, index) => pages.add(added.pageOf(index), text));
  texts = [...texts, ...added.texts];
  const addedPages = [...new Set(added.texts.map((_, index) => added.pageOf(index)))];
  const addHundredFiles = await update('v2', 'v3', [], addedPages);
  const afterUpdates = await measureQueries(options, () => ({ ask: ask(store!) }));

  return {
    variant: 'segments',
    size: options.size,
    wordsPerPassage: options.wordsPerPassage,
    queries: measured.latency.count,
    built: corpus.texts.length,
    buildCompleted: true,
    buildSeconds,
    diskMiB: folderMiB(dir),
    openSeconds: measured.openSeconds,
    openRssMiB: measured.openRssMiB,
    peakRssMiB: peakRssMiB(),
    latency: measured.latency,
    cpuLatency: measured.cpuLatency,
    queryLoad: measured.queryLoad,
    meanResults: measured.meanResults,
    updates: { changeOneFile, addHundredFiles, latencyAfter: afterUpdates.latency, cpuLatencyAfter: afterUpdates.cpuLatency },
  };
}
