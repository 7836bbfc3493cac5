// Several citebot processes (`npm start`, the real Bolt) on one PostgreSQL, against the fake Slack
// spreading events over their Socket Mode connections: no question answered twice, a retry reaching
// the other replica answered once, a briefing posted once, a published build picked up by both, a
// database restart and a killed replica survived.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { FAKE_BOT_USER_ID, FakeSlack, waitFor, type ApiCall } from '../fakes/slack/fake-slack.ts';
import { randomUUID } from 'node:crypto';
import { ACTION_IDS } from '../../src/adapters/slack/render.ts';
import { findButton, quoteSections } from '../adapters/slack/harness.ts';
import { killAll, makeWorkspace, runBuildScript, startCitebot, type NodeProcess, type Workspace } from '../main/citebot-process.ts';
import { skipReason, testDatabase, type TestDatabase } from '../helpers/postgres.ts';

const database = await testDatabase();

const QUESTIONS = [
  "Combien d'entreprises ont participé au forum ?",
  'Mark Rutte',
  'OTAN Roumanie défense sécurité',
  'production de munitions',
];
const LOAD_CHANNEL = 'C0LOAD';
const BRIEF_CHANNEL = 'C0BRIEF';
const WAIT_MS = 120_000;

describe('replicas on one PostgreSQL, Slack Socket Mode spread over their connections', { skip: skipReason, timeout: 900_000 }, () => {
  let db: TestDatabase;
  let workspace: Workspace;
  let slack: FakeSlack;
  let env: Record<string, string>;
  const replicas: NodeProcess[] = [];
  let admin: pg.Pool;

  function startReplica(name: string): NodeProcess {
    const replica = startCitebot({ ...env, DATA_DIR: join(workspace.dir, `data-${name}`) });
    replicas.push(replica);
    return replica;
  }

  /** Answers posted in the load channel, by the ts of the question they answer. */
  function answersIn(channel: string): Map<string, ApiCall[]> {
    const byQuestion = new Map<string, ApiCall[]>();
    for (const call of slack.callsOf('chat.postMessage')) {
      if (call.args.channel !== channel || typeof call.args.thread_ts !== 'string') continue;
      byQuestion.set(call.args.thread_ts, [...(byQuestion.get(call.args.thread_ts) ?? []), call]);
    }
    return byQuestion;
  }

  function mention(text: string, channel = LOAD_CHANNEL, eventId?: string, retryAttempt?: number) {
    const ts = slack.nextTs();
    const sent = slack.event({ event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${text}`, ts, channel }, ...(eventId ? { eventId } : {}), ...(retryAttempt ? { retryAttempt } : {}) });
    return { ts, ...sent };
  }

  /** No scheduled time of the briefing was posted twice, by one replica or by both. */
  function assertBriefingsOnce(): void {
    const posted = replicas.flatMap((replica) => replica.logs.filter((line) => line.msg === 'briefing posted').map((line) => String(line.scheduledFor)));
    assert.equal(new Set(posted).size, posted.length, `a scheduled time posted twice: ${posted.join(', ')}`);
  }

  function assertNoDuplicate(channel = LOAD_CHANNEL): void {
    for (const [ts, posts] of answersIn(channel)) assert.equal(posts.length, 1, `the question of ${ts} was answered ${posts.length} times`);
  }

  before(async () => {
    db = database!;
    workspace = await makeWorkspace();
    slack = await FakeSlack.start();
    slack.delivery = 'one';
    await writeFile(
      join(workspace.dir, 'briefings.yml'),
      `briefings:\n  - name: every-minute\n    platform: slack\n    channel: ${BRIEF_CHANNEL}\n    topics: [OTAN]\n    schedule: "* * * * *"\n    items: 1\n`,
    );
    env = {
      ...workspace.env,
      INDEX_BACKEND: 'postgres',
      DATABASE_URL: db.url,
      GENERATION_GRACE_MINUTES: '0',
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_APP_TOKEN: 'xapp-replicas',
      SLACK_API_URL: slack.apiUrl,
      RATE_LIMIT_USER: 'off',
      RATE_LIMIT_CHANNEL: 'off',
      LOG_FORMAT: 'json',
    };
    admin = new pg.Pool({ connectionString: db.url, max: 1 });
    admin.on('error', () => undefined);
  });

  after(async () => {
    killAll();
    await admin?.end().catch(() => undefined);
    await slack?.close();
    await workspace?.close();
    await db?.close();
  });

  it('starts two replicas: the first publishes the first generation, the second loads it', async () => {
    const a = startReplica('a');
    await a.waitForLog((line) => line.msg === 'platform started' && line.platform === 'slack', 'replica a on Slack', WAIT_MS);
    await waitFor(() => slack.connectedSockets === 1, 'replica a connected', WAIT_MS);
    const b = startReplica('b');
    await b.waitForLog((line) => line.msg === 'platform started' && line.platform === 'slack', 'replica b on Slack', WAIT_MS);
    await waitFor(() => slack.connectedSockets === 2, 'replica b connected', WAIT_MS);
    assert.ok(a.logs.some((line) => line.msg === 'generation published'));
    assert.ok(!b.logs.some((line) => line.msg === 'generation published'), 'the second replica serves the generation the first published');
    const generations = await admin.query('SELECT count(*)::int AS n FROM citebot_generations');
    assert.equal(generations.rows[0].n, 1);
  });

  it('answers 100 questions between them, none twice, even with 20 of them retried to the other replica', async () => {
    const sent = Array.from({ length: 100 }, (_, index) => mention(QUESTIONS[index % QUESTIONS.length]!));
    // Slack retries an event it thinks was lost; the retry reaches the other connection.
    for (const question of sent.slice(0, 20)) {
      const first = slack.acks.find((ack) => ack.envelope_id === question.envelopeId)?.connection;
      slack.nextConnection = first === undefined ? 1 : first === 0 ? 1 : 0;
      const text = QUESTIONS[sent.indexOf(question) % QUESTIONS.length]!;
      slack.event({ event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${text}`, ts: question.ts, channel: LOAD_CHANNEL }, eventId: question.eventId, retryAttempt: 1 });
    }
    await waitFor(() => sent.every((question) => answersIn(LOAD_CHANNEL).has(question.ts)), 'the 100 answers', WAIT_MS * 2);
    // A barrier on each connection: once answered, every retry sent before it has been handled.
    for (const connection of [0, 1]) {
      slack.nextConnection = connection;
      const barrier = mention('Mark Rutte');
      await waitFor(() => answersIn(LOAD_CHANNEL).has(barrier.ts), 'the barrier answer', WAIT_MS);
    }
    assertNoDuplicate();
    const answeredBy = new Set(sent.map((question) => slack.ackedBy(question.envelopeId)));
    assert.deepEqual([...answeredBy].sort(), [0, 1], 'both replicas took questions');
    for (const posts of answersIn(LOAD_CHANNEL).values()) assert.ok(quoteSections(posts[0]!.args).length > 0, 'an answer with passages');
  });

  it('answers once a retried event that reaches the second replica', async () => {
    slack.nextConnection = 0;
    const first = mention(QUESTIONS[0]!, 'C0RETRY');
    await waitFor(() => answersIn('C0RETRY').has(first.ts), 'the first delivery answered', WAIT_MS);
    slack.nextConnection = 1;
    const retry = slack.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${QUESTIONS[0]}`, ts: first.ts, channel: 'C0RETRY' },
      eventId: first.eventId,
      retryAttempt: 1,
    });
    slack.nextConnection = 1;
    const barrier = mention('Mark Rutte', 'C0RETRY');
    await waitFor(() => answersIn('C0RETRY').has(barrier.ts), 'the barrier answer', WAIT_MS);
    assert.equal(slack.ackedBy(retry.envelopeId), 1, 'the retry reached the second replica, which acked it');
    assert.equal(answersIn('C0RETRY').get(first.ts)?.length, 1, 'answered once');
    assert.ok(replicas[1]!.logs.some((line) => line.msg === 'Slack: re-delivered event skipped' && line.eventId === first.eventId));
  });

  it('continues a thread answered by one replica when the follow-up reaches the other', async () => {
    slack.nextConnection = 0;
    const question = mention('Combien d\'entreprises ont participé au forum ?', 'C0THREAD');
    await waitFor(() => answersIn('C0THREAD').get(question.ts), 'the answer in the thread', WAIT_MS);
    // The first replica records the thread just after answering (a person takes longer to reply).
    for (let found = false; !found; ) {
      found = (await admin.query('SELECT 1 FROM citebot_conversations WHERE key LIKE $1', [`%${question.ts}%`])).rowCount === 1;
      if (!found) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A reply in the thread, without a mention, reaching the second replica.
    slack.nextConnection = 1;
    const reply = slack.event({
      event: { type: 'message', channel_type: 'channel', channel: 'C0THREAD', user: 'U0ALICE', text: 'et les participants ?', ts: slack.nextTs(), thread_ts: question.ts },
    });
    const [, followUp] = await waitFor(() => {
      const posts = answersIn('C0THREAD').get(question.ts) ?? [];
      return posts.length >= 2 ? posts : undefined;
    }, 'the follow-up answered by the second replica', WAIT_MS);
    assert.equal(slack.ackedBy(reply.envelopeId), 1);
    assert.match(JSON.stringify(followUp!.args), /Suite de|Following up/, 'answered as a follow-up of the first question');
  });

  it('handles once a button click delivered to both replicas', async () => {
    slack.nextConnection = 0;
    const question = mention('OTAN Roumanie défense sécurité', 'C0CLICK');
    const [answer] = await waitFor(() => answersIn('C0CLICK').get(question.ts), 'the answer with buttons', WAIT_MS);
    const more = findButton(answer!.args, ACTION_IDS.more);
    assert.ok(more, 'a More button');
    const payload = slack.blockActionPayload({
      actionId: ACTION_IDS.more,
      value: more.value,
      channel: 'C0CLICK',
      message: { type: 'message', ts: slack.nextTs(), thread_ts: question.ts, user: FAKE_BOT_USER_ID, blocks: answer!.args.blocks },
      responseUrl: slack.newResponseUrl(),
    });
    const envelopes = [0, 1].map((connection) => {
      slack.nextConnection = connection;
      const envelopeId = randomUUID();
      slack.sendEnvelope({ envelope_id: envelopeId, type: 'interactive', accepts_response_payload: false, payload });
      return envelopeId;
    });
    await waitFor(() => (answersIn('C0CLICK').get(question.ts)?.length ?? 0) >= 2, 'the next passages', WAIT_MS);
    for (const connection of [0, 1]) {
      slack.nextConnection = connection;
      const barrier = mention('Mark Rutte', 'C0CLICK');
      await waitFor(() => answersIn('C0CLICK').has(barrier.ts), 'the barrier answer', WAIT_MS);
    }
    assert.equal(answersIn('C0CLICK').get(question.ts)?.length, 2, 'the answer and one page of "More", not two');
    assert.deepEqual(envelopes.map((id) => slack.ackedBy(id)).sort(), [0, 1], 'both deliveries acknowledged');
  });

  it('posts a briefing due while both replicas run exactly once', async () => {
    const bothRunning = Date.now();
    let posted: Date | undefined;
    const deadline = Date.now() + WAIT_MS;
    while (!posted) {
      assert.ok(Date.now() < deadline, 'no briefing run posted after both replicas started');
      const runs = await admin.query<{ scheduled_for: Date }>("SELECT scheduled_for FROM citebot_briefing_runs WHERE status = 'posted' AND scheduled_for > $1 ORDER BY scheduled_for", [new Date(bothRunning)]);
      posted = runs.rows[0]?.scheduled_for;
      if (!posted) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const scheduledFor = posted.toISOString();
    const postedBy = (replica: NodeProcess) => replica.logs.filter((line) => line.msg === 'briefing posted' && line.briefing === 'every-minute' && line.scheduledFor === scheduledFor).length;
    await waitFor(() => replicas.some((replica) => postedBy(replica) > 0), 'the posting replica\'s log', WAIT_MS);
    // The other replica either found the run taken, or found it already posted when it looked: it never posts it.
    assert.deepEqual(replicas.map(postedBy).sort(), [0, 1], 'posted by one replica, once');
    assertBriefingsOnce();
  });

  it('picks up a build published while they serve, on both replicas', async () => {
    await mkdir(workspace.corpusDir, { recursive: true });
    await writeFile(join(workspace.corpusDir, 'zz-petanque.md'), '# Pétanque\n\nLe club de pétanque de Lunel compte 4812 licenciés.\n');
    const build = runBuildScript(env);
    const exit = await build.waitForExit('npm run build', WAIT_MS);
    assert.equal(exit.code, 0, build.stderr);
    const buildId = (await admin.query('SELECT g.build_id FROM citebot_serving s JOIN citebot_generations g ON g.id = s.generation')).rows[0].build_id as string;
    for (const replica of replicas) await replica.waitForLog((line) => line.msg === 'switched to the new index build' && line.build === buildId, 'the switch', WAIT_MS);
    for (const connection of [0, 1]) {
      slack.nextConnection = connection;
      const question = mention('Combien de licenciés au club de pétanque de Lunel ?', 'C0NEWBUILD');
      const [answer] = await waitFor(() => answersIn('C0NEWBUILD').get(question.ts), 'the answer from the new build', WAIT_MS);
      assert.match(JSON.stringify(answer!.args.blocks), /4812 licenciés/);
    }
    assert.equal((await admin.query('SELECT count(*)::int AS n FROM citebot_generations')).rows[0].n, 1, 'the replaced generation was pruned (grace 0)');
  });

  it('answers (or says to try again) through a database restart mid-load, and nothing hangs', async () => {
    const sent = Array.from({ length: 40 }, (_, index) => mention(QUESTIONS[index % QUESTIONS.length]!, 'C0DBRESTART'));
    await waitFor(() => answersIn('C0DBRESTART').size >= 5, 'the first answers', WAIT_MS);
    await db.stop();
    // While the database is down: the index is in memory, and a delivery that cannot be claimed is answered here.
    const whileDown = Array.from({ length: 20 }, (_, index) => mention(QUESTIONS[index % QUESTIONS.length]!, 'C0DBRESTART'));
    await waitFor(() => whileDown.every((question) => answersIn('C0DBRESTART').has(question.ts)), 'the questions asked while the database is down', WAIT_MS);
    await db.start();
    const more = Array.from({ length: 20 }, (_, index) => mention(QUESTIONS[index % QUESTIONS.length]!, 'C0DBRESTART'));
    await waitFor(() => [...sent, ...whileDown, ...more].every((question) => answersIn('C0DBRESTART').has(question.ts)), 'every question answered', WAIT_MS * 2);
    assertNoDuplicate('C0DBRESTART');
    assert.ok(
      replicas.some((replica) => replica.logs.some((line) => line.msg === 'the database could not be reached to claim a delivery; handling it here')),
      'claims fell back to the replica while the database was down',
    );
    // The LISTEN connections come back: a build published after the restart is picked up by both.
    await writeFile(join(workspace.corpusDir, 'zz-boules.md'), '# Boules\n\nLe concours de boules de Sète réunit 777 équipes.\n');
    const build = runBuildScript(env);
    assert.equal((await build.waitForExit('npm run build', WAIT_MS)).code, 0, build.stderr);
    const buildId = (await admin.query('SELECT g.build_id FROM citebot_serving s JOIN citebot_generations g ON g.id = s.generation')).rows[0].build_id as string;
    for (const replica of replicas) await replica.waitForLog((line) => line.msg === 'switched to the new index build' && line.build === buildId, 'the switch after the restart', WAIT_MS);
  });

  it('answers the rest with the other replica when one is killed mid-load', async () => {
    const [a] = replicas;
    const before = Array.from({ length: 80 }, (_, index) => mention(QUESTIONS[index % QUESTIONS.length]!, 'C0KILL'));
    await waitFor(() => answersIn('C0KILL').size >= 5, 'the first answers', WAIT_MS);
    a!.child.kill('SIGKILL');
    await a!.waitForExit('replica a killed', WAIT_MS).catch(() => undefined);
    await waitFor(() => slack.connectedSockets === 1, 'replica a gone from Slack', WAIT_MS);
    const afterKill = Array.from({ length: 20 }, (_, index) => mention(QUESTIONS[index % QUESTIONS.length]!, 'C0KILL'));
    await waitFor(() => afterKill.every((question) => answersIn('C0KILL').has(question.ts)), 'the questions after the kill answered', WAIT_MS);
    // Of those sent before, only what replica a had acknowledged and not yet answered may be lost (as with Slack).
    const lost = before.filter((question) => !answersIn('C0KILL').has(question.ts));
    for (const question of lost) assert.equal(slack.ackedBy(question.envelopeId), 0, 'a lost question had been taken by the killed replica');
    assertNoDuplicate('C0KILL');
    // Briefings went on through all of the above (one a minute): still never twice.
    assertBriefingsOnce();
  });
});
