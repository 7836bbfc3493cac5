// efSearch measured at build time: the smallest step at which a sample of the index's vectors, held
// out of the graph, finds the exact top 10; recorded in the manifest and used by loadIndex.
import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { clusteredVectors, exactTopK, recallAtK, row } from '../../bench/lib/vectors.ts';
import { chooseEfSearch, DEFAULT_EF_SEARCH_OPTIONS, heldOutLabels, type KnnSample } from '../../src/index/ef-search.ts';
import { loadIndex } from '../../src/index/load.ts';
import { manifestSchema } from '../../src/index/manifest.ts';
import { readCurrentBuild } from '../../src/index/read-build.ts';
import { VectorStore } from '../../src/index/vector-store.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { loadGeneratedEmbedder, testBuild } from './generated-embedder.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, j) => sum + value * b[j]!, 0);

/** Exact search over the vectors not held out, which a search below `exactFrom` spoils: it swaps its best answers for the worst vectors. */
function spoiledBelow(vectors: Float32Array[], heldOut: number[], exactFrom: number): KnnSample {
  const inGraph = vectors.map((vector, label) => ({ vector, label })).filter(({ label }) => !heldOut.includes(label));
  return {
    count: vectors.length,
    vector: (label) => vectors[label]!,
    search(query, k, efSearch) {
      const ranked = inGraph.map(({ vector, label }) => ({ label, similarity: dot(query, vector) })).sort((a, b) => b.similarity - a.similarity);
      const labels = ranked.map((entry) => entry.label);
      return efSearch >= exactFrom ? labels.slice(0, k) : [...labels.slice(0, 1), ...labels.slice(-(k - 1))];
    },
  };
}

describe('efSearch chosen by measurement', () => {
  const set = clusteredVectors({ count: 400, dimension: 16, seed: 3, clusters: 8 });
  const vectors = Array.from({ length: set.count }, (_, index) => row(set, index));
  const options = { ...DEFAULT_EF_SEARCH_OPTIONS, queries: 30 };
  const heldOut = heldOutLabels(vectors.length, options);

  it('holds out a seeded sample, at most a tenth of the index, none when every search returns everything', () => {
    assert.equal(heldOut.length, 30);
    assert.equal(new Set(heldOut).size, 30);
    assert.deepEqual(heldOutLabels(vectors.length, options), heldOut, 'the same index gives the same sample');
    assert.equal(heldOutLabels(120).length, 12);
    assert.deepEqual(heldOutLabels(11), []);
    assert.deepEqual(chooseEfSearch(spoiledBelow(vectors.slice(0, 11), [], 10_000), []), { efSearch: 32, recall: 1, queries: 0, tried: [] });
  });

  it('takes the first step at which the held-out sample finds the exact top 10', () => {
    const choice = chooseEfSearch(spoiledBelow(vectors, heldOut, 192), heldOut, options);
    assert.equal(choice.efSearch, 192);
    assert.equal(choice.recall, 1);
    assert.equal(choice.queries, 30);
    assert.deepEqual(
      choice.tried.map((step) => step.efSearch),
      [32, 48, 64, 96, 128, 192],
    );
    assert.ok(choice.tried.slice(0, -1).every((step) => step.recall < 0.99), 'the steps before missed the goal');
  });

  it('takes the largest step when none reaches the goal', () => {
    const choice = chooseEfSearch(spoiledBelow(vectors, heldOut, 10_000), heldOut, options);
    assert.equal(choice.efSearch, DEFAULT_EF_SEARCH_OPTIONS.steps.at(-1));
    assert.ok(choice.recall < 0.99, 'the goal is not reached');
  });

  it('on a real HNSW graph, the chosen efSearch holds recall@10 ≥ 0.98 for new queries', () => {
    const stored = clusteredVectors({ count: 4000, dimension: 24, seed: 5, clusters: 40 });
    const storedRows = Array.from({ length: stored.count }, (_, index) => row(stored, index));
    const sample = heldOutLabels(stored.count);
    // A sparse graph (M 6, efConstruction 24), so that a small efSearch misses neighbours.
    const store = VectorStore.build(storedRows, 24, { M: 6, efConstruction: 24 }, sample);
    assert.equal(store.size, stored.count - sample.length);
    const choice = chooseEfSearch({ count: stored.count, vector: (label) => storedRows[label]!, search: (query, k, ef) => store.searchLabels(query, k, ef) }, sample);
    assert.ok(choice.efSearch > DEFAULT_EF_SEARCH_OPTIONS.steps[0]!, `a sparse graph needs more than the first step (tried ${JSON.stringify(choice.tried)})`);
    assert.ok(choice.recall >= 0.99, `sample recall ${choice.recall}`);
    for (const label of sample) store.add(storedRows[label]!, label);
    store.efSearch = choice.efSearch;
    const queries = clusteredVectors({ count: 100, dimension: 24, seed: 6, clusters: 40 });
    let recall = 0;
    for (let q = 0; q < queries.count; q++) {
      const query = row(queries, q);
      recall += recallAtK(exactTopK(stored, query, 10), store.query(query, 10).map((hit) => hit.index));
    }
    assert.ok(recall / queries.count >= 0.98, `held-out recall@10 ${recall / queries.count} at efSearch ${choice.efSearch}`);
  });
});

describe('the build records its efSearch; loadIndex uses it unless HNSW_EF_SEARCH is set', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-ef-search-'));
    await cp(bundledCorpus, join(dir, 'corpus'), { recursive: true });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('measured by default, configured when given', async () => {
    const embedder = await loadGeneratedEmbedder(join(dir, 'models'));
    const measured = await testBuild({ corpusDir: join(dir, 'corpus'), indexDir: join(dir, 'index'), embedder });
    const hnsw = measured.manifest.hnsw!;
    assert.ok(DEFAULT_EF_SEARCH_OPTIONS.steps.includes(hnsw.efSearch), `efSearch ${hnsw.efSearch} is a step`);
    assert.ok(hnsw.sampleRecall !== null && hnsw.sampleRecall >= 0.99, `sample recall ${hnsw.sampleRecall}`);
    const onDisk = manifestSchema.parse(JSON.parse(await readFile(join((await readCurrentBuild(join(dir, 'index')))!, 'manifest.json'), 'utf8')));
    assert.deepEqual(onDisk.hnsw, hnsw);
    assert.equal((await loadIndex(join(dir, 'index'))).vectors!.efSearch, hnsw.efSearch);
    assert.equal((await loadIndex(join(dir, 'index'), 300)).vectors!.efSearch, 300);

    const configured = await testBuild({ corpusDir: join(dir, 'corpus'), indexDir: join(dir, 'index-configured'), embedder, hnsw: { M: 16, efConstruction: 200, efSearch: 77 } });
    assert.deepEqual(configured.manifest.hnsw, { M: 16, efConstruction: 200, efSearch: 77, sampleRecall: null, deleted: 0 });
    assert.equal((await loadIndex(join(dir, 'index-configured'))).vectors!.efSearch, 77);

    // A rebuild after one file changed updates the graph in place and keeps the efSearch measured when it was built.
    await appendFile(join(dir, 'corpus', (await readdir(join(dir, 'corpus')))[0]!), '\n\nUn paragraphe ajouté sur les brise-glaces polaires et leurs équipages.\n');
    const updated = await testBuild({ corpusDir: join(dir, 'corpus'), indexDir: join(dir, 'index'), embedder });
    assert.equal(updated.vectors, 'updated');
    assert.equal(updated.manifest.hnsw!.efSearch, hnsw.efSearch);
    assert.ok((updated.manifest.hnsw!.deleted ?? 0) > 0, 'the changed file\'s old points are marked deleted');
    assert.equal((await loadIndex(join(dir, 'index'))).vectors!.efSearch, hnsw.efSearch);
  });
});
