// Conversation memory: bounded turns and threads, expiry, persistence in DATA_DIR, and no leak between threads.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConversationStore } from '../../../src/adapters/shared/conversations.ts';

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const dirs: string[] = [];
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-memory-'));
  dirs.push(dir);
  return join(dir, 'data', 'conversations.json');
}

describe('ConversationStore', () => {
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the last maxTurns questions; a follow-up builds on at most three, back to the latest new topic', async () => {
    const store = await ConversationStore.open(null, { maxTurns: 4, ttlMs: 60_000 });
    store.record('t', 'q1', true);
    store.record('t', 'q2', false);
    assert.deepEqual(store.previous('t'), ['q2', 'q1']);
    store.record('t', 'new topic', true);
    store.record('t', 'q4', false);
    assert.deepEqual(store.previous('t'), ['q4', 'new topic'], 'stops at the latest question that started a topic');
    store.record('t', 'q5', false);
    store.record('t', 'q6', false);
    assert.deepEqual(store.previous('t'), ['q6', 'q5', 'q4'], 'at most three');
    store.record('t', 'q7', false);
    store.record('t', 'q8', false);
    store.record('t', 'q9', false);
    store.record('t', 'q10', false);
    assert.deepEqual(store.previous('t'), ['q10', 'q9', 'q8']);
  });

  it('nothing of one thread is read for another', async () => {
    const store = await ConversationStore.open(null, { maxTurns: 5, ttlMs: 60_000 });
    store.record('slack:C1:1.0', 'congés payés', true, ['m1']);
    store.record('slack:C1:2.0', 'VPN', true, ['m2']);
    assert.deepEqual(store.previous('slack:C1:1.0'), ['congés payés']);
    assert.deepEqual(store.previous('slack:C1:2.0'), ['VPN']);
    assert.deepEqual(store.previous('slack:C2:1.0'), [], 'the same ts in another channel is another thread');
    assert.equal(store.has('slack:C2:1.0'), false);
    assert.equal(store.resolve('m1'), 'slack:C1:1.0');
    assert.equal(store.resolve('m2'), 'slack:C1:2.0');
    assert.equal(store.resolve('m3'), undefined);
  });

  it('forgets a conversation untouched for ttl, with its aliases', async () => {
    const time = clock();
    const store = await ConversationStore.open(null, { maxTurns: 5, ttlMs: 60_000, now: time.now });
    store.record('a', 'question', true, ['answer-1']);
    time.advance(59_000);
    assert.equal(store.has('a'), true);
    store.record('a', 'again', false);
    time.advance(59_000);
    assert.equal(store.has('a'), true, 'each turn restarts the clock');
    time.advance(2_000);
    assert.equal(store.has('a'), false);
    assert.deepEqual(store.previous('a'), []);
    assert.equal(store.resolve('answer-1'), undefined);
  });

  it('is bounded in conversations (the least recently used go first) and in aliases per conversation', async () => {
    const store = await ConversationStore.open(null, { maxTurns: 2, ttlMs: 60_000, maxConversations: 3 });
    for (const key of ['a', 'b', 'c']) store.record(key, key, true, [`${key}-answer`]);
    store.record('a', 'a again', false);
    store.record('d', 'd', true);
    assert.equal(store.size, 3);
    assert.equal(store.has('b'), false, 'b was the least recently used');
    assert.equal(store.resolve('b-answer'), undefined);
    assert.equal(store.has('a'), true);
    for (let i = 0; i < 30; i += 1) store.record('a', `q${i}`, false, [`a-${i}`]);
    assert.equal(store.resolve('a-0'), undefined, 'old aliases dropped');
    assert.equal(store.resolve('a-29'), 'a');
  });

  it('survives a restart through its file (written atomically), dropping what expired while down', async () => {
    const file = await tempFile();
    const time = clock();
    const first = await ConversationStore.open(file, { maxTurns: 5, ttlMs: 60_000, now: time.now });
    first.record('old', 'old question', true);
    time.advance(50_000);
    first.record('recent', 'recent question', true, ['answer-9']);
    first.record('recent', 'follow-up', false);
    await first.flush();
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version: number; conversations: unknown[] };
    assert.equal(saved.version, 1);
    assert.equal(saved.conversations.length, 2);

    time.advance(20_000);
    const second = await ConversationStore.open(file, { maxTurns: 5, ttlMs: 60_000, now: time.now });
    assert.equal(second.has('old'), false, 'expired while citebot was down');
    assert.deepEqual(second.previous('recent'), ['follow-up', 'recent question']);
    assert.equal(second.resolve('answer-9'), 'recent');

    const third = await ConversationStore.open(file, { maxTurns: 1, ttlMs: 60_000, now: time.now });
    assert.deepEqual(third.previous('recent'), ['follow-up'], 'a smaller CONVERSATION_TURNS applies to what was saved');
  });

  it('a damaged file is ignored (start with no memory), a missing one too', async () => {
    const file = await tempFile();
    assert.equal((await ConversationStore.open(file, { maxTurns: 5, ttlMs: 60_000 })).size, 0);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, '{"conversations": [["k", {"turns": "nope"}]');
    assert.equal((await ConversationStore.open(file, { maxTurns: 5, ttlMs: 60_000 })).size, 0);
    await writeFile(file, JSON.stringify({ conversations: [['k', { turns: 'nope', updatedAt: Date.now() }], ['ok', { turns: [{ question: 'q', at: Date.now(), standalone: true }], updatedAt: Date.now() }]] }));
    const store = await ConversationStore.open(file, { maxTurns: 5, ttlMs: 60_000 });
    assert.equal(store.size, 1, 'only the well-formed conversation is kept');
    assert.deepEqual(store.previous('ok'), ['q']);
  });
});
