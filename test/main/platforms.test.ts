// `npm start` with chat tokens: Discord and Slack served side by side by one process (against the
// fake Discord and the fake Slack), a clean stop on SIGTERM, and a Discord outage at start-up that
// leaves Slack serving while Discord is retried.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { FakeDiscord } from '../fakes/discord/server.ts';
import { FakeSlack, waitFor } from '../fakes/slack/fake-slack.ts';
import { quotedText } from '../adapters/discord/helpers.ts';
import { quoteSections, unquote } from '../adapters/slack/harness.ts';
import { fold, killAll, makeWorkspace, startCitebot, type NodeProcess, type Workspace } from './citebot-process.ts';

const QUESTION = "Combien d'entreprises ont participé au forum ?";
const FORUM_FILE = '001_72b8e4faedbc53ad.txt';
const SLACK_BOT_TOKEN = 'xoxb-main-test';
const SLACK_APP_TOKEN = 'xapp-main-test';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function slackEnv(slack: FakeSlack): Record<string, string> {
  return { SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_API_URL: slack.apiUrl };
}

/** The corpus file a shown passage is verbatim from (whitespace folded). */
function fileQuoting(corpus: Record<string, string>, shown: string): string | undefined {
  const needle = fold(shown);
  if (needle.length < 20) return undefined;
  return Object.keys(corpus).find((file) => fold(corpus[file] ?? '').includes(needle));
}

/** Ask /ask over Socket Mode and return the response_url post, checking the envelope was acked. */
async function askSlack(slack: FakeSlack): Promise<Record<string, unknown>> {
  const sent = slack.slashCommand({ command: '/ask', text: QUESTION });
  const body = await waitFor(() => slack.responsesTo(sent.responseUrl)[0], 'the Slack /ask answer', 30_000);
  assert.ok(slack.acks.some((ack) => ack.envelope_id === sent.envelopeId), 'the Slack command was acked');
  return body;
}

describe('npm start with Discord and Slack tokens', { timeout: 180_000 }, () => {
  let workspace: Workspace;
  let discord: FakeDiscord | null = null;
  let slack: FakeSlack | null = null;
  let citebot: NodeProcess | null = null;

  beforeEach(async () => {
    workspace = await makeWorkspace();
    slack = await FakeSlack.start();
  });
  afterEach(async () => {
    killAll();
    await discord?.close();
    await slack?.close();
    discord = null;
    slack = null;
    await workspace?.close();
  });
  after(killAll);

  it('serves Discord and Slack side by side in one process, and stops cleanly on SIGTERM', async () => {
    discord = await FakeDiscord.start({ heartbeatIntervalMs: 500 });
    const fakeDiscord = discord;
    const fakeSlack = slack!;
    citebot = startCitebot({
      ...workspace.env,
      DISCORD_TOKEN: fakeDiscord.token,
      DISCORD_APP_ID: fakeDiscord.ids.app,
      DISCORD_API_URL: fakeDiscord.apiUrl,
      ...slackEnv(fakeSlack),
    });
    const bot = citebot;

    // Both connected: the gateway session identified and the commands registered; the socket open.
    await bot.waitFor(() => fakeDiscord.openSessions === 1, 'the Discord gateway IDENTIFY');
    assert.ok(fakeDiscord.gatewayReceived.some((payload) => payload.op === 2 && (payload.d as { token?: string }).token === fakeDiscord.token));
    const registration = await bot.waitFor(
      () => fakeDiscord.callsTo('PUT', '/applications/:app/commands').find((call) => call.status === 200),
      'the Discord command registration',
    );
    assert.deepEqual(
      (registration.body as { name: string }[]).map((command) => command.name),
      ['ask', 'quote', 'brief', 'sources', 'status', 'help'],
    );
    await bot.waitFor(() => fakeSlack.connectedSockets === 1, 'the Slack Socket Mode connection');
    assert.equal(fakeSlack.callsOf('apps.connections.open')[0]?.token, SLACK_APP_TOKEN);
    await bot.waitForLog((line) => line.msg === 'platform started' && line.platform === 'discord', 'discord started');
    await bot.waitForLog((line) => line.msg === 'platform started' && line.platform === 'slack', 'slack started');

    // Discord: /ask ready within 1.5 s is answered by the interaction callback itself (type 4); a slower one is deferred, then edited.
    const { token } = fakeDiscord.sendSlashCommand('ask', { question: QUESTION }, { locale: 'fr' });
    const answered = await bot.waitFor(
      () =>
        fakeDiscord.calls.find(
          (call) =>
            call.params.token === token &&
            ((call.method === 'PATCH' && call.route === '/webhooks/:app/:token/messages/:message' && call.status === 200) ||
              (call.route === '/interactions/:id/:token/callback' && call.body.type === 4 && call.status === 204)),
        ),
      'the Discord answer (inline or the edit of a deferral)',
    );
    const edit = answered.method === 'PATCH' ? answered : { body: answered.body.data };
    const description = (edit.body.embeds as { description: string }[])[0]?.description ?? '';
    assert.match(description, /355 entreprises/);
    assert.equal(fileQuoting(workspace.corpus, quotedText(description)), FORUM_FILE, `verbatim passage: ${description}`);
    assert.ok(description.includes(FORUM_FILE), 'cited');

    // Slack: /ask is acked, then answered on its response_url.
    const body = await askSlack(fakeSlack);
    const firstQuote = quoteSections(body)[0] ?? '';
    assert.match(firstQuote, /355 entreprises/);
    assert.equal(fileQuoting(workspace.corpus, unquote(firstQuote)), FORUM_FILE, `verbatim passage: ${firstQuote}`);
    assert.ok(JSON.stringify(body.blocks).includes(FORUM_FILE), 'cited');

    const exit = await bot.stopWith('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null }, bot.stderr);
    assert.ok(bot.logs.some((line) => line.msg === 'discord: stopped'), 'the Discord client was destroyed');
    assert.ok(bot.logs.some((line) => line.msg === 'Slack app stopped'), 'the Socket Mode client was disconnected');
    assert.deepEqual(bot.logs.filter((line) => line.level >= 50), [], 'no error logged');
    await waitFor(() => fakeDiscord.openSessions === 0, 'the gateway websocket closed');
    await waitFor(() => fakeSlack.connectedSockets === 0, 'the Socket Mode websocket closed');
  });

  it('keeps serving Slack when Discord cannot start, says it will retry, and stops on SIGINT', async () => {
    const fakeSlack = slack!;
    citebot = startCitebot({
      ...workspace.env,
      DISCORD_TOKEN: 'discord-token-for-a-dead-server',
      DISCORD_APP_ID: '1100000000000000001',
      DISCORD_API_URL: `http://127.0.0.1:${await closedPort()}/api`,
      ...slackEnv(fakeSlack),
    });
    const bot = citebot;

    const failure = await bot.waitForLog((line) => line.platform === 'discord' && /could not start/.test(line.msg), 'the Discord start failure');
    assert.equal(failure.level, 50, 'logged as an error');
    assert.match(failure.msg, /retrying in \d+ s/);
    assert.match(JSON.stringify(failure.err), /ECONNREFUSED/);

    await bot.waitFor(() => fakeSlack.connectedSockets === 1, 'the Slack Socket Mode connection');
    const body = await askSlack(fakeSlack);
    assert.equal(fileQuoting(workspace.corpus, unquote(quoteSections(body)[0] ?? '')), FORUM_FILE);
    assert.equal(bot.exit, null, 'still running');

    const exit = await bot.stopWith('SIGINT');
    assert.deepEqual(exit, { code: 0, signal: null }, bot.stderr);
    await waitFor(() => fakeSlack.connectedSockets === 0, 'the Socket Mode websocket closed');
  });
});
