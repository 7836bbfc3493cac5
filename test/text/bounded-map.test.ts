// Per-passage caches forget their oldest entries instead of growing to the whole corpus.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMap } from '../../src/text/bounded-map.ts';

describe('BoundedMap', () => {
  it('keeps at most its capacity, dropping the oldest entry first', () => {
    const map = new BoundedMap<number, string>(2);
    map.set(1, 'a').set(2, 'b').set(3, 'c');
    assert.deepEqual([...map.entries()], [[2, 'b'], [3, 'c']]);
  });

  it('replaces the value of a present key without dropping anything', () => {
    const map = new BoundedMap<number, string>(2);
    map.set(1, 'a').set(2, 'b').set(1, 'z');
    assert.deepEqual([...map.entries()], [[1, 'z'], [2, 'b']]);
  });
});
