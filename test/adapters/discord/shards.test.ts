// Discord shards split across replicas: DISCORD_SHARD_COUNT and DISCORD_SHARDS, each replica
// identifying only its own shards (against the fake Discord gateway, with the real discord.js).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { startDiscord, shardsOf } from '../../../src/adapters/discord/start.ts';
import type { RunningAdapter } from '../../../src/adapters/shared/running-adapter.ts';
import { ConfigError, parseConfig } from '../../../src/config.ts';
import { FakeDiscord } from '../../fakes/discord/server.ts';
import { makeTestCitebot, type TestCitebot } from '../../helpers/citebot.ts';

describe('Discord shards across replicas', () => {
  const adapters: RunningAdapter[] = [];
  let fake: FakeDiscord | null = null;
  let engine: TestCitebot | null = null;
  after(async () => {
    for (const adapter of adapters) await adapter.stop();
    await fake?.close();
    await engine?.close();
  });

  it('reads DISCORD_SHARD_COUNT and DISCORD_SHARDS, and refuses a shard out of range', () => {
    assert.equal(shardsOf(parseConfig({})), undefined, 'unset: discord.js decides');
    assert.deepEqual(shardsOf(parseConfig({ DISCORD_SHARD_COUNT: '3' })), { ids: [0, 1, 2], count: 3 });
    assert.deepEqual(shardsOf(parseConfig({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '3, 1' })), { ids: [1, 3], count: 4 });
    assert.throws(() => parseConfig({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '2' }), (error: Error) => error instanceof ConfigError && /DISCORD_SHARDS: shard 2 is not below DISCORD_SHARD_COUNT/.test(error.message));
    assert.throws(() => parseConfig({ DISCORD_SHARDS: '0' }), /DISCORD_SHARD_COUNT: required when DISCORD_SHARDS is set/);
    assert.throws(() => parseConfig({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: 'one' }), /DISCORD_SHARDS/);
  });

  it('two replicas each identify their own shard of two', async () => {
    engine = await makeTestCitebot();
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
    const log = pino({ level: 'silent' });
    for (const shard of ['0', '1']) {
      const config = parseConfig({
        ...Object.fromEntries(Object.entries(engine.config).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : typeof value === 'object' ? undefined : String(value)])),
        RATE_LIMIT_USER: 'off',
        RATE_LIMIT_CHANNEL: 'off',
        DISCORD_TOKEN: fake.token,
        DISCORD_APP_ID: fake.ids.app,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_SHARD_COUNT: '2',
        DISCORD_SHARDS: shard,
      });
      adapters.push(await startDiscord({ citebot: engine.citebot, log, config, registerCommands: false }));
    }
    const identified = fake.gatewayReceived.filter((payload) => payload.op === 2).map((payload) => (payload.d as { shard?: number[] }).shard);
    assert.deepEqual(identified.sort(), [
      [0, 2],
      [1, 2],
    ]);
    assert.equal(fake.openSessions, 2);
  });
});
