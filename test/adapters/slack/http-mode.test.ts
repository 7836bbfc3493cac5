import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACTION_IDS } from '../../../src/adapters/slack/render.ts';
import { FAKE_BOT_USER_ID, waitFor } from '../../fakes/slack/fake-slack.ts';
import { postSigned } from '../../fakes/slack/signing.ts';
import { assertVerbatim, findButton, type Harness, quoteSections, SIGNING_SECRET, startHarness, unquote } from './harness.ts';

const QUESTION = 'Qui a rencontré le président roumain ?';

describe('Slack adapter in HTTP mode (signed requests to Bolt’s HTTPReceiver)', () => {
  let h: Harness;
  let eventsUrl: string;

  before(async () => {
    h = await startHarness({ mode: 'http', env: { SLACK_COMMAND_PREFIX: 'cb-' } });
    eventsUrl = `http://127.0.0.1:${h.adapter.port}/slack/events`;
  });
  after(async () => {
    await h?.close();
  });

  function slashForm(command: string, text: string): { body: string; responseUrl: string } {
    const responseUrl = h.fake.newResponseUrl();
    const payload = h.fake.slashCommandPayload({ command, text, responseUrl });
    return { body: new URLSearchParams(payload).toString(), responseUrl };
  }

  test('listens on its own port with GET /healthz answering 200 ok', async () => {
    assert.equal(h.adapter.mode, 'http');
    assert.ok(h.adapter.port && h.adapter.port > 0);
    const response = await fetch(`http://127.0.0.1:${h.adapter.port}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'ok');
  });

  test('a correctly signed slash command (with the configured prefix) is acked with 200 and answered', async () => {
    const { body, responseUrl } = slashForm('/cb-ask', QUESTION);
    const response = await postSigned(eventsUrl, body, { secret: SIGNING_SECRET });
    assert.equal(response.status, 200);
    const answer = await waitFor(() => h.fake.responsesTo(responseUrl)[0], 'the answer on the response_url');
    assert.equal(answer.response_type, 'ephemeral');
    assertVerbatim(unquote(quoteSections(answer)[0] ?? ''), h.corpus);
  });

  test('a signed button click (form-encoded payload) is handled: Share in channel', async () => {
    const { body, responseUrl } = slashForm('/cb-ask', QUESTION);
    await postSigned(eventsUrl, body, { secret: SIGNING_SECRET });
    const answer = await waitFor(() => h.fake.responsesTo(responseUrl)[0], 'the answer');
    const share = findButton(answer, ACTION_IDS.share);
    assert.ok(share);
    const clickUrl = h.fake.newResponseUrl();
    const payload = h.fake.blockActionPayload({ actionId: ACTION_IDS.share, value: share.value, ephemeral: true, responseUrl: clickUrl });
    const click = await postSigned(eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), {
      secret: SIGNING_SECRET,
    });
    assert.equal(click.status, 200);
    const posts = await waitFor(() => (h.fake.responsesTo(clickUrl).length >= 2 ? h.fake.responsesTo(clickUrl) : undefined), 'the share');
    assert.equal(posts[0]?.response_type, 'in_channel');
    assert.deepEqual(posts[1], { delete_original: true });
  });

  test('/briefing takes the command prefix too (/cb-briefing) and refuses a member', async () => {
    const { body, responseUrl } = slashForm('/cb-briefing', 'preview morning');
    const response = await postSigned(eventsUrl, body, { secret: SIGNING_SECRET });
    assert.equal(response.status, 200);
    const answer = await waitFor(() => h.fake.responsesTo(responseUrl)[0], 'the refusal');
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(String(answer.text), /Only workspace admins and owners/);
  });

  test('a forged signature gets 401 and runs nothing', async () => {
    const runsBefore = h.runs.length;
    const { body, responseUrl } = slashForm('/cb-ask', QUESTION);
    const response = await postSigned(eventsUrl, body, { secret: SIGNING_SECRET, signature: `v0=${'0'.repeat(64)}` });
    assert.equal(response.status, 401);
    const wrongSecret = await postSigned(eventsUrl, body, { secret: 'not-the-secret' });
    assert.equal(wrongSecret.status, 401);
    assert.equal(h.runs.length, runsBefore, 'the engine did not run');
    assert.deepEqual(h.fake.responsesTo(responseUrl), []);
  });

  test('a stale request (timestamp more than 5 minutes old), even correctly signed, gets 401 and runs nothing', async () => {
    const runsBefore = h.runs.length;
    const { body, responseUrl } = slashForm('/cb-ask', QUESTION);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await postSigned(eventsUrl, body, { secret: SIGNING_SECRET, timestamp: sixMinutesAgo });
    assert.equal(response.status, 401);
    assert.equal(h.runs.length, runsBefore);
    assert.deepEqual(h.fake.responsesTo(responseUrl), []);
  });

  test('Slack’s URL verification challenge is answered', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'the-challenge', type: 'url_verification' });
    const response = await postSigned(eventsUrl, body, { secret: SIGNING_SECRET, contentType: 'application/json' });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /the-challenge/);
  });

  test('an event re-delivered with X-Slack-Retry-Num is answered once', async () => {
    const ts = h.fake.nextTs();
    const event = { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${QUESTION}`, ts, channel: 'C0HTTP' };
    const body = JSON.stringify(h.fake.eventBody(event, 'Ev0HTTPRETRY'));
    const first = await postSigned(eventsUrl, body, { secret: SIGNING_SECRET, contentType: 'application/json' });
    assert.equal(first.status, 200);
    await waitFor(() => h.fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'C0HTTP'), 'the answer');
    const retry = await postSigned(eventsUrl, body, {
      secret: SIGNING_SECRET,
      contentType: 'application/json',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    assert.equal(retry.status, 200, 'the retry is acknowledged');
    const barrierTs = h.fake.nextTs();
    const barrier = { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> Mark Rutte`, ts: barrierTs, channel: 'C0HTTP' };
    await postSigned(eventsUrl, JSON.stringify(h.fake.eventBody(barrier, 'Ev0HTTPBARRIER')), {
      secret: SIGNING_SECRET,
      contentType: 'application/json',
    });
    await waitFor(() => h.fake.callsOf('chat.postMessage').find((c) => c.args.thread_ts === barrierTs), 'the barrier');
    assert.equal(h.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts).length, 1);
  });
});
