import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SlackAdminCheck, type SlackUserFlags } from '../../../src/adapters/slack/admins.ts';
import { parseBriefingText } from '../../../src/adapters/slack/listeners/commands/briefing.ts';

function directory(users: Record<string, SlackUserFlags>) {
  const lookups: string[] = [];
  let failing: Error | null = null;
  return {
    lookups,
    fail(error: Error | null) {
      failing = error;
    },
    async lookup(userId: string): Promise<SlackUserFlags> {
      lookups.push(userId);
      if (failing) throw failing;
      return users[userId] ?? {};
    },
  };
}

function slackError(code: string): Error {
  return Object.assign(new Error(`An API error occurred: ${code}`), { data: { ok: false, error: code } });
}

describe('Slack admin check', () => {
  test('workspace admins, owners and primary owners are admins; members are not; listed users always are', async () => {
    const users = directory({
      U1: { is_admin: true },
      U2: { is_owner: true },
      U3: { is_primary_owner: true },
      U4: { is_admin: false, locale: 'fr-FR' },
    });
    const check = new SlackAdminCheck({ listed: ['U5'], lookup: (id) => users.lookup(id) });
    for (const id of ['U1', 'U2', 'U3', 'U5']) assert.equal((await check.check(id)).admin, true, id);
    const member = await check.check('U4');
    assert.deepEqual(member, { admin: false, lang: 'fr', checkError: null });
  });

  test('answers are cached briefly, then asked again', async () => {
    const users = directory({ U1: { is_admin: true } });
    let now = 1_000_000;
    const check = new SlackAdminCheck({ listed: [], lookup: (id) => users.lookup(id), ttlMs: 60_000, now: () => now });
    await check.check('U1');
    now += 59_000;
    await check.check('U1');
    assert.deepEqual(users.lookups, ['U1'], 'one users.info within the cache time');
    now += 2_000;
    await check.check('U1');
    assert.deepEqual(users.lookups, ['U1', 'U1'], 'asked again once expired');
  });

  test('a burst of messages from one user asks users.info once, while the first look-up is in flight', async () => {
    const users = directory({ U1: { is_admin: false, locale: 'fr-FR' } });
    const check = new SlackAdminCheck({ listed: [], lookup: (id) => users.lookup(id) });
    const langs = await Promise.all([check.lang('U1'), check.lang('U1'), check.check('U1'), check.lang('U2')]);
    assert.deepEqual(langs.slice(0, 2), ['fr', 'fr']);
    assert.deepEqual(langs[2], { admin: false, lang: 'fr', checkError: null });
    assert.deepEqual(users.lookups, ['U1', 'U2'], 'one look-up per user');
  });

  test('a failed look-up in flight fails every waiter, and the next message asks again', async () => {
    const users = directory({ U1: { is_admin: true } });
    const check = new SlackAdminCheck({ listed: [], lookup: (id) => users.lookup(id) });
    users.fail(slackError('ratelimited'));
    const verdicts = await Promise.all([check.check('U1'), check.check('U1')]);
    assert.deepEqual(verdicts.map((verdict) => verdict.checkError), ['ratelimited', 'ratelimited']);
    assert.deepEqual(users.lookups, ['U1']);
    users.fail(null);
    assert.equal((await check.check('U1')).admin, true);
    assert.deepEqual(users.lookups, ['U1', 'U1']);
  });

  test('a failed users.info refuses (with its Slack error) unless the user is listed, and is not cached', async () => {
    const users = directory({ U1: { is_admin: true } });
    const check = new SlackAdminCheck({ listed: ['U9'], lookup: (id) => users.lookup(id) });
    users.fail(slackError('missing_scope'));
    assert.deepEqual(await check.check('U1'), { admin: false, lang: 'en', checkError: 'missing_scope' });
    assert.equal((await check.check('U9')).admin, true, 'a listed user needs no lookup to be allowed');
    users.fail(null);
    assert.equal((await check.check('U1')).admin, true, 'the failure was not remembered');
  });
});

describe('/briefing text', () => {
  test('preview <name> (or name:<name>) previews; anything else is the usage', () => {
    assert.deepEqual(parseBriefingText('preview morning'), { kind: 'preview', name: 'morning' });
    assert.deepEqual(parseBriefingText('  PREVIEW   name: morning '), { kind: 'preview', name: 'morning' });
    assert.deepEqual(parseBriefingText('preview name:daily.fr'), { kind: 'preview', name: 'daily.fr' });
    for (const text of ['', 'help', 'preview', 'morning', 'preview two words']) {
      assert.deepEqual(parseBriefingText(text), { kind: 'usage' }, text);
    }
  });
});
