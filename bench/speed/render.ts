import { count, fixed, table } from '../lib/markdown.ts';
import { summarize } from '../lib/stats.ts';
import type { SpeedResults } from './run.ts';

/** Issue 14: the whole hybrid `ask` path at p95. */
export const HYBRID_P95_TARGET_MS = 20;

function sentenceVectorText(results: SpeedResults): string {
  const cost = results.sentenceVectors;
  const megabytes = (bytes: number) => fixed(bytes / 2 ** 20, 2);
  return (
    `**Sentence vectors for the highlight** (\`src/index/sentence-vectors.ts\`): the build with the model also embeds the ` +
    `${count(cost.sentences)} sentences of the ${count(cost.multiSentencePassages)} passages (of ${count(cost.passages)}) that have two or more, ` +
    `${fixed(cost.embedSeconds, 2)} s of its ${fixed(results.builds[1]?.seconds, 2)} s, and stores them as float16: ${megabytes(cost.sentenceBytes)} MB ` +
    `beside the ${megabytes(cost.passageVectorBytes)} MB of passage vectors (float32), ${fixed(cost.sentenceBytes / Math.max(1, cost.passages) / 1024, 2)} KB a passage. ` +
    `The rebuild with nothing changed reuses them.`
  );
}

export function renderSpeed(results: SpeedResults, provenance: string): string {
  const { model, options } = results;
  const shape = model.shape;
  const parts = [
    '## Speed: build, query latency, cold start',
    '',
    provenance,
    '',
    `Model: a generated random-weight XLM-R encoder of ${options.shape === 'e5-small' ? "multilingual-e5-small's" : 'a tiny test'} shape ` +
      `(${shape.layers} layers, hidden ${shape.hidden}, ${shape.heads} heads, intermediate ${shape.intermediate}, vocabulary ` +
      `${count(shape.vocabSize)}; \`test/fakes/model\`), dtype ${results.dtype} (the product's default), loaded by the product's ` +
      `transformers.js embedder in ${fixed(results.modelLoadSeconds, 1)} s. Same compute as the real model, no meaning: ` +
      `these are timings only.`,
    '',
    '### Embedding, single and batched',
    '',
    `${results.embedding[0]?.chunks ?? 0} PIAF paragraphs (${count(Math.round(results.embedChunkChars))} characters on average), embedded as passages in batches of each size ` +
      `(\`embedPassages\`, one call per batch; transformers.js pads every text of a batch to the longest one).`,
    '',
    table(
      ['Batch size', 'ms per chunk', 'Chunks per second'],
      results.embedding.map((row) => [row.batchSize, fixed(row.msPerChunk, 1), fixed(1000 / row.msPerChunk, 1)]),
    ),
    '',
    '### Index builds',
    '',
    table(
      ['Build', 'Chunks', 'Seconds', 'Chunks per second', 'Embedded', 'Reused embeddings'],
      results.builds.map((build) => [build.label, count(build.chunks), fixed(build.seconds, 2), fixed(build.chunks / build.seconds, 1), count(build.embedded), count(build.reused)]),
    ),
    '',
    sentenceVectorText(results),
    '',
    `The staleness check \`npm start\` runs before serving (hash every corpus file, compare with the manifest) took ` +
      `${fixed(results.staleCheckMs, 1)} ms and found ${results.staleReason ? `"${results.staleReason}"` : 'nothing to rebuild'}; ` +
      `the forced rebuild above re-chunks everything but reuses every embedding.`,
    '',
    '### Query latency, warm',
    '',
    `${results.queries} PIAF questions about the indexed articles, after 10 warm-up questions, over the index built with the model ` +
      `above. Each stage is timed on its own with the product's functions (\`embedQuery\`, \`VectorStore.query\`, ` +
      `\`rankLexically\`, \`fuse\`), then the whole \`ask\` command through \`openCitebot\` (the adapters' entry point); ` +
      `the answer model stage (relevance, merging, highlights, the reply) is the whole path minus the four stages, question by question.`,
    '',
    table(
      ['Stage', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'Mean (ms)'],
      results.stages.map((stage) => [stage.stage, fixed(stage.latency.p50, 2), fixed(stage.latency.p95, 2), fixed(stage.latency.p99, 2), fixed(stage.latency.mean, 2)]),
    ),
    '',
  ];
  const hybrid = results.stages[0]?.latency;
  const lexical = results.lexicalOnlyWhole;
  const before = results.embedAtAnswerWhole;
  const agreement = results.highlightAgreement;
  parts.push(
    'Hybrid against lexical-only, same questions, same index, same run:',
    '',
    table(
      ['Whole `ask` path', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)'],
      [
        ['hybrid (model loaded)', fixed(hybrid?.p50, 2), fixed(hybrid?.p95, 2), fixed(hybrid?.p99, 2)],
        ['hybrid, same index without its sentence vectors (highlights embed sentences at answer time, as before)', fixed(before.p50, 2), fixed(before.p95, 2), fixed(before.p99, 2)],
        ['lexical-only', fixed(lexical.p50, 2), fixed(lexical.p95, 2), fixed(lexical.p99, 2)],
        ['ratio hybrid / lexical-only', `×${fixed((hybrid?.p50 ?? NaN) / lexical.p50, 2)}`, `×${fixed((hybrid?.p95 ?? NaN) / lexical.p95, 2)}`, `×${fixed((hybrid?.p99 ?? NaN) / lexical.p99, 2)}`],
      ],
    ),
    '',
    `Issue 14's target, hybrid p95 ≤ ${HYBRID_P95_TARGET_MS} ms: ${fixed(hybrid?.p95, 2)} ms, ${(hybrid?.p95 ?? Infinity) <= HYBRID_P95_TARGET_MS ? 'met ✓' : 'not met ✗'} ` +
      `(${fixed(before.p95, 2)} ms with the sentences embedded at answer time). The highlight from stored float16 vectors and the one from ` +
      `sentences embedded at answer time (float32) are the same sentence for ${count(agreement.same)} of ${count(agreement.passages)} passages ` +
      `(up to 10 a question, same questions).`,
    '',
    '### Cold start to the first answer',
    '',
  );
  if (results.coldStarts.length > 0) {
    parts.push(
      `\`npm run ask -- --json "<question>"\` spawned fresh (npm, tsx, config, model load, index load, one answer), index already built; ` +
        `${options.coldStarts} run(s) each, median shown, all runs in brackets.`,
      '',
      table(
        ['Mode', 'Spawn to first answer byte (ms)', 'Spawn to exit (ms)'],
        results.coldStarts.map(({ mode, runs }) => [
          mode,
          `${fixed(summarize(runs.map((run) => run.firstAnswerMs)).p50, 0)} [${runs.map((run) => fixed(run.firstAnswerMs, 0)).join(', ')}]`,
          fixed(summarize(runs.map((run) => run.exitMs)).p50, 0),
        ]),
      ),
    );
  }
  if (results.coldStartError) parts.push('', `Cold start not measured: ${results.coldStartError}`);
  return parts.join('\n');
}
