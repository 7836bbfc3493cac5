import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FeedbackLog, SECRET_FILE } from '../../../src/adapters/shared/feedback-log.ts';
import type { Followup } from '../../../src/present/followups.ts';
import { VoteLedger } from '../../../src/present/votes.ts';

const followup: Followup = { command: 'ask', text: 'drones ?', lang: 'fr', nextOffset: 3, count: 3, passageIds: ['a#1', 'b#2'] };

describe('the feedback log', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'citebot-feedback-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('hashes user ids with a random secret created once in DATA_DIR, readable by its owner only', async () => {
    const log = new FeedbackLog(dataDir, new VoteLedger());
    const hash = await log.hashUserId('slack', 'U123');
    assert.match(hash, /^[0-9a-f]{16}$/);
    const secret = await readFile(join(dataDir, SECRET_FILE), 'utf8');
    assert.match(secret.trim(), /^[0-9a-f]{64}$/);
    assert.equal((await stat(join(dataDir, SECRET_FILE))).mode & 0o777, 0o600);
    const publicPrefix = createHash('sha256').update('citebot:slack:U123').digest('hex').slice(0, 16);
    assert.notEqual(hash, publicPrefix, 'not the old hash anyone with the member list could recompute');
    assert.equal(await new FeedbackLog(dataDir, new VoteLedger()).hashUserId('slack', 'U123'), hash, 'stable across restarts');
    assert.notEqual(await log.hashUserId('discord', 'U123'), hash, 'per platform');
  });

  it('another installation (another secret) gives another hash', async () => {
    const other = await mkdtemp(join(tmpdir(), 'citebot-feedback-'));
    try {
      const mine = await new FeedbackLog(dataDir, new VoteLedger()).hashUserId('slack', 'U123');
      assert.notEqual(await new FeedbackLog(other, new VoteLedger()).hashUserId('slack', 'U123'), mine);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('records a vote once per user and answer, as one JSON line without the raw user id', async () => {
    const log = new FeedbackLog(dataDir, new VoteLedger());
    assert.equal(await log.record('discord', '42', followup, 'up'), true);
    assert.equal(await log.record('discord', '42', followup, 'up'), false, 'a repeated click is not logged again');
    assert.equal(await log.record('discord', '42', followup, 'down'), true);
    const lines = (await readFile(log.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.deepEqual({ ...lines[0], at: undefined, userHash: undefined }, {
      platform: 'discord', vote: 'up', command: 'ask', question: 'drones ?', passageIds: ['a#1', 'b#2'], at: undefined, userHash: undefined,
    });
    assert.equal(lines[0]?.userHash, await log.hashUserId('discord', '42'));
  });
});
