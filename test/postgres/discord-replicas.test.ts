// Two Discord replicas (the real discord.js, shards 0 and 1 of 2) sharing claims in PostgreSQL. The
// fake gateway dispatches every event to every session (it does not route guilds to shards), which
// is the worst case: each slash command, mention and button click reaches both, and is answered once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { startDiscord } from '../../src/adapters/discord/start.ts';
import { createOperations } from '../../src/adapters/shared/operations.ts';
import { PostgresClaims } from '../../src/adapters/shared/postgres-claims.ts';
import type { RunningAdapter } from '../../src/adapters/shared/running-adapter.ts';
import { parseConfig } from '../../src/config.ts';
import { openPool, type PgPool } from '../../src/index/postgres/pool.ts';
import { FakeDiscord } from '../fakes/discord/server.ts';
import { makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';
import { skipReason, testDatabase, type TestDatabase } from '../helpers/postgres.ts';

const database = await testDatabase();
type Json = Record<string, unknown>;

describe('Discord replicas sharing claims in PostgreSQL', { skip: skipReason, timeout: 300_000 }, () => {
  let db: TestDatabase;
  let engine: TestCitebot;
  let fake: FakeDiscord;
  const pools: PgPool[] = [];
  const adapters: RunningAdapter[] = [];

  before(async () => {
    db = database!;
    engine = await makeTestCitebot();
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
    const log = pino({ level: 'silent' });
    for (const shard of ['0', '1']) {
      const config = parseConfig({
        CORPUS_DIR: engine.config.CORPUS_DIR,
        INDEX_DIR: engine.config.INDEX_DIR,
        DATA_DIR: `${engine.dir}/data-${shard}`,
        LOG_LEVEL: 'silent',
        RATE_LIMIT_USER: 'off',
        RATE_LIMIT_CHANNEL: 'off',
        DISCORD_TOKEN: fake.token,
        DISCORD_APP_ID: fake.ids.app,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_SHARD_COUNT: '2',
        DISCORD_SHARDS: shard,
      });
      const pool = openPool(db.url);
      pools.push(pool);
      const operations = await createOperations(config, { claims: new PostgresClaims(pool, log) });
      adapters.push(await startDiscord({ citebot: engine.citebot, log, config, operations, registerCommands: false }));
    }
    assert.equal(fake.openSessions, 2);
  });

  after(async () => {
    for (const adapter of adapters) await adapter.stop();
    for (const pool of pools) await pool.end();
    await fake?.close();
    await engine?.close();
    await db?.close();
  });

  it('answers each slash command and each mention once, though both replicas receive them', async () => {
    const commands = Array.from({ length: 15 }, () => fake.sendSlashCommand('ask', { question: "Combien d'entreprises ont participé au forum ?" }));
    const mentions = Array.from({ length: 15 }, () => fake.sendMessage({ content: `<@${fake.ids.bot}> Mark Rutte` }));
    const callbacks = (token: string) => fake.calls.filter((call) => call.route === '/interactions/:id/:token/callback' && call.params.token === token);
    const replies = (id: string) => fake.allMessages().filter((message) => (message.message_reference as Json | undefined)?.message_id === id && (message.author as Json).bot === true);
    await fake.waitFor(() => commands.every(({ token }) => fake.calls.some((call) => call.params.token === token && call.method === 'PATCH')) || undefined, 60_000);
    await fake.waitFor(() => mentions.every((message) => replies(message.id as string).length > 0) || undefined, 60_000);
    // A barrier: one more of each, answered after everything sent before it was handled by both replicas.
    const barrier = fake.sendSlashCommand('ask', { question: 'Mark Rutte' });
    await fake.waitFor(() => fake.calls.some((call) => call.params.token === barrier.token && call.method === 'PATCH') || undefined, 60_000);
    for (const { token } of commands) assert.equal(callbacks(token).length, 1, 'one interaction callback');
    for (const message of mentions) assert.equal(replies(message.id as string).length, 1, 'one reply');
    const claimed = await pools[0]!.query<{ kind: string; n: number }>("SELECT kind, count(*)::int AS n FROM citebot_claims GROUP BY kind ORDER BY kind");
    assert.deepEqual(claimed.rows.map((row) => [row.kind, row.n]), [['discord-interaction', 16], ['discord-message', 15]]);
  });
});
