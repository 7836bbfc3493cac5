import { count, fixed, table } from '../lib/markdown.ts';
import type { LexicalScaleResult, LexicalVariant } from './lexical-at-size.ts';
import type { LexicalOutcome, ScaleOptions } from './run.ts';

const VARIANT_LABEL: Record<LexicalVariant, string> = {
  before: 'before issue 14 (one JSON file)',
  segments: 'segments (the product)',
  fts5: 'SQLite FTS5',
};

/** Issue 14's lexical targets at 1,000,000 passages. */
const TARGETS = { p95Ms: 50, buildSeconds: 180, updateSeconds: 10, openSeconds: 10 };

function sizeLabel(result: LexicalScaleResult): string {
  return result.buildCompleted ? count(result.size) : `${count(result.built)} of ${count(result.size)} (stopped at ${fixed(result.buildSeconds, 0)} s)`;
}

const mark = (met: boolean) => (met ? '✓' : '✗');

/** The 1-minute load average at the start and the end of the timed queries. */
const loadLabel = (result: LexicalScaleResult) => `${fixed(result.queryLoad.start, 1)} → ${fixed(result.queryLoad.end, 1)}`;

function resultsOf(outcomes: readonly LexicalOutcome[], variant: LexicalVariant): LexicalScaleResult[] {
  return outcomes.flatMap(({ variant: v, outcome }) => (v === variant && outcome.ok ? [outcome.result] : []));
}

/** The lexical part of the scale section: the indexes side by side, the updates, the targets and the choice. */
export function renderLexicalScale(options: ScaleOptions, outcomes: readonly LexicalOutcome[]): string {
  const parts: string[] = [
    '### Lexical (BM25F) search: the index before issue 14, the segmented index, and SQLite FTS5',
    '',
    `Passages of ${options.wordsPerPassage} words drawn at random from the word stream of PIAF's paragraphs (so word ` +
      `frequencies are French ones), ${10} consecutive passages to a page (file), queried with ${options.queries} real PIAF ` +
      "questions through the product's lexical ranking (`rankLexically`, default settings: passage and page BM25F, word-family " +
      're-ranking of the best 100, proximity re-ranking of the best 50, near spellings for unknown words, 100 candidates). Each index of each size is measured in ' +
      'its own process, one after the other (beside the HNSW process of the same size). "Build" is indexing the passages ' +
      '(stemming included, the text generated beforehand) and writing the index to disk; "Open" reads it back as a server ' +
      'starting does; "Memory after open" is the resident memory opening added; "Peak RSS" is the whole process, build included.',
    '',
    'Query times are given twice. **Wall** is the clock time of each query, what a user waits and what the targets are ' +
      'about. **CPU** is the CPU time the measuring process spent during that query (`process.cpuUsage`, user + system, all ' +
      'its threads, garbage collection included): what the query costs. On this shared 2-core machine other work holds the ' +
      'cores part of the time, and the wall time then includes the waits for a core; the CPU time does not. "Load" is the ' +
      "machine's 1-minute load average at the start and the end of the timed queries (above 2, processes were waiting for the cores).",
    '',
    '- **before issue 14**: `LexicalStore` as it was (kept in `bench/lib/legacy-lexical.ts`): one in-memory build, ' +
      'every word stemmed again, one JSON file opened with one parse, every posting of every query word scored and every ' +
      'matching passage sorted. Built in one pass that cannot be stopped: above 20,000 passages a probe build of 10,000 gives ' +
      `the rate, and a size that would overrun ${options.buildLimitSeconds} s is measured at what that time allows.`,
    '- **segments (the product)**: `src/index/segment.ts`, `segment-file.ts`, `lexical-files.ts`: postings in typed arrays ' +
      'written to binary segment files (one read per array, checksummed), term frequencies per field kept raw so that ' +
      'BM25F statistics (N, df, average lengths) are those of all live documents of all segments, recomputed at open ' +
      "(each posting's BM25F weight is computed the first time a query asks for its term, so the first questions after a " +
      'start pay for their terms: that is part of the latencies below); ' +
      'top-k by MaxScore (`max-score.ts`) with the same scores and order as scoring every passage (tested against the ' +
      'index before, `test/index/lexical-segments.test.ts`).',
    `- **SQLite FTS5**: better-sqlite3 12 (installed by hand for this measurement, not a dependency) over the product's own ` +
      "terms, one FTS5 table of passages and one of pages, each asked for its 100 best by FTS5's `bm25()`; measured up to " +
      `${count(options.fts5MaxSize)} passages. FTS5's bm25 is not the product's ranking (no per-field length normalisation, ` +
      'alternative stems summed, pages not combined with passages): this measures the engine.',
    '',
  ];

  const rows = outcomes.map(({ variant, outcome }) => {
    if (!outcome.ok) return [count(outcome.size), VARIANT_LABEL[variant], `failed: ${outcome.error}`, '—', '—', '—', '—', '—', '—', '—', '—', '—', '—', '—'];
    const r = outcome.result;
    return [
      sizeLabel(r),
      VARIANT_LABEL[variant] + (r.note ? ` (${r.note})` : ''),
      fixed(r.buildSeconds, 1),
      count(Math.round(r.built / r.buildSeconds)),
      fixed(r.diskMiB ?? undefined, 0),
      fixed(r.openSeconds ?? undefined, 2),
      r.openSeconds === null ? '—' : fixed(r.openRssMiB, 0),
      fixed(r.peakRssMiB, 0),
      fixed(r.latency.p50, 2),
      fixed(r.latency.p95, 2),
      fixed(r.latency.p99, 2),
      `${fixed(r.cpuLatency.p50, 2)} / ${fixed(r.cpuLatency.p95, 2)} / ${fixed(r.cpuLatency.p99, 2)}`,
      loadLabel(r),
      count(Math.round(r.meanResults)),
    ];
  });
  parts.push(
    table(
      ['Passages', 'Index', 'Build (s)', 'Passages/s', 'On disk (MiB)', 'Open (s)', 'Memory after open (MiB)', 'Peak RSS (MiB)', 'Wall p50 (ms)', 'Wall p95 (ms)', 'Wall p99 (ms)', 'CPU p50 / p95 / p99 (ms)', 'Load during queries', 'Mean matches'],
      rows,
    ),
    '',
  );

  const segments = resultsOf(outcomes, 'segments').filter((result) => result.updates);
  if (segments.length > 0) {
    parts.push(
      '#### Incremental updates of the segmented index',
      '',
      "What a rebuild after a corpus change does to the lexical index (`updateLexicalIndex`): the previous build's segment " +
        'files hard-linked into the new build, the changed file marked deleted in its segment, the changed and added files ' +
        'indexed as a new segment; then the new build opened (every segment read, statistics of the live documents). ' +
        '"Change 1 file": one page of 10 passages with new text; "add 100 files": 100 new pages of 10 passages, on top. ' +
        "The product's build also reads and hashes the corpus, re-chunks it and rewrites the chunk store; those are not counted here.",
      '',
      table(
        ['Passages', 'Change 1 file: update (s)', 'then open (s)', 'Add 100 files: update (s)', 'then open (s)', 'Wall p95 after both (ms)', 'CPU p95 after both (ms)'],
        segments.map((r) => [
          count(r.size),
          fixed(r.updates!.changeOneFile.seconds, 2),
          fixed(r.updates!.changeOneFile.reopenSeconds, 2),
          fixed(r.updates!.addHundredFiles.seconds, 2),
          fixed(r.updates!.addHundredFiles.reopenSeconds, 2),
          fixed(r.updates!.latencyAfter.p95, 2),
          fixed(r.updates!.cpuLatencyAfter.p95, 2),
        ]),
      ),
      '',
    );
  }

  const largest = resultsOf(outcomes, 'segments').at(-1);
  if (largest) {
    const update = largest.updates?.changeOneFile;
    parts.push(
      `#### Issue 14 lexical targets, at ${count(largest.size)} passages`,
      '',
      table(
        ['Target', 'Goal', 'Measured', 'Met'],
        [
          [
            'lexical query p95 (wall clock, on this machine)',
            `≤ ${TARGETS.p95Ms} ms`,
            `${fixed(largest.latency.p95, 1)} ms wall (CPU p95 ${fixed(largest.cpuLatency.p95, 1)} ms; load ${loadLabel(largest)})`,
            mark(largest.latency.p95 <= TARGETS.p95Ms),
          ],
          ['lexical build', `≤ ${TARGETS.buildSeconds} s`, `${fixed(largest.buildSeconds, 0)} s`, mark(largest.buildSeconds <= TARGETS.buildSeconds)],
          [
            '1-file update of the lexical index, opened again',
            `≤ ${TARGETS.updateSeconds} s`,
            update ? `${fixed(update.seconds + update.reopenSeconds, 1)} s` : '—',
            update ? mark(update.seconds + update.reopenSeconds <= TARGETS.updateSeconds) : '—',
          ],
          ['lexical index open at start', `≤ ${TARGETS.openSeconds} s`, `${fixed(largest.openSeconds ?? undefined, 1)} s`, mark((largest.openSeconds ?? Infinity) <= TARGETS.openSeconds)],
          ['peak RSS (build and serve in one process)', 'stated', `${fixed(largest.peakRssMiB, 0)} MiB (${fixed(largest.openRssMiB, 0)} MiB held once opened)`, '—'],
        ],
      ),
      '',
    );
  }

  parts.push(choice(outcomes));
  return parts.join('\n');
}

/** Why the product keeps its own index rather than FTS5, from the figures of this run. */
function choice(outcomes: readonly LexicalOutcome[]): string {
  const fts5 = resultsOf(outcomes, 'fts5').at(-1);
  const ours = fts5 ? resultsOf(outcomes, 'segments').find((result) => result.size === fts5.size) : undefined;
  const head = '**Choice: the segmented index of citebot\'s own.**';
  const reasons =
    'It gives exactly the ranking the retrieval work arrived at (BM25F with per-field length normalisation over passages and ' +
    "pages, a word's French and English stems counted once, the page score added to the passage's), which FTS5's `bm25()` " +
    'cannot express inside one query; it needs no native dependency; and an update is a new segment plus deletions, with ' +
    'statistics recomputed at open so that an updated index ranks exactly as a rebuilt one.';
  if (!fts5 || !ours) return `${head} ${reasons} FTS5 was not measured in this run (better-sqlite3 not installed).`;
  return (
    `${head} At ${count(fts5.size)} passages FTS5 built in ${fixed(fts5.buildSeconds, 1)} s (ours ${fixed(ours.buildSeconds, 1)} s), ` +
    `took ${fixed(fts5.diskMiB ?? undefined, 0)} MiB on disk (ours ${fixed(ours.diskMiB ?? undefined, 0)} MiB) and answered at p95 ` +
    `${fixed(fts5.latency.p95, 1)} ms for its two top-100 queries alone (ours ${fixed(ours.latency.p95, 1)} ms for the whole ` +
    `lexical ranking, word families and proximity included). ${reasons}`
  );
}
