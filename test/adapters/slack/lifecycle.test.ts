import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from '../../fakes/slack/fake-slack.ts';
import { APP_TOKEN, startHarness } from './harness.ts';

describe('Slack adapter start and stop', () => {
  test('a refused bot token makes startSlack reject (auth.test), leaving nothing running', async () => {
    await assert.rejects(startHarness({ env: { SLACK_BOT_TOKEN: 'bogus-token' } }), /invalid_auth/);
  });

  test('a refused app token makes startSlack reject (apps.connections.open)', async () => {
    await assert.rejects(startHarness({ env: { SLACK_APP_TOKEN: 'not-an-app-token' } }), /invalid_auth/);
  });

  test('stop() closes the Socket Mode connection, and a second stop() is harmless', async () => {
    const h = await startHarness();
    try {
      await h.fake.socketConnected();
      assert.equal(h.fake.callsOf('apps.connections.open')[0]?.token, APP_TOKEN);
      await h.adapter.stop();
      await waitFor(() => h.fake.connectedSockets === 0, 'the socket closed');
      await h.adapter.stop();
    } finally {
      await h.close();
    }
  });

  test('HTTP mode: stop() closes the port', async () => {
    const h = await startHarness({ mode: 'http' });
    try {
      const url = `http://127.0.0.1:${h.adapter.port}/healthz`;
      assert.equal((await fetch(url)).status, 200);
      await h.adapter.stop();
      await assert.rejects(fetch(url));
    } finally {
      await h.close();
    }
  });
});
