import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ACTION_IDS } from '../../../src/adapters/slack/render.ts';
import { escapeMrkdwn } from '../../../src/adapters/slack/mrkdwn.ts';
import { t } from '../../../src/present/strings.ts';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, waitFor } from '../../fakes/slack/fake-slack.ts';
import {
  APP_TOKEN,
  BOT_TOKEN,
  assertVerbatim,
  contextTexts,
  findButton,
  type Harness,
  quoteSections,
  startHarness,
  unquote,
} from './harness.ts';

const QUESTION = 'Qui a rencontré le président roumain ?';
const OFF_TOPIC = 'What is the best recipe for chocolate chip cookies?';

describe('Slack adapter in Socket Mode (real Bolt against a fake Slack)', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness();
    await h.fake.socketConnected();
  });
  after(async () => {
    await h?.close();
  });

  /** Sends a slash command and waits for its first response_url post. */
  async function slash(command: string, text: string) {
    const sent = h.fake.slashCommand({ command, text });
    const body = await waitFor(() => h.fake.responsesTo(sent.responseUrl)[0], `a response to ${command}`);
    return { ...sent, body };
  }

  /** Injects an event and waits for the chat.postMessage that answers it in `channel`. */
  async function postedAfter(count: number, channel: string) {
    return waitFor(
      () => h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === channel)[count],
      `a chat.postMessage to ${channel}`,
    );
  }

  test('Bolt authenticates with the bot token and opens Socket Mode with the app token', () => {
    const authTest = h.fake.callsOf('auth.test')[0];
    assert.equal(authTest?.token, BOT_TOKEN);
    const open = h.fake.callsOf('apps.connections.open')[0];
    assert.equal(open?.token, APP_TOKEN);
    assert.equal(h.adapter.mode, 'socket');
    assert.equal(h.adapter.port, null);
  });

  test('/ask is acked, then answered privately with a verbatim passage, its citation and buttons', async () => {
    const { envelopeId, body } = await slash('/ask', QUESTION);
    assert.ok(h.fake.acks.some((ack) => ack.envelope_id === envelopeId), 'the command was acked');
    assert.equal(body.response_type, 'ephemeral');
    assert.equal(typeof body.text, 'string');
    assert.ok((body.text as string).length > 0 && (body.text as string).length <= 3000, 'text fallback present');

    const quotes = quoteSections(body);
    assert.ok(quotes.length > 0, 'at least one quoted passage');
    const firstQuote = quotes[0] ?? '';
    assert.match(firstQuote, /\*[^*\n]+\*/, 'the best sentence is in bold');
    const file = assertVerbatim(unquote(firstQuote), h.corpus);
    assert.ok(
      contextTexts(body).some((text) => text.includes(file) && /¶ \d+/.test(text)),
      'a context block cites the file and paragraph',
    );
    assert.ok(findButton(body, ACTION_IDS.share), 'Share in channel button');
    assert.ok(findButton(body, ACTION_IDS.voteUp) && findButton(body, ACTION_IDS.voteDown), 'feedback buttons');
    for (const block of body.blocks as Array<{ type: string; text?: { text: string } }>) {
      if (block.type === 'section') assert.ok((block.text?.text.length ?? 0) <= 3000);
      if (block.type === 'header') assert.ok((block.text?.text.length ?? 0) <= 150);
    }
    assert.ok((body.blocks as unknown[]).length <= 50);
  });

  /** Sends a slash command as `user` and waits for its first response_url post. */
  async function slashAs(user: string, command: string, text: string) {
    const sent = h.fake.slashCommand({ command, text, user });
    return waitFor(() => h.fake.responsesTo(sent.responseUrl)[0], `a response to ${command}`);
  }

  test('/ask with no text gets a usage message, privately, in the user’s Slack language', async () => {
    const { body } = await slash('/ask', '   ');
    assert.equal(body.response_type, 'ephemeral');
    assert.equal(String(body.text), escapeMrkdwn(t('en', 'emptyText', { usage: '/ask <question>' })));
    assert.equal(findButton(body, ACTION_IDS.share), undefined);
    h.fake.setUser('U0FRANCE', { locale: 'fr-FR' });
    const french = await slashAs('U0FRANCE', '/quote', '');
    assert.equal(String(french.text), escapeMrkdwn(t('fr', 'emptyText', { usage: '/quote <sujet>' })));
    const help = await slashAs('U0FRANCE', '/help', '');
    assert.match(String(help.text), new RegExp(t('fr', 'helpHeading')), 'a command without text answers in the user’s language too');
  });

  test('answers end with the short lexical-only line; only an admin’s /status names the reason', async () => {
    const { body } = await slash('/ask', QUESTION);
    assert.equal(contextTexts(body).at(-1), escapeMrkdwn(t('fr', 'lexicalOnlyShort')), 'in the question’s language');
    assert.ok(!JSON.stringify(body).includes('test: no embedding model'), 'no reason, no server path');
    const member = await slashAs('U0MEMBER', '/status', '');
    assert.ok(!JSON.stringify(member).includes('test: no embedding model'));
    h.fake.setUser('U0ADMIN', { is_admin: true });
    const admin = await slashAs('U0ADMIN', '/status', '');
    assert.match(JSON.stringify(admin), /test: no embedding model/);
  });

  test('/quote answers with one quoted sentence in bold and its source', async () => {
    const { body } = await slash('/quote', 'Mark Rutte Roumanie engagement');
    const quotes = quoteSections(body);
    assert.equal(quotes.length, 1);
    assert.match(quotes[0] ?? '', /^>\*[^\n]+\*$/m);
    const file = assertVerbatim(unquote(quotes[0] ?? ''), h.corpus);
    assert.ok(contextTexts(body).some((text) => text.includes(file)));
  });

  test('/brief groups passages by source', async () => {
    const { body } = await slash('/brief', 'OTAN défense Roumanie');
    const quotes = quoteSections(body);
    assert.ok(quotes.length > 0);
    for (const quote of quotes) assertVerbatim(unquote(quote), h.corpus);
    assert.ok(
      (body.blocks as Array<{ type: string; text?: { text: string } }>).some(
        (block) => block.type === 'section' && !block.text?.text.startsWith('>') && /\.txt/.test(block.text?.text ?? ''),
      ),
      'a section names each source',
    );
  });

  test('/sources and /help answer privately', async () => {
    const sources = await slash('/sources', '');
    assert.ok(Object.keys(h.corpus).every((file) => String(sources.body.text).includes(file)));
    const help = await slash('/help', '');
    assert.match(String(help.body.text), /\/ask/);
  });

  test('"Share in channel" posts the same answer in the channel and deletes the private one', async () => {
    const { body } = await slash('/ask', QUESTION);
    const share = findButton(body, ACTION_IDS.share);
    assert.ok(share);
    const click = h.fake.blockAction({ actionId: ACTION_IDS.share, value: share.value, ephemeral: true });
    const [shared, deletion] = await waitFor(() => {
      const posts = h.fake.responsesTo(click.responseUrl);
      return posts.length >= 2 ? posts : undefined;
    }, 'the share and the deletion');
    assert.ok(h.fake.acks.some((ack) => ack.envelope_id === click.envelopeId));
    assert.equal(shared?.response_type, 'in_channel');
    assert.deepEqual(quoteSections(shared ?? {}), quoteSections(body), 'the same passages');
    assert.equal(findButton(shared ?? {}, ACTION_IDS.share), undefined, 'no Share button once shared');
    assert.deepEqual(deletion, { delete_original: true });
  });

  test('"More" brings the next passages, privately under a private answer', async () => {
    const { body } = await slash('/ask', 'OTAN Roumanie défense sécurité');
    const more = findButton(body, ACTION_IDS.more);
    assert.ok(more, 'More button when the ranking has more');
    const click = h.fake.blockAction({ actionId: ACTION_IDS.more, value: more.value, ephemeral: true });
    const next = await waitFor(() => h.fake.responsesTo(click.responseUrl)[0], 'the next passages');
    assert.equal(next.response_type, 'ephemeral');
    const firstPage = quoteSections(body);
    const secondPage = quoteSections(next);
    assert.ok(secondPage.length > 0);
    for (const quote of secondPage) {
      assertVerbatim(unquote(quote), h.corpus);
      assert.ok(!firstPage.includes(quote), 'not a passage of the first page');
    }
    const firstPagePassages = contextTexts(body).filter((text) => /¶ \d+/.test(text)).length;
    assert.equal(h.runs.at(-1)?.args.offset, firstPagePassages, 'asked for the ranking after the first page');
  });

  test('"More" under an answer shared in a channel the bot is not in comes through the response_url', async () => {
    const { body } = await slash('/ask', 'OTAN Roumanie défense sécurité');
    const shareClick = h.fake.blockAction({ actionId: ACTION_IDS.share, value: findButton(body, ACTION_IDS.share)!.value, ephemeral: true });
    const shared = await waitFor(() => h.fake.responsesTo(shareClick.responseUrl)[0], 'the shared answer');
    const more = findButton(shared, ACTION_IDS.more);
    assert.ok(more, 'the shared answer has More');
    h.fake.failMethod('chat.postMessage', { error: 'not_in_channel' }, 1);
    const click = h.fake.blockAction({ actionId: ACTION_IDS.more, value: more.value, ephemeral: false });
    const next = await waitFor(() => h.fake.responsesTo(click.responseUrl)[0], 'the next passages through the response_url');
    assert.equal(next.response_type, 'in_channel');
    assert.equal(next.replace_original, false);
    const secondPage = quoteSections(next);
    assert.ok(secondPage.length > 0);
    for (const quote of secondPage) assertVerbatim(unquote(quote), h.corpus);
  });

  test('👍 is acked and appended to the feedback log with a hashed user id', async () => {
    const { body } = await slash('/ask', QUESTION);
    const up = findButton(body, ACTION_IDS.voteUp);
    assert.ok(up);
    const click = h.fake.blockAction({ actionId: ACTION_IDS.voteUp, value: up.value, ephemeral: true, user: 'U0VOTER' });
    const thanks = await waitFor(() => h.fake.responsesTo(click.responseUrl)[0], 'the thank-you');
    assert.ok(h.fake.acks.some((ack) => ack.envelope_id === click.envelopeId));
    assert.equal(thanks.response_type, 'ephemeral');
    const lines = (await readFile(join(h.dataDir, 'feedback.jsonl'), 'utf8')).trim().split('\n');
    const entry = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
    assert.equal(entry.platform, 'slack');
    assert.equal(entry.vote, 'up');
    assert.equal(entry.command, 'ask');
    assert.equal(entry.question, QUESTION);
    assert.ok(Array.isArray(entry.passageIds) && entry.passageIds.length > 0);
    assert.equal(typeof entry.userHash, 'string');
    assert.ok(!JSON.stringify(entry).includes('U0VOTER'), 'raw user id never logged');

    // The same vote again is thanked again but logged once, as on Discord.
    const again = h.fake.blockAction({ actionId: ACTION_IDS.voteUp, value: up.value, ephemeral: true, user: 'U0VOTER' });
    await waitFor(() => h.fake.responsesTo(again.responseUrl)[0], 'the second thank-you');
    const after = (await readFile(join(h.dataDir, 'feedback.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(after.length, lines.length, 'a repeated vote is not logged twice');
  });

  test('an @-mention is answered in the thread of the message, with 👀 while working', async () => {
    const ts = h.fake.nextTs();
    const before = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0MENTION').length;
    h.fake.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${QUESTION}`, ts, channel: 'C0MENTION' },
    });
    const post = await postedAfter(before, 'C0MENTION');
    assert.equal(post.token, BOT_TOKEN);
    assert.equal(post.args.thread_ts, ts, 'answered in the thread of the mention');
    assertVerbatim(unquote(quoteSections(post.args)[0] ?? ''), h.corpus);
    assert.equal(h.runs.at(-1)?.args.text, QUESTION, 'the mention itself is not part of the question');
    // The harness shows 👀 at once (indicatorDelayMs 0); the answer does not wait for it.
    await waitFor(() => h.fake.callsOf('reactions.add').some((call) => call.args.timestamp === ts && call.args.name === 'eyes'), 'the 👀 added');
    await waitFor(() => h.fake.callsOf('reactions.remove').some((call) => call.args.timestamp === ts), 'the 👀 removed');

    // A mention inside a thread is answered in that same thread.
    const parent = h.fake.nextTs();
    const reply = h.fake.nextTs();
    h.fake.event({
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: `<@${FAKE_BOT_USER_ID}> quote Mark Rutte`,
        ts: reply,
        thread_ts: parent,
        channel: 'C0MENTION',
      },
    });
    const threaded = await postedAfter(before + 1, 'C0MENTION');
    assert.equal(threaded.args.thread_ts, parent);
    assert.equal(h.runs.at(-1)?.command, 'quote');
  });

  test('Slack markup that carries ids, not words, is not searched: @here, other users, :emoji: codes', async () => {
    const ts = h.fake.nextTs();
    const before = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0MARKUP').length;
    h.fake.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<!here> <@${FAKE_BOT_USER_ID}> <@U0BOB> ${QUESTION} :thinking_face: :+1::skin-tone-2:`, ts, channel: 'C0MARKUP' },
    });
    const post = await postedAfter(before, 'C0MARKUP');
    assert.equal(h.runs.at(-1)?.args.text, QUESTION);
    assertVerbatim(unquote(quoteSections(post.args)[0] ?? ''), h.corpus);
  });

  test('"More" under a mention answer posts the next passages in the same thread', async () => {
    const mentionTs = h.fake.nextTs();
    h.fake.event({
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: `<@${FAKE_BOT_USER_ID}> OTAN Roumanie défense sécurité`,
        ts: mentionTs,
        channel: 'C0MORE',
      },
    });
    const answer = await postedAfter(0, 'C0MORE');
    const more = findButton(answer.args, ACTION_IDS.more);
    assert.ok(more);
    assert.equal(findButton(answer.args, ACTION_IDS.share), undefined, 'a posted answer has no Share button');
    const answerTs = h.fake.nextTs();
    h.fake.blockAction({
      actionId: ACTION_IDS.more,
      value: more.value,
      channel: 'C0MORE',
      message: { type: 'message', ts: answerTs, thread_ts: mentionTs, user: FAKE_BOT_USER_ID, blocks: answer.args.blocks },
    });
    const next = await postedAfter(1, 'C0MORE');
    assert.equal(next.args.thread_ts, mentionTs, 'in the thread of the question');
    for (const quote of quoteSections(next.args)) assertVerbatim(unquote(quote), h.corpus);
    assert.ok(quoteSections(next.args).every((quote) => !quoteSections(answer.args).includes(quote)));
  });

  test('a failing reactions.add does not stop the answer', async () => {
    h.fake.failMethod('reactions.add', { error: 'missing_scope' }, 1);
    const ts = h.fake.nextTs();
    h.fake.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${QUESTION}`, ts, channel: 'C0REACT' },
    });
    const post = await postedAfter(0, 'C0REACT');
    assert.equal(post.args.thread_ts, ts);
  });

  test('a direct message is answered in the DM; the bot’s own messages are ignored', async () => {
    h.fake.event({
      event: {
        type: 'message',
        channel_type: 'im',
        channel: 'D0ALICE',
        user: FAKE_BOT_USER_ID,
        bot_id: FAKE_BOT_ID,
        text: 'an earlier answer of the bot',
        ts: h.fake.nextTs(),
      },
    });
    h.fake.event({
      event: { type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0ALICE', ts: h.fake.nextTs() },
    });
    const ts = h.fake.nextTs();
    h.fake.event({ event: { type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE', text: QUESTION, ts } });
    const post = await postedAfter(0, 'D0ALICE');
    assert.equal(post.args.thread_ts, undefined, 'a DM is answered at the top level');
    assertVerbatim(unquote(quoteSections(post.args)[0] ?? ''), h.corpus);
    assert.equal(h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'D0ALICE').length, 1);
    assert.ok(!h.runs.some((run) => run.args.text.includes('earlier answer')));
  });

  test('a direct message with a file attached is a question too', async () => {
    h.fake.event({ event: { type: 'message', subtype: 'file_share', channel_type: 'im', channel: 'D0BOB', user: 'U0BOB', text: QUESTION, ts: h.fake.nextTs(), files: [{ id: 'F1' }] } });
    const post = await postedAfter(0, 'D0BOB');
    assertVerbatim(unquote(quoteSections(post.args)[0] ?? ''), h.corpus);
  });

  test('a question the corpus does not cover gets a short no-answer message', async () => {
    const { body } = await slash('/ask', OFF_TOPIC);
    assert.equal(body.response_type, 'ephemeral');
    assert.equal(quoteSections(body).length, 0);
    assert.match(String(body.text), /does not seem to cover|ne semble pas/);
  });

  test('a retried event (same event_id, retry_attempt 1) is answered once and both deliveries are acked', async () => {
    const ts = h.fake.nextTs();
    const event = { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${QUESTION}`, ts, channel: 'C0RETRY' };
    const first = h.fake.event({ event, eventId: 'Ev0RETRIED' });
    await postedAfter(0, 'C0RETRY');
    const retry = h.fake.event({ event, eventId: 'Ev0RETRIED', retryAttempt: 1, retryReason: 'timeout' });
    // A later event acts as a barrier: once it is answered, the retry (sent before it) has been handled.
    const barrierTs = h.fake.nextTs();
    h.fake.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> Mark Rutte`, ts: barrierTs, channel: 'C0RETRY' },
    });
    await postedAfter(1, 'C0RETRY');
    const answers = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0RETRY');
    assert.equal(answers.filter((call) => call.args.thread_ts === ts).length, 1, 'the retried event was answered once');
    assert.ok(h.fake.acks.some((ack) => ack.envelope_id === first.envelopeId));
    assert.ok(h.fake.acks.some((ack) => ack.envelope_id === retry.envelopeId));
  });

  test('a Web API error is logged, not fatal: the next question is answered; a 500 is retried', async () => {
    h.fake.failMethod('chat.postMessage', { error: 'channel_not_found' }, 1);
    h.fake.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${QUESTION}`, ts: h.fake.nextTs(), channel: 'C0ERR' },
    });
    await waitFor(() => h.fake.callsOf('chat.postMessage').some((c) => c.args.channel === 'C0ERR'), 'the failed post');
    h.fake.failMethod('chat.postMessage', { status: 500 }, 1);
    const ts = h.fake.nextTs();
    h.fake.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${QUESTION}`, ts, channel: 'C0ERR' },
    });
    await waitFor(
      () => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0ERR' && c.args.thread_ts === ts).length >= 2,
      'the 500 retried',
    );
    assert.equal(h.fake.connectedSockets, 1, 'still connected');
  });

  test('post() sends a rendered reply to a channel (scheduled briefings)', async () => {
    await h.adapter.post('C0BRIEFING', await h.citebot.run('brief', { text: 'OTAN Roumanie' }));
    const post = await postedAfter(0, 'C0BRIEFING');
    assert.ok(quoteSections(post.args).length > 0);
    assert.equal(findButton(post.args, ACTION_IDS.share), undefined);
  });

  test('/briefing answers an admin that no briefings are configured when none were passed', async () => {
    h.fake.setUser('U0BOSS', { is_owner: true });
    const sent = h.fake.slashCommand({ command: '/briefing', text: 'preview morning', user: 'U0BOSS' });
    const body = await waitFor(() => h.fake.responsesTo(sent.responseUrl)[0], 'the /briefing answer');
    assert.ok(h.fake.acks.some((ack) => ack.envelope_id === sent.envelopeId));
    assert.equal(body.response_type, 'ephemeral');
    assert.equal(body.text, 'No briefings are configured (see briefings.yml).');
  });
});

describe('Slack 👀 only when the answer takes a while', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ indicatorDelayMs: 60_000 });
    await h.fake.socketConnected();
  });
  after(async () => {
    await h?.close();
  });

  test('an answer ready before the delay is posted without adding or removing 👀', async () => {
    const ts = h.fake.nextTs();
    h.fake.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${QUESTION}`, ts, channel: 'C0FAST' },
    });
    const post = await waitFor(() => h.fake.callsOf('chat.postMessage').find((call) => call.args.channel === 'C0FAST'), 'the answer');
    assert.equal(post.args.thread_ts, ts);
    assert.equal(h.fake.callsOf('reactions.add').length, 0, 'no 👀 for a quick answer');
    assert.equal(h.fake.callsOf('reactions.remove').length, 0);
  });
});
