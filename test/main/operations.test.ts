// `npm start` with operations on: /healthz and /metrics on METRICS_PORT (Socket Mode) and on PORT
// (Slack HTTP mode), their counters checked against the questions sent; citebot.yml edited while
// running takes effect without a restart.
import assert from 'node:assert/strict';
import { writeFile, utimes } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { FakeSlack, waitFor } from '../fakes/slack/fake-slack.ts';
import { postSigned } from '../fakes/slack/signing.ts';
import { killAll, makeWorkspace, startCitebot, type Workspace } from './citebot-process.ts';

const QUESTION = "Combien d'entreprises ont participé au forum ?";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The value of citebot_questions_total for slack /ask and one outcome. */
function questions(metrics: string, outcome: string): number {
  return Number(new RegExp(`citebot_questions_total\\{platform="slack",command="ask",outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
}

describe('npm start: health, metrics and citebot.yml reload', { timeout: 180_000 }, () => {
  let workspace: Workspace;
  let slack: FakeSlack;

  beforeEach(async () => {
    workspace = await makeWorkspace();
    slack = await FakeSlack.start();
  });
  afterEach(async () => {
    killAll();
    await slack?.close();
    await workspace?.close();
  });
  after(killAll);

  it('Socket Mode with METRICS_PORT: /healthz and /metrics count what was sent; an edit of citebot.yml applies without a restart', async () => {
    const policyFile = join(workspace.dir, 'citebot.yml');
    await writeFile(policyFile, 'access:\n  slackUsers: [U0ALICE]\n');
    const bot = startCitebot({
      ...workspace.env,
      SLACK_BOT_TOKEN: 'xoxb-ops-test',
      SLACK_APP_TOKEN: 'xapp-ops-test',
      SLACK_API_URL: slack.apiUrl,
      CITEBOT_FILE: policyFile,
      METRICS_PORT: '0',
    });
    const listening = await bot.waitForLog((line) => line.msg === 'GET /healthz and /metrics listening', 'the ops server');
    const base = `http://127.0.0.1:${String(listening.port)}`;
    await bot.waitForLog((line) => line.msg === 'platform started' && line.platform === 'slack', 'slack started');
    await bot.waitFor(() => slack.connectedSockets === 1, 'the Socket Mode connection');

    const ask = async (user: string) => {
      const sent = slack.slashCommand({ command: '/ask', text: QUESTION, user });
      return waitFor(() => slack.responsesTo(sent.responseUrl)[0], `the reply to ${user}`, 30_000);
    };
    const allowed = await ask('U0ALICE');
    assert.ok(Array.isArray(allowed.blocks), 'Alice is answered');
    assert.match(JSON.stringify(allowed.blocks), /355 entreprises/);
    const refused = await ask('U0BOB');
    assert.equal(refused.response_type, 'ephemeral');
    assert.match(String(refused.text), /not among the people allowed/);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.equal(questions(metrics, 'answered') + questions(metrics, 'declined'), 1);
    assert.equal(questions(metrics, 'refused'), 1);
    assert.match(metrics, /citebot_answer_seconds_count\{platform="slack",command="ask"\} 1/);
    assert.match(metrics, /citebot_index_passages [1-9]/);
    assert.match(metrics, /citebot_embedding_mode\{mode="lexical-only"\} 1/);
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    const report = (await health.json()) as { ok: boolean; mode: string; platforms: Record<string, string>; index: { passages: number; readable: boolean } };
    assert.deepEqual({ ok: report.ok, mode: report.mode, platforms: report.platforms }, { ok: true, mode: 'slack socket', platforms: { slack: 'connected' } });
    assert.ok(report.index.readable && report.index.passages > 0);
    assert.equal((await fetch(`${base}/nothing`)).status, 404);

    // Now Bob only: the edit is picked up by the running process.
    const reloadsBefore = bot.logs.filter((line) => line.msg === 'citebot.yml reloaded').length;
    await writeFile(policyFile, 'access:\n  slackUsers: [U0BOB]\n');
    await utimes(policyFile, new Date(), new Date(Date.now() + 5000));
    await bot.waitFor(() => bot.logs.filter((line) => line.msg === 'citebot.yml reloaded').length > reloadsBefore, 'the reload');
    assert.ok(Array.isArray((await ask('U0BOB')).blocks), 'Bob is answered now');
    assert.match(String((await ask('U0ALICE')).text), /not among the people allowed/, 'Alice is refused now');
    const after = await (await fetch(`${base}/metrics`)).text();
    assert.equal(questions(after, 'answered') + questions(after, 'declined'), 2);
    assert.equal(questions(after, 'refused'), 2);

    const exit = await bot.stopWith('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null }, bot.stderr);
  });

  it('Slack HTTP mode: /healthz and /metrics are served on PORT next to the signed events', async () => {
    const port = await freePort();
    const secret = 'ops-signing-secret';
    const bot = startCitebot({
      ...workspace.env,
      SLACK_BOT_TOKEN: 'xoxb-ops-test',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
    });
    await bot.waitForLog((line) => line.msg === 'platform started' && line.platform === 'slack', 'slack started');
    const base = `http://127.0.0.1:${port}`;
    const responseUrl = slack.newResponseUrl();
    const form = new URLSearchParams(slack.slashCommandPayload({ command: '/ask', text: QUESTION, responseUrl })).toString();
    assert.equal((await postSigned(`${base}/slack/events`, form, { secret })).status, 200);
    const answer = await waitFor(() => slack.responsesTo(responseUrl)[0], 'the answer', 30_000);
    assert.match(JSON.stringify(answer.blocks), /355 entreprises/);

    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    const report = (await health.json()) as { mode: string; platforms: Record<string, string> };
    assert.equal(report.mode, 'slack http');
    assert.deepEqual(report.platforms, { slack: 'connected' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.equal(questions(metrics, 'answered') + questions(metrics, 'declined'), 1);
    assert.match(metrics, /citebot_platform_connected\{platform="slack"\} 1/);

    const exit = await bot.stopWith('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null }, bot.stderr);
  });
});
