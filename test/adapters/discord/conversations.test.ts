/**
 * Issue 12 on Discord, with the real discord.js against the fake Discord: follow-ups by reply (with
 * and without the Message Content intent), citebot.yml role refusals, and the slash command deferred at once.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { parsePolicy } from '../../../src/access/load.ts';
import { startDiscord } from '../../../src/adapters/discord/start.ts';
import { createOperations } from '../../../src/adapters/shared/operations.ts';
import type { RunningAdapter } from '../../../src/adapters/shared/running-adapter.ts';
import { makeTestCitebot, type TestCitebot } from '../../helpers/citebot.ts';
import { FakeDiscord } from '../../fakes/discord/server.ts';

const corpus = {
  'rh/conges.md':
    '# Congés payés\n\nChaque salarié acquiert 25 jours de congés payés par an. Les congés payés de 2024 non pris se reportent jusqu’au 31 mai 2025.\n',
  'it/vpn.md': '# VPN\n\nPour configurer le VPN, installez le client WireGuard puis importez le profil de connexion fourni par le support informatique.\n',
};

type Json = Record<string, unknown>;

async function start(options: { applicationFlags?: number; policy?: unknown } = {}) {
  const engine = await makeTestCitebot({ corpus });
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 250, ...(options.applicationFlags ? { applicationFlags: options.applicationFlags } : {}) });
  const logs: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info', base: undefined }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const config = { ...engine.config, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.ids.app, DISCORD_GUILD_ID: fake.ids.guild, DISCORD_API_URL: fake.apiUrl };
  const policy = options.policy ? parsePolicy(options.policy, 'citebot.yml') : null;
  const operations = await createOperations(config, policy ? { policy: () => policy } : {});
  const adapter = await startDiscord({ citebot: engine.citebot, log, config, operations });
  return { engine, fake, logs, adapter };
}

/** The bot's reply to a message (found by its message_reference). */
function replyTo(fake: FakeDiscord, messageId: string): Promise<Json> {
  return fake.waitFor(() => fake.allMessages().find((message) => (message.message_reference as Json | undefined)?.message_id === messageId && (message.author as Json).bot === true));
}

const textOf = (message: Json) => `${String(message.content)}\n${JSON.stringify(message.embeds ?? [])}`;

describe('Discord: conversations, access and the deferred slash command', () => {
  const running: { engine: TestCitebot; fake: FakeDiscord; adapter: RunningAdapter }[] = [];
  after(async () => {
    for (const { adapter, fake, engine } of running) {
      await adapter.stop();
      await fake.close();
      await engine.close();
    }
  });

  it('without the Message Content intent: says so at start-up, ignores an unmentioned reply, answers a mentioned one as a follow-up', async () => {
    const setup = await start();
    running.push(setup);
    const { fake, logs } = setup;
    assert.equal(fake.identifiedIntents & (1 << 15), 0, 'MessageContent not requested');
    assert.ok(logs.some((line) => /Message Content intent is not granted/.test(line.msg)), 'said at start-up');
    const question = fake.sendMessage({ content: `<@${fake.ids.bot}> Combien de jours de congés payés par an ?` });
    const answer = await replyTo(fake, question.id as string);
    assert.match(textOf(answer), /conges\.md/);

    const quiet = fake.sendMessage({ content: 'et en 2024 ?', replyTo: answer.id as string });
    const mentioned = fake.sendMessage({ content: `<@${fake.ids.bot}> et en 2024 ?`, replyTo: answer.id as string });
    const followUp = await replyTo(fake, mentioned.id as string);
    assert.match(textOf(followUp), /Suite de « Combien de jours de congés payés par an \? »/);
    assert.equal(fake.allMessages().some((message) => (message.message_reference as Json | undefined)?.message_id === quiet.id), false, 'the unmentioned reply got nothing');
  });

  it('with the intent: a reply to an answer, without a mention, is answered with the earlier question as context', async () => {
    const setup = await start({ applicationFlags: 1 << 18 });
    running.push(setup);
    const { fake } = setup;
    assert.notEqual(fake.identifiedIntents & (1 << 15), 0, 'MessageContent requested');
    const question = fake.sendMessage({ content: `<@${fake.ids.bot}> Combien de jours de congés payés par an ?` });
    const answer = await replyTo(fake, question.id as string);
    const reply = fake.sendMessage({ content: 'et en 2024 ?', replyTo: answer.id as string });
    const followUp = await replyTo(fake, reply.id as string);
    assert.match(textOf(followUp), /Suite de « Combien de jours de congés payés par an \? »/);
    const thanks = fake.sendMessage({ content: 'Merci !', replyTo: answer.id as string });
    const unrelated = fake.sendMessage({ content: 'et en 2024 ?' });
    const chatter = fake.sendMessage({ content: `<@${fake.ids.bot}> Comment configurer le client VPN WireGuard ?` });
    const fresh = await replyTo(fake, chatter.id as string);
    assert.doesNotMatch(textOf(fresh), /Suite de|Following up/);
    assert.equal(fake.allMessages().some((message) => (message.message_reference as Json | undefined)?.message_id === unrelated.id), false, 'a message outside a conversation got nothing');
    assert.equal(fake.allMessages().some((message) => (message.message_reference as Json | undefined)?.message_id === thanks.id), false, 'a thanks in the conversation got nothing');
  });

  it('citebot.yml roles: a refused slash command is told privately why; a refused mention gets no reply at all', async () => {
    const setup = await start({ policy: { access: { discordRoles: ['1600000000000000001'] } } });
    running.push(setup);
    const { fake } = setup;
    const { token } = fake.sendSlashCommand('ask', { question: 'congés payés' });
    const callback = await fake.waitForCall((call) => call.route === '/interactions/:id/:token/callback' && call.params.token === token);
    assert.equal(callback.body.type, 4);
    assert.equal(callback.body.data.flags & 64, 64, 'ephemeral');
    assert.match(callback.body.data.content, /not among the people allowed/);
    const since = fake.calls.length;
    fake.sendMessage({ content: `<@${fake.ids.bot}> congés payés` });
    const allowed = fake.sendMessage({ content: `<@${fake.ids.bot}> congés payés`, roles: ['1600000000000000001'] });
    await replyTo(fake, allowed.id as string);
    assert.equal(fake.callsTo('POST', '/channels/:channel/messages', since).length, 1, 'only the member with the role was answered');
  });

  it('defers a slash command at once, before the engine runs, then edits the deferred reply', async () => {
    const setup = await start();
    running.push(setup);
    const { fake, engine } = setup;
    // A lexical search never yields: the deferral must be on its way before the engine starts.
    const deferralsSeenByEngine: number[] = [];
    const run = engine.citebot.run.bind(engine.citebot);
    engine.citebot.run = (command, args) => {
      deferralsSeenByEngine.push(fake.calls.filter((call) => call.route === '/interactions/:id/:token/callback').length);
      return run(command, args);
    };
    const { token } = fake.sendSlashCommand('ask', { question: 'Combien de jours de congés payés par an ?' });
    const callback = await fake.waitForCall((call) => call.route === '/interactions/:id/:token/callback' && call.params.token === token && call.status === 204);
    assert.equal(callback.body.type, 5, 'DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE first');
    const edit = await fake.waitForCall((call) => call.route === '/webhooks/:app/:token/messages/:message' && call.params.token === token);
    assert.match(JSON.stringify(edit.body.embeds ?? edit.body), /congés payés/);
    assert.deepEqual(deferralsSeenByEngine, [1], 'the deferral reached Discord before the engine ran');
  });
});
