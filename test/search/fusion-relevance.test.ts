// The pure scoring functions of search, checked against their formulas.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuse } from '../../src/search/fusion.ts';
import { dot, relevance } from '../../src/search/relevance.ts';

const close = (actual: number | undefined, expected: number) => assert.ok(Math.abs((actual ?? NaN) - expected) < 1e-12, `${actual} ≈ ${expected}`);

describe('fusion', () => {
  const lexical = { hits: [{ index: 7, score: 12 }, { index: 3, score: 6 }] };
  const dense = { hits: [{ index: 3, score: 0.9 }, { index: 9, score: 0.8 }] };

  it('rrf: each list adds 1 / (k + rank), rank from 1', () => {
    const fused = fuse(lexical, dense, { method: 'rrf', rrfK: 60, denseWeight: 0.6 });
    close(fused.get(7), 1 / 61);
    close(fused.get(3), 1 / 62 + 1 / 61);
    close(fused.get(9), 1 / 62);
    assert.ok(fused.get(3)! > fused.get(7)!, 'found by both beats found by one');
  });

  it('weighted: (1 − w) · bm25 / top bm25 + w · max(0, cosine)', () => {
    const fused = fuse(lexical, { hits: [...dense.hits, { index: 5, score: -0.2 }] }, { method: 'weighted', rrfK: 60, denseWeight: 0.6 });
    close(fused.get(7), 0.4);
    close(fused.get(3), 0.4 * 0.5 + 0.6 * 0.9);
    close(fused.get(9), 0.6 * 0.8);
    close(fused.get(5), 0);
  });

  it('without a dense list, both methods rank by the lexical list alone (rrf)', () => {
    for (const method of ['rrf', 'weighted'] as const) {
      const fused = fuse(lexical, null, { method, rrfK: 10, denseWeight: 0.6 });
      close(fused.get(7), 1 / 11);
      close(fused.get(3), 1 / 12);
    }
  });

  it('an empty lexical list with zero scores gives no NaN', () => {
    const fused = fuse({ hits: [{ index: 1, score: 0 }] }, { hits: [] }, { method: 'weighted', rrfK: 60, denseWeight: 0.5 });
    close(fused.get(1), 0);
  });
});

describe('relevance', () => {
  it('lexical only: the coverage itself', () => {
    assert.equal(relevance(0.42, null, 0.75), 0.42);
  });

  it('dense: cosine rescaled from [floor, 1] to [0, 1], clamped; the better of the two signals', () => {
    close(relevance(0, 0.875, 0.75), 0.5);
    assert.equal(relevance(0, 0.6, 0.75), 0, 'below the floor counts as nothing');
    assert.equal(relevance(0, 1.2, 0.75), 1, 'clamped at 1');
    assert.equal(relevance(0.8, 0.875, 0.75), 0.8, 'coverage wins when higher');
  });

  it('dot product', () => {
    assert.equal(dot(new Float32Array([1, 2, 3]), new Float32Array([4, 5, 6])), 32);
  });
});
