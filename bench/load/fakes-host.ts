/**
 * The fakes' own process for bench:load: the fake Slack or the fake Discord, and the sending of the
 * questions, run here so that their CPU is not taken from the bot (on a real deployment Slack and
 * Discord are elsewhere). The script talks to it over the IPC channel of `fork` (see fakes-client.ts);
 * everything it timestamps is on this process's clock, sending and receiving alike.
 */
import { FakeDiscord } from '../../test/fakes/discord/server.ts';
import { FAKE_BOT_USER_ID, FakeSlack } from '../../test/fakes/slack/fake-slack.ts';
import { plan, type PlanOptions, type Sent } from './plan.ts';
import type { FakesRequest } from './fakes-client.ts';

let slack: FakeSlack | null = null;
let discord: FakeDiscord | null = null;
/** Discord: the calls recorded before the questions (the adapter's start) are left out of the records. */
let since = 0;

function sendSlack(fake: FakeSlack, options: PlanOptions) {
  const sent: Sent[] = [];
  const envelopes: [string, number][] = [];
  for (const question of plan(options)) {
    const user = `U0LOAD${String(question.user).padStart(3, '0')}`;
    const channel = `C0LOAD${String(question.user % options.slackChannels).padStart(2, '0')}`;
    const at = performance.now();
    if (question.kind === 'command') {
      const { envelopeId, responseUrl } = fake.slashCommand({ command: '/ask', text: question.text, user, channel });
      envelopes.push([envelopeId, at]);
      sent.push({ kind: 'command', at, key: responseUrl.slice(responseUrl.lastIndexOf('/') + 1) });
    } else {
      const ts = fake.nextTs();
      fake.event({ event: { type: 'app_mention', user, text: `<@${FAKE_BOT_USER_ID}> ${question.text}`, ts, channel } });
      sent.push({ kind: 'mention', at, key: ts });
    }
  }
  return { sent, envelopes };
}

function sendDiscord(fake: FakeDiscord, options: PlanOptions) {
  since = fake.calls.length;
  const sent: Sent[] = [];
  for (const question of plan(options)) {
    const userId = `15000000000${String(question.user).padStart(8, '0')}`;
    const at = performance.now();
    if (question.kind === 'command') {
      const { token } = fake.sendSlashCommand('ask', { question: question.text }, { userId, locale: 'fr' });
      sent.push({ kind: 'command', at, key: token });
    } else {
      const message = fake.sendMessage({ content: `<@${fake.ids.bot}> ${question.text}`, userId });
      sent.push({ kind: 'mention', at, key: message.id as string });
    }
  }
  return { sent, envelopes: [] };
}

async function handle(request: FakesRequest): Promise<unknown> {
  switch (request.op) {
    case 'start':
      if (request.platform === 'slack') {
        slack = await FakeSlack.start();
        return { apiUrl: slack.apiUrl };
      }
      discord = await FakeDiscord.start({ heartbeatIntervalMs: 5000 });
      return { apiUrl: discord.apiUrl, token: discord.token, ids: discord.ids };
    case 'connected':
      await slack?.socketConnected();
      return null;
    case 'send':
      if (slack) return sendSlack(slack, request.options);
      if (discord) return sendDiscord(discord, request.options);
      throw new Error('no fake started');
    case 'records':
      if (slack) return { calls: slack.calls, responses: slack.responses, acks: slack.acks };
      if (discord) return { calls: discord.calls.slice(since) };
      throw new Error('no fake started');
    case 'close':
      await slack?.close();
      await discord?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (request: FakesRequest) => {
  handle(request).then(
    (result) => process.send?.({ id: request.id, result }),
    (error: unknown) => process.send?.({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
