// The access decision of citebot.yml: DMs, listed channels, categories and threads, per-channel
// switches, the fixed language, Discord roles, Slack users and user groups.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAccess, ruleFor, type AccessRequest } from '../../src/access/decide.ts';
import { parsePolicy } from '../../src/access/load.ts';
import { OPEN_POLICY } from '../../src/access/schema.ts';

const policy = parsePolicy(
  {
    channels: [
      { name: 'rh', platform: 'slack', id: 'C0RH', folders: ['rh'], language: 'fr' },
      { name: 'quiet', platform: 'slack', id: 'C0QUIET', mentions: false, followUps: false },
      { name: 'no-commands', platform: 'slack', id: 'C0NOCMD', commands: false },
      { name: 'support', platform: 'discord', id: 'CAT1', folders: ['it'] },
      { name: 'help-desk', platform: 'discord', id: 'CHAN2', folders: ['it/vpn'], language: 'en' },
    ],
    access: { channels: ['C0RH', 'C0QUIET', 'C0NOCMD', 'CAT1', 'CHAN9'], dms: true, dmFolders: ['public'] },
  },
  'citebot.yml',
);

const slack = (overrides: Partial<AccessRequest> = {}): AccessRequest => ({ platform: 'slack', entry: 'mention', isDm: false, userId: 'U1', places: ['C0RH'], ...overrides });
const discord = (overrides: Partial<AccessRequest> = {}): AccessRequest => ({ platform: 'discord', entry: 'mention', isDm: false, userId: '1', places: ['CHAN1', 'CAT1'], ...overrides });

describe('decideAccess', () => {
  it('with no file (the open policy) answers everywhere, for everyone, from the whole corpus', async () => {
    for (const entry of ['command', 'mention', 'follow-up', 'button'] as const) {
      assert.deepEqual(await decideAccess(OPEN_POLICY, slack({ entry, places: ['CANY'] })), { allowed: true, folders: [], lang: null, rule: null });
    }
    assert.equal((await decideAccess(OPEN_POLICY, discord({ isDm: true, places: [] }))).allowed, true);
  });

  it('a channel rule sets the document set and the fixed language', async () => {
    const decision = await decideAccess(policy, slack());
    assert.ok(decision.allowed);
    assert.deepEqual(decision.folders, ['rh']);
    assert.equal(decision.lang, 'fr');
  });

  it('a channel outside access.channels is refused; a listed one without a rule answers from everything', async () => {
    assert.deepEqual(await decideAccess(policy, slack({ places: ['C0OTHER'] })), { allowed: false, reason: 'channel' });
    assert.deepEqual(await decideAccess(policy, discord({ places: ['CHAN9'] })), { allowed: true, folders: [], lang: null, rule: null });
  });

  it('per-channel switches turn mentions, follow-ups and commands off one by one; a button is not an entry of its own', async () => {
    assert.deepEqual(await decideAccess(policy, slack({ places: ['C0QUIET'], entry: 'mention' })), { allowed: false, reason: 'mention-off' });
    assert.deepEqual(await decideAccess(policy, slack({ places: ['C0QUIET'], entry: 'follow-up' })), { allowed: false, reason: 'follow-up-off' });
    assert.equal((await decideAccess(policy, slack({ places: ['C0QUIET'], entry: 'command' }))).allowed, true);
    assert.deepEqual(await decideAccess(policy, slack({ places: ['C0NOCMD'], entry: 'command' })), { allowed: false, reason: 'command-off' });
    assert.equal((await decideAccess(policy, slack({ places: ['C0NOCMD'], entry: 'mention' }))).allowed, true);
    assert.equal((await decideAccess(policy, slack({ places: ['C0QUIET'], entry: 'button' }))).allowed, true);
  });

  it('Discord: a category rule covers its channels and their threads; the most specific place wins', async () => {
    const inCategory = await decideAccess(policy, discord({ places: ['CHAN1', 'CAT1'] }));
    assert.ok(inCategory.allowed);
    assert.deepEqual(inCategory.folders, ['it']);
    const thread = await decideAccess(policy, discord({ places: ['THREAD1', 'CHAN1', 'CAT1'] }));
    assert.ok(thread.allowed);
    assert.deepEqual(thread.folders, ['it']);
    assert.equal(ruleFor(policy, 'discord', ['CHAN2', 'CAT1'])?.name, 'help-desk');
    assert.equal(ruleFor(policy, 'slack', ['CAT1']), null, 'a rule is per platform');
    assert.deepEqual(await decideAccess(policy, discord({ places: ['CHAN3', 'CAT2'] })), { allowed: false, reason: 'channel' });
  });

  it('DMs: allowed with their own document set, or refused when turned off', async () => {
    assert.deepEqual(await decideAccess(policy, slack({ isDm: true, places: [] })), { allowed: true, folders: ['public'], lang: null, rule: null });
    const closed = parsePolicy({ access: { dms: false } }, 'citebot.yml');
    assert.deepEqual(await decideAccess(closed, discord({ isDm: true, places: [] })), { allowed: false, reason: 'dm' });
  });

  it('Discord roles: a member with one of the roles is allowed, others and DMs (no roles there) are refused', async () => {
    const roles = parsePolicy({ access: { discordRoles: ['R1', 'R2'] } }, 'citebot.yml');
    assert.equal((await decideAccess(roles, discord({ roles: ['R0', 'R2'] }))).allowed, true);
    assert.deepEqual(await decideAccess(roles, discord({ roles: ['R0'] })), { allowed: false, reason: 'user' });
    assert.deepEqual(await decideAccess(roles, discord({ isDm: true, places: [] })), { allowed: false, reason: 'user' });
  });

  it('Slack users and user groups: the groups are looked up only when the user is not listed by id', async () => {
    const people = parsePolicy({ access: { slackUsers: ['U1'], slackUserGroups: ['S1'] } }, 'citebot.yml');
    let lookups = 0;
    const groups = (list: string[]) => async () => {
      lookups += 1;
      return list;
    };
    assert.equal((await decideAccess(people, slack({ userId: 'U1', places: ['C'], userGroups: groups([]) }))).allowed, true);
    assert.equal(lookups, 0, 'a listed user needs no lookup');
    assert.equal((await decideAccess(people, slack({ userId: 'U2', places: ['C'], userGroups: groups(['S0', 'S1']) }))).allowed, true);
    assert.deepEqual(await decideAccess(people, slack({ userId: 'U3', places: ['C'], userGroups: groups(['S0']) })), { allowed: false, reason: 'user' });
    assert.deepEqual(await decideAccess(people, slack({ userId: 'U4', places: ['C'] })), { allowed: false, reason: 'user' }, 'no lookup available: refused');
    const noGroups = parsePolicy({ access: { slackUsers: ['U1'] } }, 'citebot.yml');
    lookups = 0;
    assert.deepEqual(await decideAccess(noGroups, slack({ userId: 'U2', places: ['C'], userGroups: groups(['S1']) })), { allowed: false, reason: 'user' });
    assert.equal(lookups, 0, 'no groups named: never looked up');
  });

  it('the checks run in order: DM, channel, switch, then user', async () => {
    const strict = parsePolicy({ channels: [{ platform: 'slack', id: 'C1', mentions: false }], access: { channels: ['C1'], slackUsers: ['U1'] } }, 'citebot.yml');
    assert.deepEqual(await decideAccess(strict, slack({ userId: 'U9', places: ['C2'] })), { allowed: false, reason: 'channel' });
    assert.deepEqual(await decideAccess(strict, slack({ userId: 'U9', places: ['C1'] })), { allowed: false, reason: 'mention-off' });
    assert.deepEqual(await decideAccess(strict, slack({ userId: 'U9', places: ['C1'], entry: 'command' })), { allowed: false, reason: 'user' });
  });
});
