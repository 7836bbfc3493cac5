import assert from 'node:assert/strict';
import { test } from 'node:test';
import { provenance } from '../../bench/lib/machine.ts';
import { renderScaleHnsw } from '../../bench/scale/render-hnsw.ts';
import { renderScale } from '../../bench/scale/render.ts';
import { renderScaleStartup } from '../../bench/scale/render-startup.ts';
import { renderSummary } from '../../bench/summary.ts';
import { DEFAULT_SCALE_OPTIONS, runScale } from '../../bench/scale/run.ts';
import { clusteredVectors, exactTopK, recallAtK, row } from '../../bench/lib/vectors.ts';

const tiny = {
  ...DEFAULT_SCALE_OPTIONS,
  sizes: [300],
  queries: 12,
  efSearch: [16, 128],
  dimension: 32,
  lowMemory: { m: 8, maxSize: 300 },
  lexicalVariants: ['before' as const, 'segments' as const],
  startupRuns: 1,
};

test('exact top-k returns the best dot products, best first', () => {
  const vectors = clusteredVectors({ count: 50, dimension: 8, seed: 3 });
  const query = row(vectors, 7);
  const top = exactTopK(vectors, query, 5);
  assert.equal(top.length, 5);
  assert.equal(top[0], 7, 'a vector is its own nearest neighbour');
  assert.equal(recallAtK(top, top), 1);
  assert.equal(recallAtK(top, []), 0);
});

test('the scale benchmark runs in process on a tiny input and reports sane figures', async () => {
  const results = await runScale({ ...tiny, isolate: false });
  const [hnsw] = results.hnsw;
  const [before, lexical] = results.lexical.map((entry) => entry.outcome);
  assert.deepEqual(results.lexical.map((entry) => entry.variant), ['before', 'segments']);
  assert.ok(hnsw?.ok && lexical?.ok && before?.ok, 'every measurement succeeds');
  assert.equal(hnsw.result.buildCompleted, true);
  assert.equal(hnsw.result.built, 300);
  // The sweep, plus the efSearch the product's build chooses on the same index.
  const { chosen } = hnsw.result;
  assert.ok(chosen.sampleRecall >= 0.99, `sample recall ${chosen.sampleRecall}`);
  assert.deepEqual(
    hnsw.result.hnsw.map((entry) => entry.efSearch),
    [...new Set([16, 128, chosen.efSearch])].sort((a, b) => a - b),
  );
  for (const ef of hnsw.result.hnsw) {
    assert.ok(ef.recallAt10 >= 0 && ef.recallAt10 <= 1, 'recall is a share');
    assert.ok(ef.latency.p50 <= ef.latency.p95, 'p50 ≤ p95');
  }
  assert.ok(hnsw.result.hnsw.at(-1)!.recallAt10 >= 0.9, 'the largest efSearch on 300 vectors is close to exact');
  assert.equal(results.hnswLowMemory[0]?.ok && results.hnswLowMemory[0].result.m, 8);
  assert.equal(lexical.result.queries, 12);
  assert.ok(lexical.result.meanResults > 0, 'real questions match French-like passages');
  assert.equal(lexical.result.meanResults, before.result.meanResults, 'the segmented index ranks as many passages as the index before it');
  assert.ok((lexical.result.diskMiB ?? 0) > 0 && (before.result.diskMiB ?? 0) > 0);
  assert.equal(lexical.result.updates?.changeOneFile.kind, 'updated');
  assert.ok(['updated', 'merged'].includes(lexical.result.updates!.addHundredFiles.kind));
  const markdown = renderScale(results, provenance('npm run bench:scale'));
  assert.match(markdown, /\| 300 \| segments \(the product\) \|/);
  assert.match(markdown, /Change 1 file: update/);
  assert.match(markdown, /Issue 14 lexical targets, at 300 passages/);
  const hnswMarkdown = renderScaleHnsw(results, provenance('npm run bench:scale'));
  assert.match(hnswMarkdown, /\| 300 \| 16 \|/);
  assert.match(hnswMarkdown, new RegExp(`\\| 300 \\| ${chosen.efSearch} \\|`), 'the chosen efSearch has its row');
  assert.match(hnswMarkdown, /Recall@10/);
  assert.match(hnswMarkdown, /Per 1,000,000 vectors/);
  const [startup] = results.startup;
  assert.ok(startup?.ok, startup && !startup.ok ? startup.error : 'no result');
  assert.equal(startup.result.passages, 300, 'one passage per paragraph of the synthetic files');
  assert.equal(startup.result.files, 30);
  assert.equal(startup.result.runs.length, 1);
  const [run] = startup.result.runs;
  assert.ok(run!.firstAnswerMs > 0 && run!.firstAnswerMs <= run!.exitMs);
  assert.ok((run!.peakRssMiB ?? 0) > 0 && (startup.result.build.peakRssMiB ?? 0) > 0, 'peak memory reported by the build and the answering process');
  assert.ok(startup.result.index.parts.some((part) => part.name === 'chunks.bin'));
  const startupMarkdown = renderScaleStartup(results, provenance('npm run bench:scale'));
  assert.match(startupMarkdown, /\| 300 \| 30 \|/);
  assert.match(startupMarkdown, /Issue 14 start-up and rebuild targets, at 300 passages/);
  // The rebuilds after a change: one file appended to (one passage more), then 100 files of 10 passages added.
  assert.deepEqual(
    startup.result.rebuilds.map((rebuild) => [rebuild.change, rebuild.passages]),
    [
      ['1 file changed', 301],
      ['100 files added', 1301],
    ],
  );
  assert.ok(startup.result.rebuilds.every((rebuild) => rebuild.seconds > 0));
  assert.ok(startup.result.afterRebuilds.firstAnswerMs > 0);
  assert.match(startupMarkdown, /\| 300 \| 100 files added \| [\d.]+ \| \d+ \| 1,301 \|/);
  // The summary, as `npm run bench:summary` assembles it from separate runs.
  const summary = renderSummary({ scale: results, seconds: [], assembledFrom: ['scale `npm run bench:scale` (today)'] }, provenance('npm run bench:summary'));
  assert.match(summary, /Assembled from the last run of each benchmark: scale `npm run bench:scale` \(today\)/);
  assert.match(summary, /Start-up on 300 passages .*`npm run build` after 1 file changed: [\d.]+ s, after 100 files added: [\d.]+ s/);
});

test('one part of the scale benchmark runs alone', async () => {
  const results = await runScale({ ...tiny, sizes: [100], parts: ['hnsw'], lowMemory: null, isolate: false });
  assert.equal(results.hnsw.length, 1);
  assert.equal(results.lexical.length, 0);
  assert.equal(results.startup.length, 0);
  assert.equal(results.hnswLowMemory.length, 0);
});

test('the scale benchmark measures each size in a child process', async () => {
  const results = await runScale({ ...tiny, sizes: [200], efSearch: [32], isolate: true, lexicalVariants: ['segments'], parts: ['hnsw', 'lexical'] });
  const [hnsw] = results.hnsw;
  assert.ok(hnsw?.ok, hnsw && !hnsw.ok ? hnsw.error : 'no result');
  assert.ok(hnsw.result.peakRssMiB > 0);
  assert.ok(results.lexical[0]?.outcome.ok, results.lexical[0]?.outcome.ok === false ? results.lexical[0].outcome.error : 'no result');
});
