// Token buckets and "told once per window", on a clock the test moves by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoticeOnce, TokenBuckets } from '../../src/access/limits.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBuckets', () => {
  it('lets `capacity` through at once, then refuses with the time until the next token', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 3, periodMs: 60_000 }, time.now);
    for (let i = 0; i < 3; i += 1) assert.deepEqual(buckets.take('u'), { ok: true });
    assert.deepEqual(buckets.take('u'), { ok: false, retryAfterMs: 20_000 }, 'one token every 20 s');
    time.advance(5_000);
    assert.deepEqual(buckets.take('u'), { ok: false, retryAfterMs: 15_000 });
  });

  it('refills at capacity per period, never above capacity', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 2, periodMs: 10_000 }, time.now);
    buckets.take('u');
    buckets.take('u');
    assert.equal(buckets.take('u').ok, false);
    time.advance(5_000);
    assert.equal(buckets.take('u').ok, true, 'one token back after half the period');
    assert.equal(buckets.take('u').ok, false);
    time.advance(1_000_000);
    assert.equal(buckets.take('u').ok, true);
    assert.equal(buckets.take('u').ok, true);
    assert.equal(buckets.take('u').ok, false, 'a long pause refills to capacity only');
  });

  it('keeps one bucket per key', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 1, periodMs: 60_000 }, time.now);
    assert.equal(buckets.take('alice').ok, true);
    assert.equal(buckets.take('alice').ok, false);
    assert.equal(buckets.take('bob').ok, true, 'another user has a bucket of their own');
  });

  it('is bounded: past maxKeys the least recently used key is forgotten (and starts full again)', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 1, periodMs: 60_000 }, time.now, 3);
    for (const key of ['a', 'b', 'c']) buckets.take(key);
    assert.equal(buckets.take('a').ok, false, 'a is still known (and now the most recent)');
    buckets.take('d');
    assert.equal(buckets.take('b').ok, true, 'b, the least recently used, was forgotten');
  });

  it('no rate (off) or a zero capacity lets everything through', () => {
    const off = new TokenBuckets(null);
    const zero = new TokenBuckets({ capacity: 0, periodMs: 1000 });
    for (let i = 0; i < 100; i += 1) {
      assert.equal(off.take('u').ok, true);
      assert.equal(zero.take('u').ok, true);
    }
  });
});

describe('NoticeOnce', () => {
  it('tells a key once per window, then again after it', () => {
    const time = clock();
    const notices = new NoticeOnce(time.now);
    assert.equal(notices.shouldTell('u', 10_000), true);
    assert.equal(notices.shouldTell('u', 10_000), false);
    assert.equal(notices.shouldTell('v', 10_000), true, 'per key');
    time.advance(9_999);
    assert.equal(notices.shouldTell('u', 10_000), false);
    time.advance(1);
    assert.equal(notices.shouldTell('u', 10_000), true);
  });

  it('is bounded in keys', () => {
    const time = clock();
    const notices = new NoticeOnce(time.now, 2);
    notices.shouldTell('a', 60_000);
    notices.shouldTell('b', 60_000);
    notices.shouldTell('c', 60_000);
    assert.equal(notices.shouldTell('a', 60_000), true, 'a was forgotten, so it is told again');
  });
});
