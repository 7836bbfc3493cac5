// Slack HTTP mode behind a load balancer: two citebot processes on one PostgreSQL, each on its own
// port; events spread over both, and a retry (X-Slack-Retry-Num, same event_id) sent to the other
// replica than the first delivery is answered once.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FAKE_BOT_USER_ID, FakeSlack, waitFor } from '../fakes/slack/fake-slack.ts';
import { postSigned } from '../fakes/slack/signing.ts';
import { killAll, makeWorkspace, startCitebot, type NodeProcess, type Workspace } from '../main/citebot-process.ts';
import { skipReason, testDatabase, type TestDatabase } from '../helpers/postgres.ts';

const database = await testDatabase();
const SECRET = 'replicas-signing-secret';
const WAIT_MS = 120_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('replicas in Slack HTTP mode on one PostgreSQL', { skip: skipReason, timeout: 600_000 }, () => {
  let db: TestDatabase;
  let workspace: Workspace;
  let slack: FakeSlack;
  const urls: string[] = [];
  const replicas: NodeProcess[] = [];

  before(async () => {
    db = database!;
    workspace = await makeWorkspace();
    slack = await FakeSlack.start();
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const replica = startCitebot({
        ...workspace.env,
        DATA_DIR: join(workspace.dir, `data-${name}`),
        INDEX_BACKEND: 'postgres',
        DATABASE_URL: db.url,
        SLACK_BOT_TOKEN: 'xoxb-http-replicas',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        RATE_LIMIT_USER: 'off',
        RATE_LIMIT_CHANNEL: 'off',
        LOG_FORMAT: 'json',
      });
      replicas.push(replica);
      // One after the other: the first publishes the generation, the second loads it.
      await replica.waitForLog((line) => line.msg === 'platform started' && line.platform === 'slack', `replica ${name} listening`, WAIT_MS);
      urls.push(`http://127.0.0.1:${port}/slack/events`);
    }
  });

  after(async () => {
    killAll();
    await slack?.close();
    await workspace?.close();
    await db?.close();
  });

  function eventBody(text: string, eventId: string, ts: string): string {
    return JSON.stringify(slack.eventBody({ type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${text}`, ts, channel: 'C0HTTP' }, eventId));
  }
  const answers = (ts: string) => slack.callsOf('chat.postMessage').filter((call) => call.args.channel === 'C0HTTP' && call.args.thread_ts === ts);

  it('answers events spread over both replicas once each, and a retry sent to the other replica once', async () => {
    const sent = Array.from({ length: 20 }, (_, index) => ({ ts: slack.nextTs(), eventId: `Ev0HTTP${index}` }));
    const statuses = await Promise.all(
      sent.map(({ ts, eventId }, index) => postSigned(urls[index % 2]!, eventBody('Mark Rutte', eventId, ts), { secret: SECRET, contentType: 'application/json' }).then((response) => response.status)),
    );
    assert.ok(statuses.every((status) => status === 200));
    // Slack retries the first ten on the other replica (as a load balancer would route them).
    const retries = await Promise.all(
      sent.slice(0, 10).map(({ ts, eventId }, index) =>
        postSigned(urls[(index + 1) % 2]!, eventBody('Mark Rutte', eventId, ts), {
          secret: SECRET,
          contentType: 'application/json',
          headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
        }).then((response) => response.status),
      ),
    );
    assert.ok(retries.every((status) => status === 200), 'retries are acknowledged');
    await waitFor(() => sent.every(({ ts }) => answers(ts).length > 0), 'every event answered', WAIT_MS);
    // A barrier on each replica: answered after the retries it received were handled.
    for (const url of urls) {
      const barrier = { ts: slack.nextTs(), eventId: `Ev0BARRIER${urls.indexOf(url)}` };
      await postSigned(url, eventBody('Mark Rutte', barrier.eventId, barrier.ts), { secret: SECRET, contentType: 'application/json' });
      await waitFor(() => answers(barrier.ts).length > 0, 'the barrier answer', WAIT_MS);
    }
    for (const { ts } of sent) assert.equal(answers(ts).length, 1, `the event of ${ts} answered once`);
    // Each retried event was delivered twice (to both replicas): one of the two deliveries was skipped.
    const retried = new Set(sent.slice(0, 10).map(({ eventId }) => eventId));
    const skipped = replicas.flatMap((replica) => replica.logs.filter((line) => line.msg === 'Slack: re-delivered event skipped' && retried.has(String(line.eventId))));
    assert.equal(skipped.length, 10, 'one delivery of each retried event skipped');
  });
});
