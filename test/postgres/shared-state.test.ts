// What replicas share through PostgreSQL besides the index: claims, briefing runs, the feedback
// log and conversation memory, each used by two "replicas" (two pools) against a real database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConversationStore } from '../../src/adapters/shared/conversations.ts';
import { FeedbackLog } from '../../src/adapters/shared/feedback-log.ts';
import { PostgresClaims } from '../../src/adapters/shared/postgres-claims.ts';
import { PostgresConversations } from '../../src/adapters/shared/postgres-conversations.ts';
import { PostgresFeedback } from '../../src/adapters/shared/postgres-feedback.ts';
import { PostgresBriefingRuns } from '../../src/briefings/postgres-runs.ts';
import { openPool, type PgPool } from '../../src/index/postgres/pool.ts';
import type { Followup } from '../../src/present/followups.ts';
import { VoteLedger } from '../../src/present/votes.ts';
import { skipReason, testDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { silentLog } from '../index/generated-embedder.ts';

const database = await testDatabase();

describe('postgres backend: state shared by replicas', { skip: skipReason }, () => {
  let db: TestDatabase;
  let one: PgPool;
  let two: PgPool;

  before(() => {
    db = database!;
    one = openPool(db.url);
    two = openPool(db.url);
  });
  after(async () => {
    await one?.end();
    await two?.end();
    await db?.close();
  });

  it('claims: the first replica to claim a delivery wins, at once or later, and repeats lose', async () => {
    const a = new PostgresClaims(one, silentLog);
    const b = new PostgresClaims(two, silentLog);
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? a : b).claim('slack-event', 'Ev0SAME')));
    assert.equal(results.filter(Boolean).length, 1, 'one winner among 20 concurrent claims');
    assert.equal(await a.claim('slack-event', 'Ev0SAME'), false);
    assert.equal(await b.claim('slack-action', 'Ev0SAME'), true, 'kinds are separate');
  });

  it('briefing runs: one replica takes a scheduled run; a failed run may be taken again; the posted run is the state', async () => {
    const a = new PostgresBriefingRuns(one, 'replica-a');
    const b = new PostgresBriefingRuns(two, 'replica-b');
    const due = new Date('2026-12-01T08:00:00.000Z');
    const claims = await Promise.all([a.claim('morning', due), b.claim('morning', due), a.claim('morning', due), b.claim('morning', due)]);
    assert.equal(claims.filter(Boolean).length, 1);
    const winner = claims.indexOf(true) % 2 === 0 ? a : b;
    const other = winner === a ? b : a;
    await winner.release('morning', due);
    assert.equal(await other.claim('morning', due), true, 'a released run is taken by another replica');
    await other.update('morning', { lastScheduledFor: due.toISOString(), files: { 'a.md': 'hash' } });
    assert.equal(await winner.claim('morning', due), false, 'a posted run is never taken again');
    assert.deepEqual(await winner.read(), { morning: { lastScheduledFor: due.toISOString(), files: { 'a.md': 'hash' } } });

    // A replica that claimed a run and died: after the lease, another takes it.
    const shortLease = new PostgresBriefingRuns(two, 'replica-c', 0);
    const later = new Date('2026-12-02T08:00:00.000Z');
    assert.equal(await a.claim('morning', later), true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await shortLease.claim('morning', later), true);
  });

  it('feedback: one secret for every replica, and one vote per person and answer', async () => {
    const followup: Followup = { command: 'ask', text: 'congés payés', lang: 'fr', nextOffset: 3, count: 3, passageIds: ['a.md#1'] };
    const a = new FeedbackLog('/nonexistent', new VoteLedger(), new PostgresFeedback(one));
    const b = new FeedbackLog('/nonexistent', new VoteLedger(), new PostgresFeedback(two));
    assert.equal(await a.hashUserId('slack', 'U1'), await b.hashUserId('slack', 'U1'));
    assert.equal(await a.record('slack', 'U1', followup, 'up'), true);
    assert.equal(await b.record('slack', 'U1', followup, 'up'), false, 'the same vote through the other replica');
    assert.equal(await b.record('slack', 'U1', followup, 'down'), true);
    const rows = await one.query('SELECT entry FROM citebot_feedback ORDER BY id');
    assert.deepEqual(rows.rows.map((row) => row.entry.vote), ['up', 'down']);
    assert.ok(rows.rows.every((row) => !JSON.stringify(row.entry).includes('U1')), 'user ids are hashed');
  });

  it('conversations: a thread answered by one replica is continued by the other', async () => {
    const options = { maxTurns: 5, ttlMs: 60_000 };
    const a = ConversationStore.shared(new PostgresConversations(one, options.ttlMs), options);
    const b = ConversationStore.shared(new PostgresConversations(two, options.ttlMs), options);
    a.record('slack:C1:100.1', 'Quelles sont les règles des congés payés ?', true, ['msg-1']);
    // The write is in the background: wait for it through the other replica.
    for (let attempt = 0; attempt < 200 && !b.has('slack:C1:100.1'); attempt += 1) {
      await b.sync('slack:C1:100.1');
      if (!b.has('slack:C1:100.1')) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.deepEqual(b.previous('slack:C1:100.1'), ['Quelles sont les règles des congés payés ?']);
    b.record('slack:C1:100.1', 'et pour les cadres ?', false);
    for (let attempt = 0; attempt < 200 && a.previous('slack:C1:100.1').length < 2; attempt += 1) {
      await a.sync('slack:C1:100.1');
      if (a.previous('slack:C1:100.1').length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.deepEqual(a.previous('slack:C1:100.1'), ['et pour les cadres ?', 'Quelles sont les règles des congés payés ?']);
    const c = ConversationStore.shared(new PostgresConversations(one, options.ttlMs), options);
    await c.syncAlias('msg-1');
    assert.equal(c.resolve('msg-1'), 'slack:C1:100.1', 'a reply to an answer finds its conversation on any replica');
  });
});
