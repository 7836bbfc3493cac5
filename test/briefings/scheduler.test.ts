import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BriefingReply } from '../../src/briefings/types.ts';
import type { Reply } from '../../src/answer/types.ts';
import type { RunningAdapter } from '../../src/adapters/shared/running-adapter.ts';
import { parseBriefings } from '../../src/briefings/load.ts';
import { BriefingScheduler } from '../../src/briefings/scheduler.ts';
import { BriefingStateStore } from '../../src/briefings/state.ts';
import { createLogger } from '../../src/log.ts';
import { makeTestCitebot, rebuildTestIndex, type TestCitebot } from '../helpers/citebot.ts';

const log = createLogger('silent');

/** Stands in for a platform: records what the scheduler asks it to post. */
function recordingAdapter(platform: 'discord' | 'slack') {
  const posts: { channel: string; reply: Reply | BriefingReply }[] = [];
  const adapter: RunningAdapter = {
    platform,
    async post(channel, reply) {
      posts.push({ channel, reply });
    },
    async stop() {},
  };
  return { adapter, posts };
}

const briefings = parseBriefings(
  {
    briefings: [
      { name: 'morning', platform: 'discord', channel: '111', topics: ['production de munitions', 'PURL'], schedule: '0 8 * * *', timezone: 'Europe/Paris', language: 'fr', items: 2 },
      { name: 'quiet', platform: 'slack', channel: 'C222', topics: ['Ukraine'], schedule: '30 9 * * *', timezone: 'UTC', skipWhenNothingNew: true },
    ],
  },
  'briefings.yml',
);

describe('briefing scheduler', () => {
  let engine: TestCitebot;
  before(async () => {
    engine = await makeTestCitebot();
  });
  after(() => engine.close());

  function makeScheduler(discord: RunningAdapter, slack: RunningAdapter, stateFile: string) {
    return new BriefingScheduler({
      citebot: engine.citebot,
      briefings,
      adapterFor: (platform) => (platform === 'discord' ? discord : slack),
      state: new BriefingStateStore(stateFile),
      log,
    });
  }

  it('fires each briefing at its time, to its channel on its platform, once even across a restart', async () => {
    const discord = recordingAdapter('discord');
    const slack = recordingAdapter('slack');
    const stateFile = join(engine.dir, 'data', 'state-1.json');
    const scheduler = makeScheduler(discord.adapter, slack.adapter, stateFile);
    await scheduler.tick(new Date('2026-11-23T06:59:00Z'));
    assert.equal(discord.posts.length, 0, 'nothing before 08:00 Paris (07:00 UTC)');
    await scheduler.tick(new Date('2026-11-23T07:00:05Z'));
    assert.equal(discord.posts.length, 1);
    assert.equal(discord.posts[0]!.channel, '111');
    const reply = discord.posts[0]!.reply as BriefingReply;
    assert.equal(reply.kind, 'briefing');
    assert.deepEqual(reply.topics.map((topic) => topic.topic), ['production de munitions', 'PURL']);
    assert.ok(reply.topics.every((topic) => topic.passages.length > 0 && topic.passages.length <= 2));
    assert.equal(reply.scheduledFor, '2026-11-23T07:00:00.000Z');
    assert.equal(reply.newChunkIds.length > 0, true, 'the first briefing marks everything new');
    await scheduler.tick(new Date('2026-11-23T07:01:00Z'));
    assert.equal(discord.posts.length, 1, 'not posted twice');
    const restarted = makeScheduler(discord.adapter, slack.adapter, stateFile);
    await restarted.tick(new Date('2026-11-23T07:02:00Z'));
    assert.equal(discord.posts.length, 1, 'a restart does not repost');
    await restarted.tick(new Date('2026-11-23T09:30:00Z'));
    assert.equal(slack.posts.length, 1);
    assert.equal(slack.posts[0]!.channel, 'C222');
  });

  it('skips a time missed by more than the grace period instead of posting it late', async () => {
    const discord = recordingAdapter('discord');
    const slack = recordingAdapter('slack');
    const scheduler = makeScheduler(discord.adapter, slack.adapter, join(engine.dir, 'data', 'state-2.json'));
    await scheduler.tick(new Date('2026-11-23T10:00:00Z'));
    assert.equal(discord.posts.length, 0);
    assert.equal(slack.posts.length, 0);
  });

  it('marks passages from changed files new, and skips a briefing with nothing new when asked to', async () => {
    const discord = recordingAdapter('discord');
    const slack = recordingAdapter('slack');
    const scheduler = makeScheduler(discord.adapter, slack.adapter, join(engine.dir, 'data', 'state-3.json'));
    await scheduler.tick(new Date('2026-11-23T09:30:00Z'));
    assert.equal(slack.posts.length, 1, 'first briefing posted');
    await scheduler.tick(new Date('2026-11-24T09:30:00Z'));
    assert.equal(slack.posts.length, 1, 'nothing new and skipWhenNothingNew: not posted');

    await scheduler.tick(new Date('2026-11-24T07:00:00Z'));
    const first = discord.posts.at(-1)!.reply as BriefingReply;
    assert.ok(first.newChunkIds.length > 0);
    await scheduler.tick(new Date('2026-11-25T07:00:00Z'));
    const unchanged = discord.posts.at(-1)!.reply as BriefingReply;
    assert.equal(unchanged.nothingNew, true, 'same corpus: nothing new');
    assert.equal(discord.posts.length, 2, 'posted anyway: skipWhenNothingNew is off');

    await appendFile(join(engine.config.CORPUS_DIR, '004_4245ddf72926b519.txt'), '\nLe mécanisme PURL a atteint son objectif de production de munitions en décembre.\n');
    await rebuildTestIndex(engine.config);
    await scheduler.tick(new Date('2026-11-26T07:00:00Z'));
    const changed = discord.posts.at(-1)!.reply as BriefingReply;
    assert.equal(changed.nothingNew, false, 'the rebuilt index is picked up before the briefing');
    const marked = changed.topics.flatMap((topic) => topic.passages).filter((passage) => changed.newChunkIds.includes(passage.chunkIds[0]!));
    assert.ok(marked.length > 0);
    assert.ok(marked.every((passage) => passage.source.file === '004_4245ddf72926b519.txt'), 'only the changed file is new');
  });

  it('previews a briefing without changing its state', async () => {
    const discord = recordingAdapter('discord');
    const slack = recordingAdapter('slack');
    const scheduler = makeScheduler(discord.adapter, slack.adapter, join(engine.dir, 'data', 'state-4.json'));
    const preview = await scheduler.preview('morning');
    assert.equal(preview?.preview, true);
    assert.equal(await scheduler.preview('nope'), null);
    await scheduler.tick(new Date('2026-11-23T07:00:00Z'));
    assert.equal((discord.posts[0]!.reply as BriefingReply).newChunkIds.length > 0, true, 'the preview did not consume the "new" marks');
  });
});

describe('briefings file', () => {
  it('rejects a bad entry naming the entry and the field', () => {
    assert.throws(
      () => parseBriefings({ briefings: [{ name: 'ok', platform: 'discord', channel: '1', topics: ['x'], schedule: '0 8 * * *' }, { name: 'bad', platform: 'teams', channel: '1', topics: ['x'], schedule: 'every day' }] }, 'briefings.yml'),
      (error: Error) => /entry 2 \("bad"\), field "platform"/.test(error.message) && /entry 2 \("bad"\), field "schedule"/.test(error.message),
    );
    assert.throws(() => parseBriefings({ briefings: [{ name: 'x', platform: 'slack', topics: ['x'], schedule: '0 8 * * *' }] }, 'b.yml'), /field "channel"/);
    assert.throws(() => parseBriefings({ briefings: [{ name: 'x', platform: 'slack', channel: 'C1', topics: ['x'], schedule: '0 8 * * *', timezone: 'Mars/Olympus' }] }, 'b.yml'), /field "timezone"/);
  });
});
