// bench:load at a small scale (no timing assertion): every question is accounted for on both
// platforms, the limits are counted, and the section renders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderLoad } from '../../bench/load/render.ts';
import { DEFAULT_LOAD_OPTIONS, runLoad } from '../../bench/load/run.ts';

test('bench:load accounts for every question through both real adapters', { timeout: 120_000 }, async () => {
  const results = await runLoad({ ...DEFAULT_LOAD_OPTIONS, questions: 20, users: 4, slackChannels: 2, timeLimitSeconds: 60, env: { ...DEFAULT_LOAD_OPTIONS.env, RATE_LIMIT_USER: '2/3600' } });
  assert.deepEqual(results.platforms.map((platform) => platform.platform), ['slack', 'discord']);
  for (const platform of results.platforms) {
    assert.equal(platform.missing, 0, `${platform.platform}: every question accounted for`);
    assert.deepEqual(platform.sent, { commands: 12, mentions: 8 });
    assert.equal(platform.outcomes.answered + platform.outcomes.declined, 8, `${platform.platform}: two per user`);
    assert.equal(platform.outcomes.limited, 12);
    assert.equal(platform.outcomes.error, 0);
    assert.equal(platform.latency.all.count, 8, 'each answer was seen by the fake');
    assert.equal(platform.acks.of, 12);
    assert.ok(platform.notices.limited >= 4, 'each limited user was told at least once');
  }
  const section = renderLoad(results, '- Command: `npm run bench:load`');
  assert.match(section, /^## Load: 20 questions at once from 4 users/);
  assert.match(section, /\| slack \| 12 \+ 8 \| 8 \| 12 \|/);
});
