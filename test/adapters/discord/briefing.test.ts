/**
 * Scheduled briefings on Discord, end to end: the real BriefingScheduler, driven by tick(now), over
 * the real engine, posts through startDiscord's adapter and the real discord.js client to the fake
 * Discord; `/briefing preview` is checked the same way.
 */
import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { startDiscord } from '../../../src/adapters/discord/start.ts';
import type { RunningAdapter } from '../../../src/adapters/shared/running-adapter.ts';
import { t } from '../../../src/present/strings.ts';
import type { BriefingReply } from '../../../src/briefings/types.ts';
import type { Passage } from '../../../src/search/types.ts';
import type { Reply } from '../../../src/answer/types.ts';
import { parseBriefings } from '../../../src/briefings/load.ts';
import type { BriefingPreviewer } from '../../../src/briefings/previewer.ts';
import { BriefingScheduler } from '../../../src/briefings/scheduler.ts';
import { BriefingStateStore } from '../../../src/briefings/state.ts';
import { createLogger } from '../../../src/log.ts';
import { makeTestCitebot, rebuildTestIndex, type TestCitebot } from '../../helpers/citebot.ts';
import { messageLimitProblems } from '../../fakes/discord/limits.ts';
import { managerPermissions } from '../../fakes/discord/payloads.ts';
import { FakeDiscord, type RecordedCall } from '../../fakes/discord/server.ts';
import { foldWhitespace, quotedText } from './helpers.ts';

const routes = {
  callback: '/interactions/:id/:token/callback',
  webhookMessage: '/webhooks/:app/:token/messages/:message',
  channelMessages: '/channels/:channel/messages',
  guildCommands: '/applications/:app/guilds/:guild/commands',
};

interface Embed {
  title?: string;
  description?: string;
  footer?: { text: string };
}

/** Each passage block of rendered embeds, in order: whether it carries the "new" mark, its quote and its citation line. */
function passageBlocks(embeds: Embed[], newMark: string): { isNew: boolean; quote: string; citation: string }[] {
  const blocks: { isNew: boolean; quote: string; citation: string }[] = [];
  let isNew = false;
  let quote: string[] = [];
  for (const line of embeds.flatMap((embed) => (embed.description ?? '').split('\n'))) {
    if (line === `**${newMark}**`) isNew = true;
    else if (line.startsWith('> ')) quote.push(line);
    else if (line.startsWith('— ')) {
      blocks.push({ isNew, quote: quotedText(quote.join('\n')), citation: line });
      isNew = false;
      quote = [];
    }
  }
  return blocks;
}

describe('Discord briefings, end to end (real scheduler and engine, fake Discord)', () => {
  let fake: FakeDiscord;
  let engine: TestCitebot;
  let adapter: RunningAdapter | null = null;
  let scheduler: BriefingScheduler;
  let stateFile: string;
  const posted: (Reply | BriefingReply)[] = [];
  const previewCalls: string[] = [];

  before(async () => {
    engine = await makeTestCitebot();
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
    const briefings = parseBriefings(
      {
        briefings: [
          {
            name: 'matin',
            platform: 'discord',
            channel: fake.ids.channel,
            topics: ['production de munitions', 'PURL', 'recette de la tarte aux pommes'],
            schedule: '0 8 * * *',
            timezone: 'Europe/Paris',
            language: 'fr',
            items: 2,
          },
          { name: 'quiet', platform: 'discord', channel: fake.ids.thread, topics: ['Ukraine'], schedule: '30 9 * * *', timezone: 'UTC', skipWhenNothingNew: true },
        ],
      },
      'briefings.yml',
    );
    stateFile = join(engine.dir, 'data', 'briefings-state.json');
    // The scheduler posts through the real adapter; the wrapper only keeps a copy of what it was given.
    const recording: RunningAdapter = {
      platform: 'discord',
      async post(channelId, reply) {
        posted.push(reply);
        if (!adapter) throw new Error('Discord is not running');
        await adapter.post(channelId, reply);
      },
      stop: async () => adapter?.stop(),
    };
    scheduler = new BriefingScheduler({
      citebot: engine.citebot,
      briefings,
      adapterFor: (platform) => (platform === 'discord' ? recording : undefined),
      state: new BriefingStateStore(stateFile),
      log: createLogger('silent'),
    });
    const previewer: BriefingPreviewer = {
      get names() {
        return scheduler.names;
      },
      preview(name) {
        previewCalls.push(name);
        return scheduler.preview(name);
      },
    };
    adapter = await startDiscord({
      citebot: engine.citebot,
      log: pino({ level: 'silent' }),
      briefings: previewer,
      config: { ...engine.config, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.ids.app, DISCORD_GUILD_ID: fake.ids.guild, DISCORD_API_URL: fake.apiUrl },
    });
  });

  after(async () => {
    await adapter?.stop();
    await fake?.close();
    await engine?.close();
  });

  const channelPosts = (since: number): RecordedCall[] => fake.callsTo('POST', routes.channelMessages, since);
  const lastBriefing = (): BriefingReply => {
    const reply = posted.at(-1);
    assert.equal(reply?.kind, 'briefing');
    return reply as BriefingReply;
  };
  const corpusText = (file: string): Promise<string> => readFile(join(engine.config.CORPUS_DIR, file), 'utf8');
  const embedsOf = (calls: RecordedCall[]): Embed[] => calls.flatMap((call) => call.body.embeds as Embed[]);

  it('registers /briefing preview for Manage Server only, not in DMs, with the briefing names as choices', () => {
    const put = fake.callsTo('PUT', routes.guildCommands).find((call) => call.status === 200);
    const commands = put?.body as { name: string; default_member_permissions?: string; contexts: number[]; description_localizations: { fr: string }; options: unknown[] }[];
    assert.deepEqual(commands.map((command) => command.name), ['ask', 'quote', 'brief', 'sources', 'status', 'help', 'briefing']);
    const briefing = commands.at(-1)!;
    assert.equal(briefing.default_member_permissions, '32');
    assert.deepEqual(briefing.contexts, [0]);
    assert.ok(briefing.description_localizations.fr);
    const [preview] = briefing.options as { name: string; type: number; options: { name: string; type: number; required: boolean; choices: unknown[]; description_localizations: { fr: string } }[] }[];
    assert.equal(preview?.name, 'preview');
    assert.equal(preview?.type, 1);
    const [name] = preview?.options ?? [];
    assert.equal(name?.name, 'name');
    assert.equal(name?.type, 3);
    assert.equal(name?.required, true);
    assert.ok(name?.description_localizations.fr);
    assert.deepEqual(name?.choices, [{ name: 'matin', value: 'matin' }, { name: 'quiet', value: 'quiet' }]);
    // The bulk overwrite stored it as sent.
    assert.equal(fake.commands.guild.get(fake.ids.guild)?.at(-1)?.default_member_permissions, '32');
  });

  it('posts a briefing at its time to its channel: zoned date, topics, verbatim best sentences, citations, new marks', async () => {
    const since = fake.calls.length;
    await scheduler.tick(new Date('2026-11-23T06:59:00Z'));
    assert.equal(channelPosts(since).length, 0, 'nothing before 08:00 in Paris');
    await scheduler.tick(new Date('2026-11-23T07:00:05Z'));
    const sent = channelPosts(since);
    assert.ok(sent.length >= 1);
    for (const call of sent) {
      assert.equal(call.status, 200);
      assert.equal(call.params.channel, fake.ids.channel);
      assert.deepEqual(call.body.allowed_mentions, { parse: [] });
      assert.deepEqual(messageLimitProblems(call.body), []);
      assert.deepEqual(call.body.components, []);
    }
    const content = sent[0]?.body.content as string;
    assert.match(content, /^📰 \*\*Synthèse · matin\*\* — lundi 23 novembre 2026 à 08:00 \(Europe\/Paris\)$/m);
    assert.match(content, /^-# production de munitions · PURL · recette de la tarte aux pommes$/m);

    const reply = lastBriefing();
    const embeds = embedsOf(sent);
    assert.deepEqual(
      embeds.filter((embed) => embed.title).map((embed) => embed.title),
      ['production de munitions', 'PURL', 'recette de la tarte aux pommes'],
    );
    const noAnswer = reply.topics.find((topic) => topic.topic.startsWith('recette'));
    assert.equal(noAnswer?.noAnswer, true, 'the corpus says nothing about apple pie');
    assert.equal(embeds.find((embed) => embed.title?.startsWith('recette'))?.description, `*${t('fr', 'briefingTopicNoAnswer')}*`);

    const passages: Passage[] = reply.topics.flatMap((topic) => topic.passages);
    const blocks = passageBlocks(embeds, t('fr', 'newMark'));
    assert.ok(passages.length >= 2);
    assert.equal(blocks.length, passages.length);
    for (const [index, passage] of passages.entries()) {
      const block = blocks[index]!;
      // quotedText drops a trailing " …" (the continuation mark), which this corpus also has verbatim.
      assert.equal(foldWhitespace(block.quote), foldWhitespace(passage.highlight).replace(/ …$/, ''), 'the best sentence, not the whole passage');
      assert.ok(foldWhitespace(await corpusText(passage.source.file)).includes(foldWhitespace(block.quote)), 'verbatim from its file');
      assert.ok(block.citation.includes(`\`${passage.source.file}\` · ¶ ${passage.source.paragraph}`), block.citation);
      assert.equal(block.isNew, true, 'the first briefing of a schedule: everything is new');
    }
    assert.equal(embeds.at(-1)?.footer?.text, t('fr', 'lexicalOnlyShort'), 'the test engine is lexical-only and says so in one short French line');
    assert.ok(!JSON.stringify(embeds).includes('test: no embedding model'), 'the reason (server paths) never reaches the channel');

    const again = fake.calls.length;
    await scheduler.tick(new Date('2026-11-23T07:01:00Z'));
    assert.equal(channelPosts(again).length, 0, 'posted once');
  });

  it('posts nothing when nothing is new and the briefing skips then', async () => {
    const since = fake.calls.length;
    await scheduler.tick(new Date('2026-11-23T09:30:00Z'));
    const first = channelPosts(since);
    assert.ok(first.length >= 1 && first.every((call) => call.status === 200 && call.params.channel === fake.ids.thread));
    assert.match(first[0]?.body.content as string, /Briefing · quiet\*\* — Monday,? 23 November 2026 at 09:30 \(UTC\)/);
    assert.ok(passageBlocks(embedsOf(first), t('en', 'newMark')).every((block) => block.isNew));

    const next = fake.calls.length;
    const count = posted.length;
    await scheduler.tick(new Date('2026-11-24T09:30:00Z'));
    assert.equal(channelPosts(next).length, 0);
    assert.equal(posted.length, count, 'the scheduler did not even hand it to the adapter');
  });

  it('marks new only the passages of a file changed since the previous briefing', async () => {
    let since = fake.calls.length;
    await scheduler.tick(new Date('2026-11-24T07:00:00Z'));
    const unchanged = passageBlocks(embedsOf(channelPosts(since)), t('fr', 'newMark'));
    assert.ok(unchanged.length >= 1, 'posted: skipWhenNothingNew is off');
    assert.ok(unchanged.every((block) => !block.isNew), 'same corpus: nothing marked new');

    const changedFile = '004_4245ddf72926b519.txt';
    await appendFile(join(engine.config.CORPUS_DIR, changedFile), '\nLe mécanisme PURL a atteint son objectif de production de munitions en décembre.\n');
    await rebuildTestIndex(engine.config);
    since = fake.calls.length;
    await scheduler.tick(new Date('2026-11-25T07:00:00Z'));
    const blocks = passageBlocks(embedsOf(channelPosts(since)), t('fr', 'newMark'));
    const marked = blocks.filter((block) => block.isNew);
    assert.ok(marked.length >= 1, 'the changed file’s passages are new');
    assert.ok(marked.every((block) => block.citation.includes(`\`${changedFile}\``)), marked.map((block) => block.citation).join('\n'));
    assert.ok(blocks.some((block) => !block.isNew), 'passages of unchanged files are not marked');
  });

  /** The interaction callback the bot answered with (after any 429 retry). */
  const callbackOf = (token: string): Promise<RecordedCall> =>
    fake.waitForCall((call) => call.route === routes.callback && call.params.token === token && call.status < 300);

  it('refuses /briefing preview to a member without Manage Server, and in DMs, without calling the previewer', async () => {
    const since = fake.calls.length;
    const member = fake.sendSlashCommand('briefing', { name: 'matin' }, { subcommand: 'preview' });
    const refused = await callbackOf(member.token);
    assert.equal(refused.body.type, 4);
    assert.equal(refused.body.data.flags, 64);
    assert.equal(refused.body.data.content, `⛔ ${t('en', 'discordBriefingNeedsManageServer')}`);
    assert.deepEqual(refused.body.data.allowed_mentions, { parse: [] });

    const dm = fake.sendSlashCommand('briefing', { name: 'matin' }, { subcommand: 'preview', where: 'dm', locale: 'fr' });
    const refusedInDm = await callbackOf(dm.token);
    assert.equal(refusedInDm.body.data.flags, 64);
    assert.equal(refusedInDm.body.data.content, `⛔ ${t('fr', 'discordBriefingNotInDm')}`);

    assert.deepEqual(previewCalls, []);
    assert.equal(fake.callsTo('PATCH', routes.webhookMessage, since).length, 0);
    assert.equal(channelPosts(since).length, 0);
  });

  it('shows the briefing to an admin ephemerally, marked as a preview, without posting it or touching its state', async () => {
    const stateBefore = await readFile(stateFile, 'utf8');
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('briefing', { name: 'matin' }, { subcommand: 'preview', permissions: managerPermissions, locale: 'fr' });
    const edit = await fake.waitForCall(
      (call) => call.method === 'PATCH' && call.route === routes.webhookMessage && call.params.token === token && call.status === 200,
      { since },
    );
    const defer = await callbackOf(token);
    assert.equal(defer.body.type, 5, 'deferred first');
    assert.equal(defer.body.data.flags, 64, 'ephemeral');
    assert.ok(fake.calls.indexOf(defer) < fake.calls.indexOf(edit));
    assert.equal(Number(fake.originalResponse(token)?.flags) & 64, 64);
    assert.deepEqual(previewCalls, ['matin']);

    const content = edit.body.content as string;
    assert.ok(content.startsWith(`👁️ **${t('fr', 'previewMark')}**\n📰 **Synthèse · matin** — `), content);
    assert.deepEqual(edit.body.allowed_mentions, { parse: [] });
    const bodies = [edit.body, ...fake.followups(token)];
    for (const body of bodies) assert.deepEqual(messageLimitProblems(body), []);
    for (const followup of fake.followups(token)) assert.equal(Number(followup.flags) & 64, 64, 'follow-ups private too');
    const blocks = passageBlocks(bodies.flatMap((body) => body.embeds as Embed[]), t('fr', 'newMark'));
    assert.ok(blocks.length >= 1);

    assert.equal(channelPosts(since).length, 0, 'nothing posted in the channel');
    assert.equal(await readFile(stateFile, 'utf8'), stateBefore, 'state unchanged');
  });

  it('answers an admin’s unknown name with the known names, without calling the previewer', async () => {
    const calls = previewCalls.length;
    const { token } = fake.sendSlashCommand('briefing', { name: 'soir' }, { subcommand: 'preview', permissions: managerPermissions });
    const answer = await callbackOf(token);
    assert.equal(answer.body.type, 4);
    assert.equal(answer.body.data.flags, 64);
    assert.equal(answer.body.data.content, t('en', 'briefingUnknown', { name: 'soir', names: '`matin`, `quiet`' }));
    assert.equal(previewCalls.length, calls);
  });
});

describe('Discord /briefing with many briefings, then none', () => {
  const names = Array.from({ length: 30 }, (_, index) => `brief-${index}`);
  const previewed: string[] = [];
  // Only the names matter here: these tests never reach a preview.
  const previewer: BriefingPreviewer = {
    get names() {
      return names;
    },
    async preview(name) {
      previewed.push(name);
      return null;
    },
  };
  let fake: FakeDiscord;
  let engine: TestCitebot;
  let adapter: RunningAdapter | null = null;

  before(async () => {
    engine = await makeTestCitebot({ corpus: { 'a.md': 'Une phrase du corpus.' } });
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
    adapter = await startDiscord({
      citebot: engine.citebot,
      log: pino({ level: 'silent' }),
      briefings: previewer,
      config: { ...engine.config, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.ids.app, DISCORD_GUILD_ID: fake.ids.guild, DISCORD_API_URL: fake.apiUrl },
    });
  });

  after(async () => {
    await adapter?.stop();
    await fake?.close();
    await engine?.close();
  });

  const autocomplete = async (typed: string, permissions?: string): Promise<unknown> => {
    const { token } = fake.sendAutocomplete('briefing', { name: typed }, { subcommand: 'preview', focused: 'name', ...(permissions ? { permissions } : {}) });
    const call = await fake.waitForCall((candidate) => candidate.route === routes.callback && candidate.params.token === token);
    assert.equal(call.status, 204);
    assert.equal(call.body.type, 8);
    return call.body.data.choices;
  };

  it('offers the names by autocomplete past 25 briefings, to admins only', async () => {
    const put = fake.callsTo('PUT', routes.guildCommands).find((call) => call.status === 200);
    const briefing = (put?.body as { name: string; options: { options: Record<string, unknown>[] }[] }[]).find((command) => command.name === 'briefing');
    const option = briefing?.options[0]?.options[0];
    assert.equal(option?.autocomplete, true);
    assert.equal(option?.choices, undefined);

    const choices = (await autocomplete('brief-1', managerPermissions)) as { name: string; value: string }[];
    assert.deepEqual(choices.map((choice) => choice.value), ['brief-1', ...Array.from({ length: 10 }, (_, index) => `brief-1${index}`)]);
    assert.equal(((await autocomplete('', managerPermissions)) as unknown[]).length, 25, 'at most 25');
    assert.deepEqual(await autocomplete('brief'), [], 'nothing for a member without Manage Server');
  });

  it('says so when no briefing is configured (a stale registration)', async () => {
    names.length = 0;
    const { token } = fake.sendSlashCommand('briefing', { name: 'brief-1' }, { subcommand: 'preview', permissions: managerPermissions });
    const answer = await fake.waitForCall((call) => call.route === routes.callback && call.params.token === token && call.status === 204);
    assert.equal(answer.body.data.flags, 64);
    assert.equal(answer.body.data.content, t('en', 'briefingNoneConfigured'));
    assert.deepEqual(previewed, []);
  });
});
