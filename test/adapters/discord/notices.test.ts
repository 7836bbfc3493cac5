/**
 * The outbox of private notices (busy, limited): they give way to the answers in progress while this
 * second's REST budget cannot carry both, never longer than the maximum delay, and are all sent when
 * the adapter stops. A clock and a budget of the test's own; no timing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RESTOptions } from 'discord.js';
import { NoticeOutbox, restBudget } from '../../../src/adapters/discord/notices.ts';

function setup(options: { budget?: number; maxDelayMs?: number } = {}) {
  const state = { now: 1_000_000, budget: options.budget ?? 50 };
  const sent: string[] = [];
  const outbox = new NoticeOutbox({ budget: () => state.budget, maxDelayMs: options.maxDelayMs ?? 5000, now: () => state.now });
  const notice = (name: string, cost = 2) => outbox.send(cost, async () => void sent.push(name));
  /** An answer in progress until the returned function is called. */
  const answer = () => {
    let finish = () => {};
    const done = outbox.whileAnswering(() => new Promise<void>((resolve) => (finish = resolve)));
    return async () => {
      finish();
      await done;
    };
  };
  return { state, sent, outbox, notice, answer };
}

/** Let the outbox's sends (promises) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Discord notices: after the answers in progress', () => {
  it('with no answer in progress, a notice goes at once', async () => {
    const { sent, notice } = setup({ budget: 0 });
    await notice('busy');
    assert.deepEqual(sent, ['busy']);
  });

  it('held while this second’s budget cannot carry it and one request per answer in progress; sent in order once the answers are out', async () => {
    const { sent, outbox, notice, answer } = setup({ budget: 3 });
    const first = answer();
    const second = answer();
    const told = Promise.all([notice('busy 1'), notice('limited'), notice('busy 2')]);
    await settle();
    assert.deepEqual(sent, [], '3 requests left and 2 answers in progress: a notice of 2 would take one of theirs');
    assert.equal(outbox.held, 3);
    assert.equal(outbox.answering, 2);
    await first();
    await second();
    await told;
    assert.deepEqual(sent, ['busy 1', 'limited', 'busy 2']);
    assert.equal(outbox.held, 0);
  });

  it('sent at once while answers are in progress when the budget carries both', async () => {
    const { sent, notice, answer } = setup({ budget: 50 });
    const finish = answer();
    await notice('busy');
    assert.deepEqual(sent, ['busy']);
    await finish();
  });

  it('never held longer than the maximum delay, even while answers keep the budget', async () => {
    const { state, sent, outbox, notice, answer } = setup({ budget: 0, maxDelayMs: 5000 });
    const finish = answer();
    const told = notice('busy');
    state.now += 4999;
    outbox.recheck();
    await settle();
    assert.deepEqual(sent, []);
    state.now += 1;
    outbox.recheck();
    await told;
    assert.deepEqual(sent, ['busy'], 'sent while the answer is still in progress');
    assert.equal(outbox.answering, 1);
    await finish();
  });

  it('flush (the adapter stops): everything held is sent at once', async () => {
    const { sent, outbox, notice, answer } = setup({ budget: 0 });
    const finish = answer();
    const told = Promise.all([notice('busy 1'), notice('busy 2', 1)]);
    await settle();
    assert.deepEqual(sent, []);
    outbox.flush();
    await told;
    assert.deepEqual(sent, ['busy 1', 'busy 2']);
    await finish();
  });

  it('a notice that fails to send does not hold the others back', async () => {
    const { sent, outbox, notice } = setup();
    const failed = outbox.send(2, () => Promise.reject(new Error('DMs closed')));
    await Promise.all([failed, notice('next')]);
    assert.deepEqual(sent, ['next']);
  });

  it('an answer that throws still ends its turn', async () => {
    const { outbox } = setup();
    await assert.rejects(outbox.whileAnswering(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(outbox.answering, 0);
  });

  it('restBudget: the requests discord.js will still send in this second of the global limit', () => {
    const options = { globalRequestsPerSecond: 50 } as RESTOptions;
    const now = 1_000_000;
    assert.equal(restBudget({ globalRemaining: 50, globalReset: -1, options }, now), 50, 'no request yet');
    assert.equal(restBudget({ globalRemaining: 12, globalReset: now + 500, options }, now), 12);
    assert.equal(restBudget({ globalRemaining: 0, globalReset: now - 1, options }, now), 50, 'the second is over');
  });
});
