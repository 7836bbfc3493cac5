/**
 * citebot.yml on Slack, with the real Bolt against the fake Slack: per-channel switches (mentions,
 * follow-ups, commands) and the fixed answer language; user groups (usergroups.list); and the buttons
 * ("More", "Share") passing the same gate as a question: a fresh policy check, the rate limits, the queue.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parsePolicy } from '../../../src/access/load.ts';
import { OPEN_POLICY, type Policy } from '../../../src/access/schema.ts';
import { createOperations, type Operations } from '../../../src/adapters/shared/operations.ts';
import { ACTION_IDS } from '../../../src/adapters/slack/render.ts';
import { FAKE_BOT_USER_ID, waitFor } from '../../fakes/slack/fake-slack.ts';
import { findButton, startHarness, type Harness } from './harness.ts';

const corpus = {
  'rh/conges.md':
    '# Congés payés\n\nChaque salarié acquiert 25 jours de congés payés par an. Les congés payés de 2024 non pris se reportent jusqu’au 31 mai 2025.\n',
  'it/vpn.md': '# VPN\n\nPour configurer le VPN, installez le client WireGuard puis importez le profil de connexion fourni par le support informatique.\n',
};

const posts = (h: Harness, since: number) => h.fake.calls.slice(since).filter((call) => call.method === 'chat.postMessage');
const ephemerals = (h: Harness, since: number) => h.fake.calls.slice(since).filter((call) => call.method === 'chat.postEphemeral');
const textOf = (args: Record<string, unknown>) => `${String(args.text)}\n${JSON.stringify(args.blocks ?? [])}`;

function mention(h: Harness, text: string, options: { channel?: string; user?: string } = {}): string {
  const ts = h.fake.nextTs();
  h.fake.event({ event: { type: 'app_mention', user: options.user ?? 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> ${text}`, ts, channel: options.channel ?? 'C0GENERAL' } });
  return ts;
}

/**
 * Nothing was posted for what was sent since `since`: checked after a control question (in an open
 * channel) is answered, since events are handled in the order they arrive.
 */
async function assertNothingBut(h: Harness, since: number, what: string): Promise<void> {
  const runs = h.runs.length;
  const control = mention(h, 'Combien de jours de congés payés par an ?', { channel: 'C0OPEN' });
  const answer = await waitFor(() => posts(h, since).find((call) => call.args.thread_ts === control), 'the control answer');
  assert.equal(posts(h, since).length, 1, `${what}: nothing posted but the control answer`);
  assert.equal(ephemerals(h, since).length, 0, `${what}: nothing told privately either`);
  assert.equal(h.runs.length, runs + 1, `${what}: the engine ran for the control only`);
  assert.ok(answer);
}

describe('Slack: per-channel switches and the fixed language', () => {
  let h: Harness;
  after(async () => h?.close());
  const policy = parsePolicy(
    {
      channels: [
        { name: 'quiet', platform: 'slack', id: 'C0QUIET', mentions: false },
        { name: 'no-follow-ups', platform: 'slack', id: 'C0NOFOLLOW', followUps: false },
        { name: 'no-commands', platform: 'slack', id: 'C0NOCMD', commands: false },
        { name: 'english', platform: 'slack', id: 'C0EN', language: 'en' },
      ],
    },
    'citebot.yml',
  );

  it('mentions off: a mention there gets no reply at all', async () => {
    h = await startHarness({ corpus, operations: (config) => createOperations(config, { policy: () => policy }) });
    await h.fake.socketConnected();
    const since = h.fake.calls.length;
    mention(h, 'Combien de jours de congés payés par an ?', { channel: 'C0QUIET' });
    await assertNothingBut(h, since, 'mentions off');
  });

  it('follow-ups off: the mention is answered, a reply in its thread is not', async () => {
    let since = h.fake.calls.length;
    const root = mention(h, 'Combien de jours de congés payés par an ?', { channel: 'C0NOFOLLOW' });
    await waitFor(() => posts(h, since)[0], 'the answer to the mention');
    since = h.fake.calls.length;
    h.fake.event({ event: { type: 'message', channel_type: 'channel', user: 'U0ALICE', text: 'et en 2024 ?', ts: h.fake.nextTs(), thread_ts: root, channel: 'C0NOFOLLOW' } });
    await assertNothingBut(h, since, 'follow-ups off');
  });

  it('commands off: a slash command there is told privately it is turned off; mentions still work', async () => {
    const runs = h.runs.length;
    const { responseUrl } = h.fake.slashCommand({ command: '/ask', text: 'congés payés', channel: 'C0NOCMD' });
    const [reply] = await waitFor(() => (h.fake.responsesTo(responseUrl).length > 0 ? h.fake.responsesTo(responseUrl) : null), 'the refusal');
    assert.equal(reply!.response_type, 'ephemeral');
    assert.match(String(reply!.text), /turned off in this channel/);
    assert.equal(h.runs.length, runs, 'the engine did not run');
    const since = h.fake.calls.length;
    mention(h, 'Combien de jours de congés payés par an ?', { channel: 'C0NOCMD' });
    await waitFor(() => posts(h, since)[0], 'the mention answered');
  });

  it('a fixed language: a French question in an English channel is answered in English', async () => {
    let since = h.fake.calls.length;
    mention(h, 'Combien de jours de congés payés par an ?', { channel: 'C0EN' });
    const english = await waitFor(() => posts(h, since)[0], 'the English answer');
    assert.equal(h.runs.at(-1)!.args.fixedLang, 'en');
    assert.match(textOf(english.args), /Helpful/);
    assert.match(textOf(english.args), /conges\.md/);
    since = h.fake.calls.length;
    mention(h, 'Combien de jours de congés payés par an ?', { channel: 'C0GENERAL' });
    const french = await waitFor(() => posts(h, since)[0], 'the answer elsewhere');
    assert.equal(h.runs.at(-1)!.args.fixedLang, undefined);
    assert.match(textOf(french.args), /Utile/, 'elsewhere the question’s own language');
  });
});

describe('Slack: user groups', () => {
  let h: Harness;
  after(async () => h?.close());

  it('a member of a listed user group is answered; others (and members of a disabled group) are refused', async () => {
    const policy = parsePolicy({ access: { slackUsers: ['U0ALICE'], slackUserGroups: ['S0RH', 'S0OLD'] } }, 'citebot.yml');
    h = await startHarness({ corpus, operations: (config) => createOperations(config, { policy: () => policy }) });
    h.fake.setUserGroup('S0RH', { handle: 'rh', name: 'Ressources humaines', users: ['U0CAROL', 'U0ALICE'] });
    h.fake.setUserGroup('S0OLD', { handle: 'old', users: ['U0DAVE'], disabled: true });
    h.fake.setUserGroup('S0IT', { handle: 'it', users: ['U0ERIN'] });
    await h.fake.socketConnected();
    const since = h.fake.calls.length;
    mention(h, 'Combien de jours de congés payés par an ?', { user: 'U0DAVE' });
    mention(h, 'Combien de jours de congés payés par an ?', { user: 'U0ERIN' });
    const carol = mention(h, 'Combien de jours de congés payés par an ?', { user: 'U0CAROL' });
    const answer = await waitFor(() => posts(h, since)[0], 'Carol’s answer');
    assert.equal(answer.args.thread_ts, carol);
    const lookups = h.fake.callsOf('usergroups.list');
    assert.ok(lookups.length >= 1);
    assert.ok(lookups.every((call) => call.args.include_users === true || call.args.include_users === 'true'), 'asked with include_users');

    const { responseUrl } = h.fake.slashCommand({ command: '/ask', text: 'congés payés', user: 'U0ERIN' });
    const [refusal] = await waitFor(() => (h.fake.responsesTo(responseUrl).length > 0 ? h.fake.responsesTo(responseUrl) : null), 'Erin’s refusal');
    assert.match(String(refusal!.text), /not among the people allowed/);
    assert.equal(posts(h, since).length, 1, 'only Carol was answered');
    assert.equal(ephemerals(h, since).length, 0, 'the refused mentions got nothing');
  });

  it('the fake answers usergroups.list and usergroups.users.list as Slack shapes them', async () => {
    const call = async (method: string, body: Record<string, string>) =>
      (await (await fetch(`${h.fake.apiUrl}${method}`, { method: 'POST', headers: { authorization: 'Bearer xoxb-x' }, body: new URLSearchParams(body) })).json()) as Record<string, unknown>;
    const plain = (await call('usergroups.list', {})) as { usergroups: Record<string, unknown>[] };
    assert.deepEqual(plain.usergroups.map((group) => group.id), ['S0RH', 'S0IT'], 'disabled groups left out');
    assert.equal(plain.usergroups[0]!.users, undefined, 'no users without include_users');
    assert.equal(plain.usergroups[0]!.handle, 'rh');
    const withDisabled = (await call('usergroups.list', { include_disabled: 'true', include_users: 'true' })) as { usergroups: { id: string; users: string[] }[] };
    assert.deepEqual(withDisabled.usergroups.find((group) => group.id === 'S0OLD')?.users, ['U0DAVE']);
    assert.deepEqual(await call('usergroups.users.list', { usergroup: 'S0RH' }), { ok: true, users: ['U0CAROL', 'U0ALICE'] });
    assert.deepEqual(await call('usergroups.users.list', { usergroup: 'S0NONE' }), { ok: false, error: 'no_such_subteam' });
  });
});

describe('Slack: "More" and "Share" pass the same gate as a question', () => {
  const harnesses: Harness[] = [];
  after(async () => {
    for (const h of harnesses) await h.close();
  });
  let policy: Policy = OPEN_POLICY;
  let ops: Operations | null = null;
  let h: Harness;
  let more: { value: string };
  let share: { value: string };

  const click = async (actionId: string, value: string, user = 'U0ALICE') => {
    const sent = h.fake.blockAction({ actionId, value, ephemeral: true, user });
    return waitFor(() => h.fake.responsesTo(sent.responseUrl)[0], `the reply to ${actionId}`);
  };

  it('a fresh policy check: a user refused since the answer is told privately, and the engine does not run', async () => {
    h = await startHarness({ env: { ENGINE_CONCURRENCY: '1', ENGINE_QUEUE: '0' }, operations: async (config) => (ops = await createOperations(config, { policy: () => policy })) });
    harnesses.push(h);
    await h.fake.socketConnected();
    const { responseUrl } = h.fake.slashCommand({ command: '/ask', text: 'OTAN Roumanie défense sécurité' });
    const body = await waitFor(() => h.fake.responsesTo(responseUrl)[0], 'the answer');
    more = findButton(body, ACTION_IDS.more)!;
    share = findButton(body, ACTION_IDS.share)!;
    assert.ok(more && share, 'More and Share under the private answer');

    policy = parsePolicy({ access: { slackUsers: ['U0BOB'] } }, 'citebot.yml');
    const runs = h.runs.length;
    for (const actionId of [ACTION_IDS.more, ACTION_IDS.share]) {
      const reply = await click(actionId, actionId === ACTION_IDS.more ? more.value : share.value);
      assert.equal(reply.response_type, 'ephemeral');
      // In the answer's language (the question was French).
      assert.match(String(reply.text), /not among the people allowed|autorisées à interroger/);
    }
    assert.equal(h.runs.length, runs, 'neither button ran the engine');
  });

  it('the document set and language in force now apply, not those of the answer', async () => {
    policy = parsePolicy({ channels: [{ platform: 'slack', id: 'C0GENERAL', folders: ['archives'], language: 'en' }] }, 'citebot.yml');
    await click(ACTION_IDS.more, more.value);
    const run = h.runs.at(-1)!;
    assert.deepEqual(run.args.folders, ['archives']);
    assert.equal(run.args.fixedLang, 'en');
    assert.ok((run.args.offset ?? 0) > 0, 'still the next page');
    policy = OPEN_POLICY;
  });

  it('a full queue: the click is told privately "busy, try again in N s"', async () => {
    let release = () => {};
    const held = ops!.queue.submit(() => new Promise<void>((resolve) => (release = resolve)));
    const runs = h.runs.length;
    try {
      const reply = await click(ACTION_IDS.share, share.value);
      assert.equal(reply.response_type, 'ephemeral');
      assert.match(String(reply.text), /busy.*try again in \d+ s|occupé.*réessayez dans \d+ s/);
      assert.equal(h.runs.length, runs);
    } finally {
      release();
      await held;
    }
    const shared = await click(ACTION_IDS.share, share.value);
    assert.equal(shared.response_type, 'in_channel', 'answered once the queue is free');
  });

  it('the rate limit: a click past the user’s bucket is told privately when to ask again', async () => {
    const limited = await startHarness({ env: { RATE_LIMIT_USER: '1/3600' } });
    harnesses.push(limited);
    h = limited;
    await h.fake.socketConnected();
    const { responseUrl } = h.fake.slashCommand({ command: '/ask', text: 'OTAN Roumanie défense sécurité' });
    const body = await waitFor(() => h.fake.responsesTo(responseUrl)[0], 'the answer (the one token)');
    const button = findButton(body, ACTION_IDS.more)!;
    const runs = h.runs.length;
    const reply = await click(ACTION_IDS.more, button.value);
    assert.equal(reply.response_type, 'ephemeral');
    assert.match(String(reply.text), /ask again in \d+ s|Reposez votre question dans \d+ s/);
    assert.equal(h.runs.length, runs, 'the engine did not run');
  });
});
