// The changes a build keeps beside a written HNSW graph instead of rewriting it: stored exactly,
// refused when damaged, and applied on opening so that added points are found and deleted ones never are.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deltaSize, emptyDelta, graphPointCount, readVectorDelta, withChanges, writeVectorDelta } from '../../src/index/vector-delta.ts';
import { buildFiles } from '../../src/index/layout.ts';
import { VectorStore } from '../../src/index/vector-store.ts';
import { writeUpdatedGraph } from '../../src/index/vector-update.ts';

const DIMENSION = 8;

function unit(seed: number): Float32Array {
  const vector = Float32Array.from({ length: DIMENSION }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233));
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

describe('vector delta', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-vector-delta-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('round-trips and accumulates changes', async () => {
    const empty = emptyDelta(20);
    const first = withChanges(empty, DIMENSION, [3, 4], [unit(100), unit(101)]);
    const second = withChanges(first, DIMENSION, [21], [unit(102)]);
    assert.equal(deltaSize(second, DIMENSION), 6);
    const path = join(dir, 'delta.bin');
    await writeVectorDelta(path, second, DIMENSION);
    const read = (await readVectorDelta(path, DIMENSION))!;
    assert.equal(read.basePoints, 20);
    assert.deepEqual([...read.deleted], [3, 4, 21]);
    assert.deepEqual([...read.addedVectors], [...second.addedVectors]);
    assert.equal(await readVectorDelta(join(dir, 'none.bin'), DIMENSION), null);
    await assert.rejects(readVectorDelta(path, DIMENSION + 1), /not a vector delta/);
    await truncate(path, 40);
    await assert.rejects(readVectorDelta(path, DIMENSION), /truncated/);
  });

  it('is applied on opening: added points found under their labels, deleted ones never returned', async () => {
    const vectors = Array.from({ length: 20 }, (_, i) => unit(i));
    const graph = join(dir, 'vectors.hnsw');
    VectorStore.build(vectors, DIMENSION, { M: 8, efConstruction: 50, efSearch: 50 }).write(graph);
    assert.equal(await graphPointCount(graph), 20);
    const delta = withChanges(emptyDelta(20), DIMENSION, [5, 21], [unit(200), unit(201)]);
    const store = await VectorStore.read(graph, DIMENSION, 50, delta);
    assert.equal(store.size, 22);
    assert.equal(store.searchLabels(unit(200), 1, 50)[0], 20);
    const everything = [...vectors, unit(200), unit(201)].flatMap((vector) => store.searchLabels(vector, 22, 50));
    assert.ok(!everything.includes(5) && !everything.includes(21), 'deleted labels are never returned');
    await assert.rejects(VectorStore.read(graph, DIMENSION, 50, { ...delta, basePoints: 19 }), /delta expects 19/);
  });

  it('is written beside the linked graph while small, and applied into a graph written whole past the limit', async () => {
    const graph = join(dir, 'base.hnsw');
    VectorStore.build(Array.from({ length: 20 }, (_, i) => unit(i)), DIMENSION, { M: 8, efConstruction: 50, efSearch: 50 }).write(graph);
    const delta = withChanges(emptyDelta(20), DIMENSION, [1, 2], [unit(300)]);
    const small = join(dir, 'small');
    const large = join(dir, 'large');
    await mkdir(small);
    await mkdir(large);
    assert.equal(await writeUpdatedGraph(graph, delta, { dir: small, dimension: DIMENSION, efSearch: 50 }), 'delta');
    assert.ok(existsSync(join(small, buildFiles.vectorDelta)));
    assert.equal(await writeUpdatedGraph(graph, delta, { dir: large, dimension: DIMENSION, efSearch: 50, maxDeltaPoints: 2 }), 'rewritten');
    assert.ok(!existsSync(join(large, buildFiles.vectorDelta)));
    const rewritten = await VectorStore.read(join(large, buildFiles.vectors), DIMENSION, 50);
    assert.equal(rewritten.size, 21);
    assert.equal(rewritten.searchLabels(unit(300), 1, 50)[0], 20);
    assert.ok(!rewritten.searchLabels(unit(1), 21, 50).includes(1), 'points deleted by the delta stay deleted');
  });
});
