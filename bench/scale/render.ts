import { LEXICAL_TOKENIZER_NOTE } from '../lib/lexical.ts';
import { count, fixed, table } from '../lib/markdown.ts';
import { sizeLabel } from './render-hnsw.ts';
import type { ScaleResults } from './run.ts';

export function renderScale(results: ScaleResults, provenance: string): string {
  const { options } = results;
  const parts: string[] = ['## Scale: lexical search as the corpus grows', '', provenance, ''];

  const lexicalRows = results.lexical.map((outcome) => {
    if (!outcome.ok) return [count(outcome.size), `failed: ${outcome.error}`, '—', '—', '—', '—', '—', '—', '—'];
    const r = outcome.result;
    return [
      sizeLabel(r),
      fixed(r.buildSeconds, 1),
      count(Math.round(r.built / r.buildSeconds)),
      fixed(r.indexRssMiB, 0),
      fixed(r.peakRssMiB, 0),
      fixed(r.latency.mean, 2),
      fixed(r.latency.p50, 2),
      fixed(r.latency.p95, 2),
      count(Math.round(r.meanResults)),
    ];
  });
  parts.push(
    '### Lexical (BM25) search',
    '',
    `Each size runs in its own process; "index memory" is the resident memory the build added, "peak" the process's high-water mark. ` +
      `A build that passes ${options.buildLimitSeconds} s is stopped there and measured at the size it reached.` +
      (options.parallel && options.isolate && options.parts.includes('hnsw')
        ? ' To keep `npm run bench` within its budget, the HNSW and the lexical process of a size run at the same time, one per core.'
        : ''),
    '',
    `Passages of ${options.wordsPerPassage} words drawn at random from the word stream of PIAF's paragraphs ` +
      `(so word frequencies are French ones), queried with ${options.queries} real PIAF questions. ${LEXICAL_TOKENIZER_NOTE}.`,
    '',
    table(
      ['Passages', 'Build (s)', 'Passages/s', 'Index memory (MiB)', 'Peak RSS (MiB)', 'Mean (ms)', 'p50 (ms)', 'p95 (ms)', 'Mean matches'],
      lexicalRows,
    ),
  );
  return parts.join('\n');
}
