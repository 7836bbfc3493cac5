/**
 * Issue 12 on Slack, with the real Bolt against the fake Slack: thread follow-ups (with context, a new
 * topic, after a restart), citebot.yml scope and refusals, rate limits, the busy path, and /metrics.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parsePolicy } from '../../../src/access/load.ts';
import { createOperations, type Operations } from '../../../src/adapters/shared/operations.ts';
import { Metrics } from '../../../src/ops/metrics.ts';
import { opsHandler, startOpsServer } from '../../../src/ops/health.ts';
import { FAKE_BOT_USER_ID, waitFor } from '../../fakes/slack/fake-slack.ts';
import { startHarness, type Harness } from './harness.ts';

const corpus = {
  'rh/conges.md':
    '# Congés payés\n\nChaque salarié acquiert 25 jours de congés payés par an. Les congés payés de 2024 non pris se reportent jusqu’au 31 mai 2025.\n\nLa demande de congés passe par le responsable d’équipe dans l’outil de gestion des temps.\n',
  'it/vpn.md': '# VPN\n\nPour configurer le VPN, installez le client WireGuard puis importez le profil de connexion fourni par le support informatique.\n',
  'it/imprimantes.md': '# Imprimantes\n\nLes imprimantes du troisième étage acceptent les badges. Le toner se commande auprès du support informatique.\n',
};

const posts = (h: Harness, since: number) => h.fake.calls.slice(since).filter((call) => call.method === 'chat.postMessage');
const ephemerals = (h: Harness, since: number) => h.fake.calls.slice(since).filter((call) => call.method === 'chat.postEphemeral');
const textOf = (args: Record<string, unknown>) => `${String(args.text)}\n${JSON.stringify(args.blocks ?? [])}`;

async function mention(h: Harness, text: string, options: { channel?: string; user?: string; threadTs?: string } = {}) {
  const ts = h.fake.nextTs();
  h.fake.event({
    event: {
      type: 'app_mention',
      user: options.user ?? 'U0ALICE',
      text: `<@${FAKE_BOT_USER_ID}> ${text}`,
      ts,
      channel: options.channel ?? 'C0GENERAL',
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
  });
  return ts;
}

function threadReply(h: Harness, text: string, threadTs: string, options: { channel?: string; user?: string } = {}) {
  h.fake.event({
    event: { type: 'message', channel_type: 'channel', user: options.user ?? 'U0ALICE', text, ts: h.fake.nextTs(), thread_ts: threadTs, channel: options.channel ?? 'C0GENERAL' },
  });
}

describe('Slack: thread follow-ups', () => {
  let h: Harness;
  const dataDir = mkdtemp(join(tmpdir(), 'citebot-conv-'));
  after(async () => {
    await h?.close();
    await rm(await dataDir, { recursive: true, force: true });
  });

  it('answers a reply in the thread of its answer, without a mention, with the earlier question as context, and says so', async () => {
    h = await startHarness({ corpus, dataDir: await dataDir });
    await h.fake.socketConnected();
    const since = h.fake.calls.length;
    const root = await mention(h, 'Combien de jours de congés payés par an ?');
    const first = await waitFor(() => posts(h, since)[0], 'the first answer');
    assert.equal(first.args.thread_ts, root);
    assert.match(textOf(first.args), /conges\.md/);

    const before = h.fake.calls.length;
    threadReply(h, 'et en 2024 ?', root);
    const second = await waitFor(() => posts(h, before)[0], 'the follow-up answer');
    assert.equal(second.args.thread_ts, root);
    assert.match(textOf(second.args), /↳ Suite de « Combien de jours de congés payés par an \? »/);
    const run = h.runs.at(-1)!;
    assert.deepEqual(run.args.previous, ['Combien de jours de congés payés par an ?']);
    assert.match(textOf(second.args), /2024/);
  });

  it('answers a new topic in the same thread as new', async () => {
    const root = String(posts(h, 0)[0]!.args.thread_ts);
    const before = h.fake.calls.length;
    threadReply(h, 'Comment configurer le client VPN WireGuard ?', root);
    const answer = await waitFor(() => posts(h, before)[0], 'the new-topic answer');
    assert.doesNotMatch(textOf(answer.args), /↳/);
    assert.match(textOf(answer.args), /vpn\.md/);
  });

  it('ignores replies in threads where it has not answered, and other threads never share memory', async () => {
    const before = h.fake.calls.length;
    threadReply(h, 'et en 2024 ?', h.fake.nextTs());
    const other = await mention(h, 'et en 2024 ?');
    await waitFor(() => posts(h, before)[0], 'the mention in another thread');
    assert.equal(posts(h, before).length, 1, 'only the mention was answered');
    assert.equal(h.runs.at(-1)!.args.previous, undefined, 'a new thread has no earlier question');
    assert.equal(posts(h, before)[0]!.args.thread_ts, other);
  });

  it('leaves a thanks in its thread to the people there, but answers a question sent to the channel too', async () => {
    const root = String(posts(h, 0)[0]!.args.thread_ts);
    const before = h.fake.calls.length;
    const runs = h.runs.length;
    threadReply(h, 'Merci beaucoup !', root);
    h.fake.event({
      event: { type: 'message', subtype: 'thread_broadcast', channel_type: 'channel', user: 'U0ALICE', text: 'Comment configurer le VPN ?', ts: h.fake.nextTs(), thread_ts: root, channel: 'C0GENERAL' },
    });
    const answer = await waitFor(() => posts(h, before)[0], 'the answer to the broadcast reply');
    assert.match(textOf(answer.args), /vpn\.md/);
    assert.equal(posts(h, before).length, 1, 'the thanks got no reply');
    assert.equal(h.runs.length, runs + 1, 'only the question reached the engine');
  });

  it('still follows up after a restart (memory in DATA_DIR)', async () => {
    const root = String(posts(h, 0)[0]!.args.thread_ts);
    await h.close();
    h = await startHarness({ corpus, dataDir: await dataDir });
    await h.fake.socketConnected();
    // The fake is new too (its ts count starts again): move past the thread's own ts.
    for (let i = 0; i < 20; i += 1) h.fake.nextTs();
    const before = h.fake.calls.length;
    threadReply(h, 'et pour le VPN ?', root);
    const answer = await waitFor(() => posts(h, before)[0], 'the follow-up after a restart');
    assert.match(textOf(answer.args), /↳ Suite de/);
    assert.ok((h.runs.at(-1)!.args.previous ?? []).length >= 1);
  });
});

describe('Slack: citebot.yml scope, refusals, limits, busy, metrics', () => {
  const harnesses: Harness[] = [];
  after(async () => {
    for (const h of harnesses) await h.close();
  });
  const policy = parsePolicy(
    {
      channels: [{ name: 'rh', platform: 'slack', id: 'C0RH', folders: ['rh'], language: 'fr' }],
      access: { slackUsers: ['U0ALICE', 'U0BOB'] },
    },
    'citebot.yml',
  );

  it('a scoped channel answers from its folders only, even when the best passage lies outside', async () => {
    const h = await startHarness({ corpus, operations: (config) => createOperations(config, { policy: () => policy }) });
    harnesses.push(h);
    await h.fake.socketConnected();
    const question = 'Comment configurer le client VPN WireGuard ?';
    const unscoped = await h.citebot.run('ask', { text: question });
    assert.ok(unscoped.kind === 'answer' && unscoped.passages[0]?.source.file === 'it/vpn.md', 'unscoped, the best passage is in it/');
    const since = h.fake.calls.length;
    await mention(h, question, { channel: 'C0RH' });
    const answer = await waitFor(() => posts(h, since)[0], 'the scoped answer');
    assert.doesNotMatch(textOf(answer.args), /vpn\.md|imprimantes\.md/);
    assert.deepEqual(h.runs.at(-1)!.args.folders, ['rh']);
    const scoped = await h.citebot.run('ask', { text: 'support informatique congés', folders: ['rh'] });
    assert.ok(scoped.kind === 'answer');
    for (const passage of scoped.passages) assert.ok(passage.source.file.startsWith('rh/'), passage.source.file);
  });

  it('refuses a user not allowed: a slash command is told privately why, a mention gets no reply at all', async () => {
    const h = harnesses[0]!;
    const since = h.fake.calls.length;
    const { responseUrl } = h.fake.slashCommand({ command: '/ask', text: 'congés payés', user: 'U0MALLORY' });
    const [refusal] = await waitFor(() => (h.fake.responsesTo(responseUrl).length > 0 ? h.fake.responsesTo(responseUrl) : null), 'the refusal');
    assert.equal(refusal!.response_type, 'ephemeral');
    assert.match(String(refusal!.text), /not among the people allowed/);
    const runs = h.runs.length;
    await mention(h, 'congés payés', { user: 'U0MALLORY' });
    await mention(h, 'congés payés', { user: 'U0BOB' });
    await waitFor(() => posts(h, since).length >= 1, 'the allowed user’s answer');
    assert.equal(posts(h, since).length, 1, 'only the allowed user was answered');
    assert.equal(ephemerals(h, since).length, 0, 'the refused mention got nothing, not even privately');
    assert.equal(h.runs.length, runs + 1);
  });

  it('a limited user is told privately when to ask again, once per window', async () => {
    const h = await startHarness({ corpus, env: { RATE_LIMIT_USER: '2/3600' } });
    harnesses.push(h);
    await h.fake.socketConnected();
    const since = h.fake.calls.length;
    for (let i = 0; i < 4; i += 1) await mention(h, `congés payés ${i}`);
    await waitFor(() => posts(h, since).length >= 2 && ephemerals(h, since).length >= 1, 'two answers and one notice');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(posts(h, since).length, 2);
    const notices = ephemerals(h, since);
    assert.equal(notices.length, 1, 'told once, not once per message');
    assert.match(String(notices[0]!.args.text), /ask again in \d+ s|Reposez votre question dans \d+ s/);
  });

  it('past the queue, questions are turned away with "busy, try again in N s"; every command is acked and answered or turned away', async () => {
    const metrics = new Metrics({ queueDepth: () => 0, index: () => null });
    let ops: Operations | null = null;
    const h = await startHarness({
      corpus,
      env: { ENGINE_CONCURRENCY: '1', ENGINE_QUEUE: '2' },
      operations: async (config) => (ops = await createOperations(config, { metrics })),
    });
    harnesses.push(h);
    await h.fake.socketConnected();
    // The one engine slot is taken until released, so that the queue fills deterministically.
    let release = () => {};
    const held = ops!.queue.submit(() => new Promise<void>((resolve) => (release = resolve)));
    const server = await startOpsServer(0, opsHandler(metrics, { platforms: () => ({ slack: h.adapter.connected?.() ?? false }), index: () => h.citebot.indexInfo?.() ?? null, indexReadable: async () => true, mode: () => 'slack socket' }), '127.0.0.1');
    try {
      const sent = Array.from({ length: 8 }, (_, i) => h.fake.slashCommand({ command: '/ask', text: `congés payés par an ${i}`, user: `U0USER${i}` }));
      await waitFor(() => ops!.queue.depth === 2 && h.fake.responses.length >= 6, 'two waiting and six turned away');
      release();
      await held;
      const bodies = await waitFor(() => {
        const all = sent.map(({ responseUrl }) => h.fake.responsesTo(responseUrl)[0]);
        return all.every(Boolean) ? all : null;
      }, 'every command answered or turned away');
      for (const { envelopeId } of sent) assert.ok(h.fake.acks.some((ack) => ack.envelope_id === envelopeId), 'acked');
      const busy = bodies.filter((body) => /busy|occupé/.test(String(body!.text)));
      const answered = bodies.filter((body) => Array.isArray(body!.blocks));
      assert.equal(busy.length + answered.length, 8);
      assert.equal(busy.length, 6, 'past the queue, turned away');
      assert.equal(answered.length, 2, 'the queued ones were answered, in order');
      for (const body of busy) assert.match(String(body!.text), /try again in \d+ s|réessayez dans \d+ s/);

      const metricsText = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      const count = (outcome: string) => Number(new RegExp(`citebot_questions_total\\{platform="slack",command="ask",outcome="${outcome}"\\} (\\d+)`).exec(metricsText)?.[1] ?? 0);
      assert.equal(count('answered') + count('declined'), answered.length);
      assert.equal(count('busy'), busy.length);
      assert.match(metricsText, /citebot_answer_seconds_bucket/);
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      assert.equal(health.status, 200);
      const report = (await health.json()) as { platforms: Record<string, string>; index: { passages: number } };
      assert.equal(report.platforms.slack, 'connected');
      assert.ok(report.index.passages > 0);
      await h.adapter.stop();
      assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 503, '503 once no platform is connected');
    } finally {
      await server.close();
    }
  });
});
