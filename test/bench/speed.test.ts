import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderSpeed } from '../../bench/speed/render.ts';
import { DEFAULT_SPEED_OPTIONS, runSpeed } from '../../bench/speed/run.ts';

test('the speed benchmark times builds, query stages and a cold start with a tiny generated model', async () => {
  const modelsDir = await mkdtemp(join(tmpdir(), 'citebot-bench-models-'));
  try {
    const results = await runSpeed({
      ...DEFAULT_SPEED_OPTIONS,
      shape: 'tiny',
      modelsDir,
      modelArticles: 2,
      lexicalArticles: 5,
      embedChunks: 4,
      batchSizes: [1, 2],
      queries: 5,
      coldStarts: 1,
    });
    assert.deepEqual(results.embedding.map((row) => row.batchSize), [1, 2]);
    assert.ok(results.embedding.every((row) => row.msPerChunk > 0));
    const [lexical, withModel, rebuilt] = results.builds;
    assert.ok(lexical && withModel && rebuilt);
    assert.ok(withModel.embedded > 0 && withModel.embedded === withModel.chunks);
    assert.equal(rebuilt.embedded, 0, 'nothing changed: nothing re-embedded');
    assert.equal(rebuilt.reused, withModel.chunks);
    assert.equal(results.staleReason, null);
    assert.equal(results.stages.length, 6);
    for (const { latency } of results.stages) {
      assert.equal(latency.count, 5);
      assert.ok(latency.p50 <= latency.p95 && latency.p95 <= latency.p99);
    }
    assert.equal(results.coldStartError, null);
    assert.equal(results.coldStarts.length, 2);
    for (const { runs } of results.coldStarts) assert.ok(runs[0]!.firstAnswerMs > 0 && runs[0]!.firstAnswerMs <= runs[0]!.exitMs);
    assert.equal(results.embedAtAnswerWhole.count, 5);
    const cost = results.sentenceVectors;
    assert.ok(cost.sentences >= cost.multiSentencePassages * 2, 'two sentences or more a passage that has them');
    assert.equal(cost.sentenceBytes, cost.sentences * 32 * 2, 'float16 vectors of the tiny model');
    assert.ok(results.highlightAgreement.same <= results.highlightAgreement.passages);
    const markdown = renderSpeed(results, '- Command: test');
    assert.match(markdown, /ratio hybrid \/ lexical-only/);
    assert.match(markdown, /without its sentence vectors/);
    assert.match(markdown, /hybrid p95 ≤ 20 ms/);
  } finally {
    await rm(modelsDir, { recursive: true, force: true });
  }
});
