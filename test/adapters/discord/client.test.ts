/**
 * The bot's REST: requests to interaction webhooks (without the bot token) go through a REST of their
 * own, so they do not take discord.js's global budget of 50 requests a second, which Discord does not
 * apply to interaction endpoints; requests with the bot token still do. Against the fake Discord.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Routes } from 'discord.js';
import { BotRest, createDiscordClient } from '../../../src/adapters/discord/client.ts';
import { FakeDiscord } from '../../fakes/discord/server.ts';

describe('Discord client: interaction webhooks outside the bot’s global REST budget', () => {
  const closing: (() => Promise<void>)[] = [];
  after(async () => {
    for (const close of closing) await close();
  });

  it('a deferred reply’s edit and follow-up go through the webhooks’ REST; a channel message through the bot’s', async () => {
    const fake = await FakeDiscord.start();
    closing.push(() => fake.close());
    const rest = new BotRest({ api: fake.apiUrl, retries: 0 });
    rest.setToken(fake.token);
    closing.push(async () => rest.clearHandlerSweeper());
    const { id, token } = fake.sendSlashCommand('ask', { question: 'Roumanie OTAN' });

    await rest.post(Routes.interactionCallback(id, token), { body: { type: 5 }, auth: false });
    await rest.patch(Routes.webhookMessage(fake.ids.app, token, '@original'), { body: { content: 'the answer' }, auth: false });
    await rest.post(Routes.webhook(fake.ids.app, token), { body: { content: 'its second part' }, auth: false });
    assert.equal(fake.originalResponse(token)?.content, 'the answer');
    assert.equal(fake.followups(token).length, 1);
    assert.equal(rest.globalReset, -1, 'nothing counted against the bot’s global budget');
    assert.equal(rest.globalRemaining, rest.options.globalRequestsPerSecond);
    assert.notEqual(rest.interactionWebhooks.globalReset, -1, 'the webhooks’ REST counted them');
    assert.ok(rest.interactionWebhooks.options.globalRequestsPerSecond > 1000, 'with no budget of 50 a second of its own');

    await rest.post(Routes.channelMessages(fake.ids.channel), { body: { content: 'a mention’s answer' } });
    assert.notEqual(rest.globalReset, -1, 'a request with the bot token counts');
    assert.equal(rest.globalRemaining, rest.options.globalRequestsPerSecond - 1);
  });

  it('the adapter’s client uses it', async () => {
    const client = createDiscordClient({ apiUrl: 'http://127.0.0.1:9/api' });
    closing.push(() => client.destroy());
    assert.ok(client.rest instanceof BotRest);
  });
});
