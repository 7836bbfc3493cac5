// The engine queue: how many run, who waits, in which order, who is turned away, and that nothing is lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineQueue } from '../../src/access/queue.ts';

/** Work that finishes when the test says so. */
function gate<T>(value: T) {
  let open = () => {};
  const started = { value: false };
  const work = () => {
    started.value = true;
    return new Promise<T>((resolve) => (open = () => resolve(value)));
  };
  return { work, started, open: () => open() };
}

/** Two turns of the event loop: the queue hands a freed slot over on the next one. */
const tick = async () => {
  for (let turn = 0; turn < 2; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('EngineQueue', () => {
  it('runs `concurrency` at once, queues up to maxWaiting in order, turns the rest away with a retry estimate', async () => {
    const queue = new EngineQueue(2, 2);
    const gates = Array.from({ length: 6 }, (_, i) => gate(i));
    const order: number[] = [];
    const results = gates.map((g, i) =>
      queue.submit(async () => {
        order.push(i);
        return g.work();
      }),
    );
    await tick();
    assert.equal(queue.running, 2);
    assert.equal(queue.depth, 2);
    assert.deepEqual(order, [0, 1]);
    const turnedAway = await Promise.all([results[4], results[5]]);
    for (const result of turnedAway) {
      assert.equal(result!.busy, true);
      assert.ok(!result!.busy || result!.retryAfterMs >= 1000);
    }
    gates[1]!.open();
    await tick();
    assert.deepEqual(order, [0, 1, 2], 'the first in line takes the freed slot');
    gates[0]!.open();
    await tick();
    assert.deepEqual(order, [0, 1, 2, 3]);
    gates[2]!.open();
    gates[3]!.open();
    const done = await Promise.all(results.slice(0, 4));
    assert.deepEqual(done, [0, 1, 2, 3].map((value) => ({ busy: false, value })), 'every accepted question gets its own result');
    assert.equal(queue.running, 0);
    assert.equal(queue.depth, 0);
  });

  it('a failing piece of work rejects its own submission and frees its slot', async () => {
    const queue = new EngineQueue(1, 5);
    const failing = queue.submit(async () => {
      throw new Error('boom');
    });
    const next = queue.submit(async () => 'after');
    await assert.rejects(failing, /boom/);
    assert.deepEqual(await next, { busy: false, value: 'after' });
    assert.equal(queue.running, 0);
  });

  it('with no waiting room, one past the concurrency is turned away at once', async () => {
    const queue = new EngineQueue(1, 0);
    const held = gate('held');
    const first = queue.submit(held.work);
    const second = await queue.submit(async () => 'never');
    assert.equal(second.busy, true);
    held.open();
    assert.deepEqual(await first, { busy: false, value: 'held' });
    assert.deepEqual(await queue.submit(async () => 'now'), { busy: false, value: 'now' }, 'free again once done');
  });

  it('the retry estimate grows with the line and shrinks with the concurrency', async () => {
    const narrow = new EngineQueue(1, 100);
    const wide = new EngineQueue(4, 100);
    assert.equal(narrow.retryAfterMs(), 1000, 'an empty line: at least a second');
    const held = gate('held');
    const first = narrow.submit(held.work);
    const waiting = Array.from({ length: 5 }, () => narrow.submit(async () => 'later'));
    await tick();
    assert.equal(narrow.depth, 5);
    const estimate = narrow.retryAfterMs();
    assert.ok(estimate > 1000, `longer with five waiting: ${estimate}`);
    assert.ok(wide.retryAfterMs() <= estimate);
    held.open();
    await Promise.all([first, ...waiting]);
  });

  it('a freed slot passes on the next turn of the event loop, so that I/O gets in between questions', async () => {
    const queue = new EngineQueue(1, 10);
    const log: string[] = [];
    const results = Array.from({ length: 3 }, (_, i) =>
      queue.submit(async () => {
        log.push(`work ${i}`);
        // What a finished answer does next (its post): it must not wait for the whole line.
        setImmediate(() => log.push(`io after ${i}`));
        return i;
      }),
    );
    await Promise.all(results);
    assert.deepEqual(log.slice(0, 4), ['work 0', 'io after 0', 'work 1', 'io after 1']);
  });

  it('500 submissions: each is either answered or turned away, none lost', async () => {
    const queue = new EngineQueue(2, 50);
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => queue.submit(async () => i)));
    const answered = results.filter((result) => !result.busy).length;
    const busy = results.filter((result) => result.busy).length;
    assert.equal(answered + busy, 500);
    assert.ok(answered >= 52, `at least the running and waiting ones: ${answered}`);
    assert.equal(queue.depth, 0);
  });
});
