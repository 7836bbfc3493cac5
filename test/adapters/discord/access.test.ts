/**
 * citebot.yml and operations on Discord, with the real discord.js against the fake Discord: a
 * category's entry covering its channels, DMs under a policy, a follow-up after a restart (memory in
 * DATA_DIR), busy and limited mentions told privately (a DM, never in the channel) and after the
 * answers in progress, and the buttons ("More", "Share") passing the same gate as a question.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { RESTOptions } from 'discord.js';
import pino from 'pino';
import { parsePolicy } from '../../../src/access/load.ts';
import { OPEN_POLICY, type Policy } from '../../../src/access/schema.ts';
import type { Citebot } from '../../../src/answer/citebot.ts';
import type { CommandArgs } from '../../../src/answer/commands/types.ts';
import { startDiscord } from '../../../src/adapters/discord/start.ts';
import { createOperations, type Operations } from '../../../src/adapters/shared/operations.ts';
import type { RunningAdapter } from '../../../src/adapters/shared/running-adapter.ts';
import type { Config } from '../../../src/config.ts';
import { Metrics } from '../../../src/ops/metrics.ts';
import { makeTestCitebot, type TestCitebot } from '../../helpers/citebot.ts';
import { FakeDiscord, type RecordedCall } from '../../fakes/discord/server.ts';

const corpus = {
  'rh/conges.md':
    '# Congés payés\n\nChaque salarié acquiert 25 jours de congés payés par an. Les congés payés de 2024 non pris se reportent jusqu’au 31 mai 2025.\n',
  'it/vpn.md': '# VPN\n\nPour configurer le VPN, installez le client WireGuard puis importez le profil de connexion fourni par le support informatique.\n',
};

type Json = Record<string, unknown>;
const textOf = (message: Json) => `${String(message.content)}\n${JSON.stringify(message.embeds ?? [])}`;

interface Setup {
  engine: TestCitebot;
  fake: FakeDiscord;
  adapter: RunningAdapter;
  ops: Operations;
  runs: { command: string; args: CommandArgs }[];
  config: Config;
}

/** The engine with its runs counted, each run first waiting for `gate` when given (a Proxy: everything else passes through). */
function counted(real: Citebot, runs: Setup['runs'], gate?: () => Promise<void>): Citebot {
  return new Proxy(real, {
    get(target, property) {
      if (property === 'run') {
        return async (command: string, args: CommandArgs) => {
          runs.push({ command, args });
          await gate?.();
          return real.run(command, args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

interface StartOptions {
  corpus?: Record<string, string>;
  policy?: () => Policy;
  env?: Partial<Config>;
  engine?: TestCitebot;
  fake?: FakeDiscord;
  applicationFlags?: number;
  /** Every engine run waits for this first. */
  gate?: () => Promise<void>;
  metrics?: Metrics;
  restOptions?: Partial<RESTOptions>;
  noticeMaxDelayMs?: number;
}

async function start(options: StartOptions = {}): Promise<Setup> {
  const engine = options.engine ?? (await makeTestCitebot(options.corpus ? { corpus: options.corpus } : {}));
  const fake = options.fake ?? (await FakeDiscord.start({ heartbeatIntervalMs: 250, ...(options.applicationFlags ? { applicationFlags: options.applicationFlags } : {}) }));
  const config: Config = { ...engine.config, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.ids.app, DISCORD_GUILD_ID: fake.ids.guild, DISCORD_API_URL: fake.apiUrl, ...options.env };
  const ops = await createOperations(config, { ...(options.policy ? { policy: options.policy } : {}), ...(options.metrics ? { metrics: options.metrics } : {}) });
  const runs: Setup['runs'] = [];
  const log = pino({ level: 'silent' });
  const adapter = await startDiscord({
    citebot: counted(engine.citebot, runs, options.gate),
    log,
    config,
    operations: ops,
    ...(options.restOptions ? { restOptions: options.restOptions } : {}),
    ...(options.noticeMaxDelayMs !== undefined ? { noticeMaxDelayMs: options.noticeMaxDelayMs } : {}),
  });
  return { engine, fake, adapter, ops, runs, config };
}

function replyTo(fake: FakeDiscord, messageId: string): Promise<Json> {
  return fake.waitFor(() => fake.allMessages().find((message) => (message.message_reference as Json | undefined)?.message_id === messageId && (message.author as Json).bot === true));
}

const repliedTo = (fake: FakeDiscord, messageId: string) => fake.allMessages().some((message) => (message.message_reference as Json | undefined)?.message_id === messageId && (message.author as Json).bot === true);

describe('Discord: citebot.yml categories and DMs, memory across a restart, busy and limited told privately', () => {
  const open: Setup[] = [];
  after(async () => {
    for (const setup of open) {
      await setup.adapter.stop();
      await setup.fake.close();
      await setup.engine.close();
    }
  });

  it('a category entry covers the channels under it (its document set); a channel outside access.channels gets nothing; DMs have their own set', async () => {
    let policy: Policy = OPEN_POLICY;
    const setup = await start({ corpus, policy: () => policy });
    open.push(setup);
    const { fake, runs } = setup;
    policy = parsePolicy(
      { channels: [{ name: 'support', platform: 'discord', id: fake.ids.category, folders: ['it'] }], access: { channels: [fake.ids.category], dms: true, dmFolders: ['rh'] } },
      'citebot.yml',
    );
    const outside = fake.sendMessage({ content: `<@${fake.ids.bot}> Combien de jours de congés payés par an ?` });
    const inside = fake.sendMessage({ content: `<@${fake.ids.bot}> Combien de jours de congés payés par an ?`, where: 'category' });
    const answer = await replyTo(fake, inside.id as string);
    assert.equal(answer.channel_id, fake.ids.categoryChannel);
    assert.doesNotMatch(textOf(answer), /conges\.md/, 'the category answers from it/ only');
    assert.deepEqual(runs.at(-1)!.args.folders, ['it']);
    assert.equal(runs.length, 1, 'the message outside the listed category did not reach the engine');
    assert.equal(repliedTo(fake, outside.id as string), false, 'and got no reply at all');

    const dm = fake.sendMessage({ content: 'Combien de jours de congés payés par an ?', where: 'dm' });
    const dmAnswer = await replyTo(fake, dm.id as string);
    assert.match(textOf(dmAnswer), /conges\.md/);
    assert.deepEqual(runs.at(-1)!.args.folders, ['rh'], 'DMs answer from dmFolders');

    policy = parsePolicy({ access: { dms: false } }, 'citebot.yml');
    const refusedDm = fake.sendMessage({ content: 'Combien de jours de congés payés par an ?', where: 'dm' });
    const refusal = await replyTo(fake, refusedDm.id as string);
    assert.match(String(refusal.content), /does not answer direct messages/, 'a refused DM is told why (it is private already)');
    assert.equal(runs.length, 2);
  });

  it('a follow-up after a restart: the conversation is read back from DATA_DIR', async () => {
    const first = await start({ corpus, applicationFlags: 1 << 18 });
    const question = first.fake.sendMessage({ content: `<@${first.fake.ids.bot}> Combien de jours de congés payés par an ?` });
    const answer = await replyTo(first.fake, question.id as string);
    await first.adapter.stop();
    await first.ops.conversations.flush();

    // A new process: new operations (memory read from the same DATA_DIR), the same Discord.
    const second = await start({ engine: first.engine, fake: first.fake });
    open.push(second);
    assert.equal(second.ops.conversations.size, 1);
    const followUp = second.fake.sendMessage({ content: 'et en 2024 ?', replyTo: answer.id as string });
    const reply = await replyTo(second.fake, followUp.id as string);
    assert.match(textOf(reply), /Suite de « Combien de jours de congés payés par an \? »/);
    assert.deepEqual(second.runs.at(-1)!.args.previous, ['Combien de jours de congés payés par an ?']);
  });

  it('a mention turned away by a full queue is told by DM, never in the channel', async () => {
    const setup = await start({ corpus, env: { ENGINE_CONCURRENCY: 1, ENGINE_QUEUE: 0 } });
    open.push(setup);
    const { fake, ops } = setup;
    let release = () => {};
    const held = ops.queue.submit(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      const since = fake.calls.length;
      const question = fake.sendMessage({ content: `<@${fake.ids.bot}> Combien de jours de congés payés par an ?` });
      const dm = await fake.waitForCall((call) => call.method === 'POST' && call.route === '/channels/:channel/messages' && call.params.channel === fake.ids.dmChannel, { since });
      assert.match(String(dm.body.content), /busy answering other questions: try again in \d+ s/);
      assert.equal(fake.callsTo('POST', '/users/@me/channels', since).length, 1, 'the DM channel was opened');
      assert.deepEqual(
        fake.callsTo('POST', '/channels/:channel/messages', since).filter((call) => call.params.channel !== fake.ids.dmChannel),
        [],
        'nothing posted in the channel',
      );
      assert.equal(repliedTo(fake, question.id as string), false);
    } finally {
      release();
      await held;
    }
  });

  it('a limited member is told by DM when to ask again, once per window', async () => {
    const setup = await start({ corpus, env: { RATE_LIMIT_USER: { capacity: 1, periodMs: 3_600_000 } } });
    open.push(setup);
    const { fake } = setup;
    const since = fake.calls.length;
    const first = fake.sendMessage({ content: `<@${fake.ids.bot}> Combien de jours de congés payés par an ?` });
    await replyTo(fake, first.id as string);
    fake.sendMessage({ content: `<@${fake.ids.bot}> congés payés 2024 ?` });
    await fake.waitForCall((call) => call.method === 'POST' && call.params.channel === fake.ids.dmChannel, { since });
    fake.sendMessage({ content: `<@${fake.ids.bot}> congés payés 2025 ?` });
    const control = fake.sendMessage({ content: `<@${fake.ids.bot}> Comment configurer le client VPN WireGuard ?`, userId: '1500000000000000099' });
    await replyTo(fake, control.id as string);
    const dms = fake.callsTo('POST', '/channels/:channel/messages', since).filter((call) => call.params.channel === fake.ids.dmChannel);
    assert.equal(dms.length, 1, 'told once, not once per message');
    assert.match(String(dms[0]!.body.content), /ask again in \d+ s/);
    assert.equal(fake.callsTo('POST', '/channels/:channel/messages', since).filter((call) => call.params.channel === fake.ids.channel).length, 2, 'the first question and the other member’s only');
  });
});

/** A gate the engine's runs wait behind until the test opens it. */
function closedGate(): { wait: () => Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { wait: () => opened, open };
}

async function busyCount(metrics: Metrics): Promise<number> {
  return (await metrics.questions.get()).values.filter(({ labels }) => labels.outcome === 'busy').reduce((sum, { value }) => sum + value, 0);
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('Discord: private notices go after the answers in progress (one REST budget for both), never lost', () => {
  const open: Setup[] = [];
  after(async () => {
    for (const setup of open) {
      await setup.adapter.stop();
      await setup.fake.close();
      await setup.engine.close();
    }
  });
  const question = (fake: FakeDiscord, user: number) =>
    fake.sendMessage({ content: `<@${fake.ids.bot}> Combien de jours de congés payés par an ?`, userId: `150000000000000010${user}` });
  const isDm = (fake: FakeDiscord) => (call: RecordedCall) => call.method === 'POST' && call.route === '/channels/:channel/messages' && call.params.channel === fake.ids.dmChannel;
  // discord.js's global limit at 2 requests a second: a notice (2 requests, the DM channel is opened
  // first) never fits beside an answer in progress, so only the answers' end or the delay lets it go.
  const tightBudget = { globalRequestsPerSecond: 2 };

  it('a mention turned away while others are being answered is told by DM after their answers', async () => {
    const metrics = new Metrics({ queueDepth: () => 0, index: () => null });
    const gate = closedGate();
    const setup = await start({ corpus, env: { ENGINE_CONCURRENCY: 1, ENGINE_QUEUE: 1 }, gate: gate.wait, metrics, restOptions: tightBudget, noticeMaxDelayMs: 600_000 });
    open.push(setup);
    const { fake, ops } = setup;
    const since = fake.calls.length;
    const first = question(fake, 1);
    await fake.waitFor(() => setup.runs.length === 1);
    const second = question(fake, 2);
    await fake.waitFor(() => ops.queue.depth === 1);
    question(fake, 3);
    await until(async () => (await busyCount(metrics)) === 1);
    assert.equal(fake.callsTo('POST', '/users/@me/channels', since).length, 0, 'no DM yet: two answers are in progress');

    gate.open();
    const dm = await fake.waitForCall(isDm(fake), { since });
    assert.match(String(dm.body.content), /busy answering other questions: try again in \d+ s/);
    const position = (predicate: (call: RecordedCall) => boolean) => fake.calls.findIndex((call, index) => index >= since && predicate(call));
    const answer = (id: unknown) => position((call) => call.route === '/channels/:channel/messages' && call.body.message_reference?.message_id === id);
    const opened = position((call) => call.route === '/users/@me/channels');
    assert.ok(answer(first.id) >= 0 && answer(second.id) >= 0, 'both questions answered');
    assert.ok(answer(first.id) < opened && answer(second.id) < opened, 'the DM (its channel opened first) after both answers');
  });

  it('a notice waits no longer than the maximum delay: sent while an answer is still in progress', async () => {
    const gate = closedGate();
    const setup = await start({ corpus, env: { ENGINE_CONCURRENCY: 1, ENGINE_QUEUE: 0 }, gate: gate.wait, restOptions: tightBudget, noticeMaxDelayMs: 0 });
    open.push(setup);
    const { fake } = setup;
    const since = fake.calls.length;
    const first = question(fake, 1);
    await fake.waitFor(() => setup.runs.length === 1);
    question(fake, 2);
    const dm = await fake.waitForCall(isDm(fake), { since });
    assert.match(String(dm.body.content), /busy answering other questions/);
    assert.equal(repliedTo(fake, first.id as string), false, 'the answer is still being computed');
    gate.open();
    await replyTo(fake, first.id as string);
  });

  it('stop() sends the notices still held before closing', async () => {
    const gate = closedGate();
    const metrics = new Metrics({ queueDepth: () => 0, index: () => null });
    const setup = await start({ corpus, env: { ENGINE_CONCURRENCY: 1, ENGINE_QUEUE: 0 }, gate: gate.wait, metrics, restOptions: tightBudget, noticeMaxDelayMs: 600_000 });
    open.push(setup);
    const { fake } = setup;
    const since = fake.calls.length;
    const first = question(fake, 1);
    await fake.waitFor(() => setup.runs.length === 1);
    question(fake, 2);
    await until(async () => (await busyCount(metrics)) === 1);
    const stopped = setup.adapter.stop();
    const dm = await fake.waitForCall(isDm(fake), { since });
    assert.match(String(dm.body.content), /busy answering other questions/);
    gate.open();
    await stopped;
    assert.equal(repliedTo(fake, first.id as string), true, 'and the answer in progress was delivered');
  });
});

describe('Discord: "More" and "Share" pass the same gate as a question', () => {
  const open: Setup[] = [];
  after(async () => {
    for (const setup of open) {
      await setup.adapter.stop();
      await setup.fake.close();
      await setup.engine.close();
    }
  });
  let policy: Policy = OPEN_POLICY;
  let setup: Setup;
  let original: Json;
  let more: string;
  let share: string;

  const buttonIds = (message: Json) => ((message.components as { components: { custom_id: string }[] }[] | undefined) ?? []).flatMap((row) => row.components.map((button) => button.custom_id));
  const callbackOf = (token: string) => setup.fake.waitForCall((call) => call.route === '/interactions/:id/:token/callback' && call.params.token === token);

  it('a fresh policy check: a member refused since the answer is told privately, and the engine does not run', async () => {
    setup = await start({ policy: () => policy, env: { ENGINE_CONCURRENCY: 1, ENGINE_QUEUE: 0 } });
    open.push(setup);
    const { fake } = setup;
    const { token } = fake.sendSlashCommand('ask', { question: 'Roumanie OTAN', count: 1, private: true });
    await fake.waitForCall((call) => call.method === 'PATCH' && call.route === '/webhooks/:app/:token/messages/:message' && call.params.token === token && call.status === 200);
    original = fake.originalResponse(token)!;
    more = buttonIds(original).find((id) => id.startsWith('citebot:more:'))!;
    share = buttonIds(original).find((id) => id.startsWith('citebot:share:'))!;
    assert.ok(more && share, buttonIds(original).join(', '));

    policy = parsePolicy({ access: { discordRoles: ['1600000000000000001'] } }, 'citebot.yml');
    const runs = setup.runs.length;
    for (const id of [more, share]) {
      const click = fake.clickButton(id, original);
      const callback = await callbackOf(click.token);
      assert.equal(callback.body.type, 4);
      assert.equal(callback.body.data.flags & 64, 64, 'ephemeral');
      assert.match(callback.body.data.content, /not among the people allowed/);
    }
    assert.equal(setup.runs.length, runs, 'neither button ran the engine');
    const member = fake.clickButton(more, original, { roles: ['1600000000000000001'] });
    await fake.waitFor(() => fake.followups(member.token)[0]);
    assert.equal(setup.runs.length, runs + 1, 'a member with the role gets the next page');
  });

  it('the document set in force now applies, not that of the answer', async () => {
    policy = parsePolicy({ channels: [{ platform: 'discord', id: setup.fake.ids.channel, folders: ['archives'], language: 'fr' }] }, 'citebot.yml');
    const click = setup.fake.clickButton(more, original);
    await setup.fake.waitFor(() => setup.fake.followups(click.token)[0]);
    assert.deepEqual(setup.runs.at(-1)!.args.folders, ['archives']);
    assert.equal(setup.runs.at(-1)!.args.fixedLang, 'fr');
    policy = OPEN_POLICY;
  });

  it('a full queue: the click is deferred (within 3 s) and told privately "busy, try again in N s"', async () => {
    let release = () => {};
    const held = setup.ops.queue.submit(() => new Promise<void>((resolve) => (release = resolve)));
    const runs = setup.runs.length;
    try {
      const click = setup.fake.clickButton(share, original);
      const notice = await setup.fake.waitFor(() => setup.fake.followups(click.token)[0]);
      assert.equal((await callbackOf(click.token)).body.type, 6, 'acknowledged at once');
      assert.equal(Number(notice.flags) & 64, 64, 'privately');
      assert.match(String(notice.content), /busy answering other questions: try again in \d+ s/);
      assert.equal(setup.runs.length, runs);
    } finally {
      release();
      await held;
    }
  });

  it('the rate limit: a click past the member’s bucket is told privately when to ask again', async () => {
    const limited = await start({ env: { RATE_LIMIT_USER: { capacity: 1, periodMs: 3_600_000 } } });
    open.push(limited);
    const { fake } = limited;
    const { token } = fake.sendSlashCommand('ask', { question: 'Roumanie OTAN', count: 1 });
    await fake.waitForCall((call) => call.method === 'PATCH' && call.route === '/webhooks/:app/:token/messages/:message' && call.params.token === token && call.status === 200);
    const answer = fake.originalResponse(token)!;
    const next = buttonIds(answer).find((id) => id.startsWith('citebot:more:'))!;
    const runs = limited.runs.length;
    const click = fake.clickButton(next, answer);
    const callback = await fake.waitForCall((call) => call.route === '/interactions/:id/:token/callback' && call.params.token === click.token);
    assert.equal(callback.body.type, 4);
    assert.equal(callback.body.data.flags & 64, 64);
    assert.match(callback.body.data.content, /ask again in \d+ s/);
    assert.equal(limited.runs.length, runs);
  });
});
