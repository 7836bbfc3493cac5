import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FileFollowupStore } from '../../../src/adapters/shared/followup-file.ts';
import type { Followup } from '../../../src/present/followups.ts';

const followup = (n: number): Followup => ({ command: 'ask', text: `question ${n}`, lang: 'fr', nextOffset: 3, count: 3, passageIds: [`a.md#${n}`] });

describe('follow-ups kept in DATA_DIR', () => {
  const dir = mkdtemp(join(tmpdir(), 'citebot-followups-'));
  after(async () => rm(await dir, { recursive: true, force: true }));

  it('reads back what an earlier process kept, skipping a line cut short', async () => {
    const file = join(await dir, 'kept.jsonl');
    const first = new FileFollowupStore(file);
    const keys = [1, 2, 3].map((n) => first.put(followup(n)));
    await appendFile(file, '["cut-short", {"command":');
    const second = new FileFollowupStore(file);
    assert.deepEqual(keys.map((key) => second.get(key)?.text), ['question 1', 'question 2', 'question 3']);
    assert.equal(second.get('cut-short'), undefined);
  });

  it('keeps the newest `capacity` answers, and writes the file again before it grows past twice that', async () => {
    const file = join(await dir, 'bounded.jsonl');
    const store = new FileFollowupStore(file, 10);
    const keys = Array.from({ length: 35 }, (_, n) => store.put(followup(n)));
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    assert.ok(lines.length <= 20, `${lines.length} lines`);
    const reread = new FileFollowupStore(file, 10);
    assert.equal(reread.get(keys[34]!)?.text, 'question 34');
    assert.equal(reread.get(keys[0]!), undefined);
  });

  it('a folder it cannot write to leaves the buttons working in memory, and says so', async () => {
    const errors: unknown[] = [];
    const store = new FileFollowupStore(join(await dir, 'kept.jsonl', 'not-a-folder', 'x.jsonl'), 10, (error) => errors.push(error));
    const key = store.put(followup(7));
    assert.equal(store.get(key)?.text, 'question 7');
    assert.equal(errors.length, 1);
  });
});
