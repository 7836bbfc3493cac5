import type { ParityResult } from './parity.ts';
import type { ReplicaLoadResult } from './replicas-load.ts';

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const s = (value: number) => `${value.toFixed(1)} s`;

export function renderPostgres(header: string, parity: ParityResult[], load: { passages: number; results: ReplicaLoadResult[] } | null, loadSkipped: string | null): string {
  const lines = [
    '## PostgreSQL backend: ranking parity with the file backend, and replicas (issue 15)',
    '',
    header,
    '',
    'Each corpus is written as `bench:quality` writes it, then indexed twice from the same files: by the file backend (`buildIndex`, loaded with `loadIndex`) and by the postgres backend (`publishGeneration`: one transaction into a throwaway PostgreSQL 15 cluster with pgvector 0.8.6 on this machine, loaded with `loadGeneration`, which reads the served generation and builds the lexical index with `LexicalStore.build` and, with a model, the HNSW index from the stored embeddings, as the file build does). Every question is asked through the product\'s `Retriever` on each, with the no-answer threshold at 0 for the ranking and the default settings for "declined", scored as in the quality section (hit@k over the answerable questions). Lexical-only: no real embedding model can be had here (the dense path\'s parity is covered by `test/postgres/generations.test.ts`, which compares every answer of both backends with a generated model).',
    '',
    '| Corpus | Passages | Questions | Backend | hit@1 | hit@3 | hit@5 | MRR@10 | Declined | Build | Load | Ask all |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const result of parity) {
    for (const [name, run] of [
      ['files', result.files],
      ['postgres', result.postgres],
    ] as const) {
      const m = run.metrics;
      lines.push(
        `| ${result.corpus} | ${result.passages.toLocaleString('en-US')} | ${result.questions.toLocaleString('en-US')} | ${name} | ${m.hitAt1.toFixed(3)} | ${m.hitAt3.toFixed(3)} | ${m.hitAt5.toFixed(3)} | ${m.mrr.toFixed(3)} | ${m.declined === null ? '—' : pct(m.declined)} | ${s(run.buildSeconds)} | ${s(run.loadSeconds)} | ${s(run.askSeconds)} |`,
      );
    }
  }
  lines.push('');
  for (const result of parity) {
    const gap = Math.abs(result.files.metrics.hitAt1 - result.postgres.metrics.hitAt1) * 100;
    lines.push(`- ${result.corpus}: hit@1 differs by ${gap.toFixed(1)} points (target: within 1); the gold passage sits at the same rank on both backends for ${result.sameRank.toLocaleString('en-US')} of ${result.questions.toLocaleString('en-US')} questions.`);
  }
  lines.push('', '### Answers per second with 1 and 2 replicas on one database', '');
  if (!load) {
    lines.push(`Not measured: ${loadSkipped ?? 'skipped'}.`);
    return lines.join('\n');
  }
  lines.push(
    `The Service-Public development set (${load.passages.toLocaleString('en-US')} passages, lexical-only) published once as a generation; 1, then 2, citebot processes (\`npm start\`, the real Bolt in Socket Mode, \`ENGINE_CONCURRENCY=2\` each, rate limits off) serve it from the same throwaway PostgreSQL cluster. The fake Slack, in the benchmark's process, spreads app mentions over their connections, one connection per event in turn as Slack does; all questions (Service-Public page titles) are sent at once after a short warm-up, and the clock stops when the last answer is posted. Everything (database, replicas, fake Slack) shares this machine's cores: a second replica on the same 2 cores cannot add CPU, so this measures the overhead and the headroom here, not the gain of a second machine.`,
    '',
    '| Replicas | Questions | Time | Answers per second | Answered twice |',
    '| --- | --- | --- | --- | --- |',
    ...load.results.map((result) => `| ${result.replicas} | ${result.questions} | ${s(result.seconds)} | ${result.answersPerSecond.toFixed(1)} | ${result.duplicates} |`),
  );
  return lines.join('\n');
}
