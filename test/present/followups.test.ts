import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnswerReply, Reply } from '../../src/answer/types.ts';
import { buttonsFor, FollowupCodec, followupFor, FollowupStore, nextPageArgs, samePageArgs } from '../../src/present/followups.ts';
import { FirstSeen } from '../../src/present/first-seen.ts';
import { VoteLedger } from '../../src/present/votes.ts';
import type { Passage } from '../../src/search/types.ts';

function passage(id: string): Passage {
  const source = { file: 'a.md', title: 'A', url: null, date: null, paragraph: 1, line: 1, start: 0, end: 5 };
  return { rank: 1, chunkIds: [id], text: 'Text.', highlight: 'Text.', highlightStart: 0, highlightEnd: 5, score: 0.9, source };
}

function answer(overrides: Partial<AnswerReply> = {}): AnswerReply {
  return {
    kind: 'answer', command: 'ask', lang: 'fr', mode: 'lexical-only', query: 'drones', noAnswer: false,
    passages: [passage('a#1'), passage('a#2')], offset: 3, hasMore: true, quote: null, groups: null, suggestions: [], ...overrides,
  };
}

describe('follow-ups', () => {
  it('followupFor: the question, the page shown and its passages; sources and status too; errors get none', () => {
    assert.deepEqual(followupFor(answer()), { command: 'ask', text: 'drones', lang: 'fr', nextOffset: 5, count: 2, passageIds: ['a#1', 'a#2'] });
    const status: Reply = { kind: 'status', lang: 'en', mode: 'lexical-only', modeReason: null, model: null, indexBuiltAt: '', files: 1, chunks: 1, skipped: [], startedAt: '' };
    assert.deepEqual(followupFor(status), { command: 'status', text: '', lang: 'en', nextOffset: 0, count: 0, passageIds: [] });
    assert.equal(followupFor({ kind: 'error', code: 'internal', command: 'ask', lang: 'en', mode: 'lexical-only' }), null);
  });

  it('nextPageArgs and samePageArgs: the next page for More, the same page again for Share', () => {
    const followup = followupFor(answer())!;
    assert.deepEqual(nextPageArgs(followup), { text: 'drones', offset: 5, count: 2, lang: 'fr' });
    assert.deepEqual(samePageArgs(followup), { text: 'drones', lang: 'fr', offset: 3, count: 2 });
    assert.deepEqual(samePageArgs({ ...followup, count: 0 }), { text: 'drones', lang: 'fr' });
  });

  it('buttonsFor: More while the ranking goes on, votes under passages, Share under private replies only', () => {
    assert.deepEqual(buttonsFor(answer(), true), { more: true, votes: true, share: true });
    assert.deepEqual(buttonsFor(answer({ hasMore: false }), false), { more: false, votes: true, share: false });
    assert.deepEqual(buttonsFor(answer({ noAnswer: true, passages: [] }), true), { more: false, votes: false, share: false });
    assert.deepEqual(buttonsFor({ kind: 'help', lang: 'en', mode: 'lexical-only', entries: [] }, true), { more: false, votes: false, share: true });
  });

  it('FollowupStore keeps the newest entries only', () => {
    const store = new FollowupStore(2);
    const followup = followupFor(answer())!;
    const first = store.put(followup);
    store.put(followup);
    store.put(followup);
    assert.equal(store.get(first), undefined);
  });

  it('FollowupCodec: JSON when it fits, a store key when it does not, null for anything unreadable', () => {
    const codec = new FollowupCodec(200);
    const followup = followupFor(answer())!;
    assert.deepEqual(codec.decode(codec.encode(followup)), followup);
    const long = { ...followup, text: 'x'.repeat(500) };
    const value = codec.encode(long);
    assert.ok(value.length <= 200 && value.startsWith('k:'));
    assert.deepEqual(codec.decode(value), long);
    assert.equal(codec.decode('{"c":"rm -rf"}'), null);
    assert.equal(codec.decode('not json'), null);
    assert.equal(codec.decode('k:missing'), null);
  });
});

describe('the vote rule', () => {
  it('one vote per user, answer and direction is logged once; another user, direction or page counts', () => {
    const ledger = new VoteLedger();
    const followup = followupFor(answer())!;
    assert.equal(ledger.firstTime('slack:U1', followup, 'up'), true);
    assert.equal(ledger.firstTime('slack:U1', followup, 'up'), false);
    assert.equal(ledger.firstTime('slack:U1', followup, 'down'), true);
    assert.equal(ledger.firstTime('slack:U2', followup, 'up'), true);
    assert.equal(ledger.firstTime('slack:U1', { ...followup, nextOffset: 7, passageIds: ['a#3'] }, 'up'), true);
  });

  it('FirstSeen forgets the oldest past its capacity', () => {
    const seen = new FirstSeen(2);
    assert.equal(seen.firstTime('a'), true);
    assert.equal(seen.firstTime('a'), false);
    seen.firstTime('b');
    seen.firstTime('c');
    assert.equal(seen.firstTime('a'), true);
  });
});
