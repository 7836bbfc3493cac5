import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BriefingReply } from '../../../src/briefings/types.ts';
import type { Reply } from '../../../src/answer/types.ts';
import type { RunningAdapter } from '../../../src/adapters/shared/running-adapter.ts';
import { parseBriefings } from '../../../src/briefings/load.ts';
import { BriefingScheduler } from '../../../src/briefings/scheduler.ts';
import { BriefingStateStore } from '../../../src/briefings/state.ts';
import { rebuildTestIndex } from '../../helpers/citebot.ts';
import { createLogger } from '../../../src/log.ts';
import type { ApiCall } from '../../fakes/slack/fake-slack.ts';
import { waitFor } from '../../fakes/slack/fake-slack.ts';
import { assertVerbatim, BOT_TOKEN, type Block, blocksOf, contextTexts, type Harness, quoteSections, startHarness, unquote } from './harness.ts';

const log = createLogger('silent');
const LISTED_ADMIN = 'U0LISTED';

const briefings = parseBriefings(
  {
    briefings: [
      { name: 'morning', platform: 'slack', channel: 'C0BRIEF', topics: ['production de munitions', 'PURL'], schedule: '0 8 * * *', timezone: 'Europe/Paris', language: 'fr', items: 2 },
      { name: 'quiet', platform: 'slack', channel: 'C0QUIET', topics: ['Ukraine'], schedule: '30 9 * * *', timezone: 'UTC', skipWhenNothingNew: true },
      {
        name: 'everything',
        platform: 'slack',
        channel: 'C0LONG',
        topics: ['OTAN', 'Roumanie', 'munitions', 'Ukraine', 'défense', 'Russie', 'Mark Rutte', 'sommet de La Haye', 'dépenses de défense', 'mer Noire'],
        schedule: '0 12 * * *',
        timezone: 'UTC',
        items: 10,
      },
      { name: 'elsewhere', platform: 'discord', channel: '111', topics: ['OTAN'], schedule: '0 12 * * *', timezone: 'UTC' },
    ],
  },
  'briefings.yml',
);

/** Every Block Kit limit a message must keep, and no buttons under a briefing. */
function assertWithinLimits(message: Record<string, unknown>): void {
  const blocks = blocksOf(message);
  assert.ok(blocks.length > 0 && blocks.length <= 50, `${blocks.length} blocks`);
  assert.ok(typeof message.text === 'string' && message.text.length > 0 && message.text.length <= 3000, 'text fallback');
  for (const block of blocks) {
    if (block.type === 'header') assert.ok((block.text?.text.length ?? 0) <= 150);
    if (block.type === 'section') assert.ok((block.text?.text.length ?? 0) <= 3000);
    assert.notEqual(block.type, 'actions', 'no buttons under a briefing');
  }
}

const headerText = (message: Record<string, unknown>) => (blocksOf(message)[0] as Block).text?.text;
const citationsOf = (message: Record<string, unknown>) => contextTexts(message).filter((text) => /¶ \d+/.test(text));
const highlightsOf = (reply: BriefingReply) => reply.topics.flatMap((topic) => topic.passages.map((passage) => passage.highlight.trim()));

describe('Slack briefings: scheduled posts and /briefing preview (real Bolt, real engine and scheduler, fake Slack)', () => {
  let h: Harness;
  const previewCalls: string[] = [];

  before(async () => {
    h = await startHarness({
      env: { SLACK_ADMIN_USERS: `U0SOMEONE,${LISTED_ADMIN}` },
      briefings: (citebot, engine) => {
        const scheduler = new BriefingScheduler({
          citebot,
          briefings,
          adapterFor: () => undefined,
          state: new BriefingStateStore(join(engine.dir, 'data', 'preview-state.json')),
          log,
        });
        // The real scheduler, its preview calls counted.
        return {
          get names() {
            return scheduler.names;
          },
          preview(name: string) {
            previewCalls.push(name);
            return scheduler.preview(name);
          },
        };
      },
    });
    await h.fake.socketConnected();
  });
  after(async () => {
    await h?.close();
  });

  /** A real scheduler posting through the running Slack adapter, the replies it posts recorded. */
  function schedulerPostingToSlack(stateFile: string) {
    const replies: BriefingReply[] = [];
    const slack: RunningAdapter = {
      platform: 'slack',
      async post(channel: string, reply: Reply | BriefingReply) {
        if (reply.kind === 'briefing') replies.push(reply);
        await h.adapter.post(channel, reply);
      },
      stop: () => h.adapter.stop(),
    };
    const scheduler = new BriefingScheduler({
      citebot: h.citebot,
      briefings,
      adapterFor: (platform) => (platform === 'slack' ? slack : undefined),
      state: new BriefingStateStore(join(h.dataDir, stateFile)),
      log,
    });
    return { scheduler, replies };
  }

  const postsTo = (channel: string): ApiCall[] => h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === channel);

  async function slash(text: string, user: string) {
    const sent = h.fake.slashCommand({ command: '/briefing', text, user });
    const first = await waitFor(() => h.fake.responsesTo(sent.responseUrl)[0], `a response to /briefing ${text}`);
    assert.ok(h.fake.acks.some((ack) => ack.envelope_id === sent.envelopeId), '/briefing was acked');
    return { ...sent, first };
  }

  test('a briefing fires at its time and is posted to its channel: local date, verbatim highlights, citations, new marks', async () => {
    const { scheduler, replies } = schedulerPostingToSlack('state-fires.json');
    await scheduler.tick(new Date('2026-11-23T06:59:00Z'));
    assert.equal(postsTo('C0BRIEF').length, 0, 'nothing before 08:00 Paris');
    await scheduler.tick(new Date('2026-11-23T07:00:05Z'));
    const posts = postsTo('C0BRIEF');
    assert.equal(posts.length, 1, 'one message for a short briefing');
    assert.equal(replies.length, 1);
    const call = posts[0]!;
    assert.equal(call.token, BOT_TOKEN);
    assert.equal(String(call.args.unfurl_links), 'false', 'no link previews');
    const message = call.args;
    assertWithinLimits(message);
    assert.equal(headerText(message), 'Synthèse — morning');
    const contexts = contextTexts(message);
    assert.ok(contexts.some((text) => /^lundi 23 novembre 2026\D+08:00 \(Europe\/Paris\)$/.test(text)), 'the time in the briefing’s zone and language');
    assert.ok(contexts.includes('Sujets : production de munitions · PURL'));
    assert.ok(!contexts.some((text) => text.includes('Aperçu')), 'a scheduled briefing is not marked as a preview');
    assert.ok(contexts.includes('Recherche lexicale seule : les mots sont comparés, pas le sens.'), 'the lexical-only mode is stated, in one short French line');
    assert.ok(!JSON.stringify(message).includes('no embedding model'), 'the reason (server paths) never reaches the channel');

    const quotes = quoteSections(message).map(unquote);
    assert.ok(quotes.length >= 2, 'passages on both topics');
    assert.deepEqual(quotes, highlightsOf(replies[0]!), 'each passage quoted by its highlight sentence, in order');
    const citations = citationsOf(message);
    assert.equal(citations.length, quotes.length, 'one citation per passage');
    quotes.forEach((quote, index) => {
      const file = assertVerbatim(quote, h.corpus);
      assert.ok(citations[index]?.includes(file), `cites ${file}`);
      assert.ok(citations[index]?.startsWith('*🆕 nouveau* · '), 'the first briefing marks every passage new');
    });

    await scheduler.tick(new Date('2026-11-23T07:01:00Z'));
    assert.equal(postsTo('C0BRIEF').length, 1, 'not posted twice');
  });

  test('nothing new and skipWhenNothingNew: nothing is posted', async () => {
    const { scheduler } = schedulerPostingToSlack('state-quiet.json');
    await scheduler.tick(new Date('2026-11-23T09:30:00Z'));
    const first = postsTo('C0QUIET').length;
    assert.equal(first, 1, 'the first briefing is posted');
    await scheduler.tick(new Date('2026-11-24T09:30:00Z'));
    assert.equal(postsTo('C0QUIET').length, first, 'the next day, with nothing new, nothing is posted');
  });

  test('a long briefing is split over several chat.postMessage calls, each within the limits', async () => {
    const { scheduler, replies } = schedulerPostingToSlack('state-long.json');
    await scheduler.tick(new Date('2026-11-23T12:00:00Z'));
    const posts = postsTo('C0LONG');
    assert.ok(posts.length >= 2, `${posts.length} messages`);
    for (const post of posts) assertWithinLimits(post.args);
    assert.equal(headerText(posts[0]!.args), 'Briefing — everything');
    for (const post of posts.slice(1)) assert.equal(headerText(post.args), 'Briefing — everything (continued)');
    const quotes = posts.flatMap((post) => quoteSections(post.args).map(unquote));
    assert.deepEqual(quotes, highlightsOf(replies[0]!), 'every passage once, in order, across the messages');
    assert.equal(postsTo('111').length, 0, 'the Discord briefing is not posted to Slack');
  });

  test('/briefing preview is refused to a member, and the previewer is not called', async () => {
    const before = previewCalls.length;
    const posted = h.fake.callsOf('chat.postMessage').length;
    const { first, responseUrl } = await slash('preview morning', 'U0BOB');
    assert.equal(first.response_type, 'ephemeral');
    assert.match(String(first.text), /Only workspace admins and owners, or users listed in SLACK_ADMIN_USERS, can preview briefings/);
    assert.equal(previewCalls.length, before, 'the previewer was not called');
    assert.equal(h.fake.responsesTo(responseUrl).length, 1);
    assert.equal(h.fake.callsOf('chat.postMessage').length, posted, 'nothing posted');
    assert.ok(h.fake.callsOf('users.info').some((call) => call.args.user === 'U0BOB'), 'the workspace role was asked');
  });

  test('when users.info fails the preview is refused, saying why', async () => {
    h.fake.setUser('U0ADMINX', { is_admin: true });
    h.fake.failMethod('users.info', { error: 'missing_scope' }, 1);
    const before = previewCalls.length;
    const { first } = await slash('preview morning', 'U0ADMINX');
    assert.equal(first.response_type, 'ephemeral');
    assert.match(String(first.text), /could not be checked \(missing_scope\).*users:read/);
    assert.equal(previewCalls.length, before);
  });

  test('a listed admin gets the briefing now, privately, marked as a preview; nothing is posted', async () => {
    const posted = h.fake.callsOf('chat.postMessage').length;
    const { first, responseUrl } = await slash('preview morning', LISTED_ADMIN);
    assert.deepEqual(previewCalls.at(-1), 'morning');
    const responses = h.fake.responsesTo(responseUrl);
    assert.equal(responses.length, 1);
    assert.equal(first.response_type, 'ephemeral');
    assert.equal(first.replace_original, false);
    assertWithinLimits(first);
    assert.equal(headerText(first), 'Synthèse — morning');
    assert.ok(contextTexts(first).some((text) => text.includes('Aperçu (visible par vous seul ; rien n’a été publié)')));
    const quotes = quoteSections(first).map(unquote);
    assert.ok(quotes.length > 0);
    for (const quote of quotes) assertVerbatim(quote, h.corpus);
    assert.equal(h.fake.callsOf('chat.postMessage').length, posted, 'a preview is not posted to the channel');
    await assert.rejects(readFile(join(h.engine.dir, 'data', 'preview-state.json')), 'a preview changes no briefing state');
  });

  test('a workspace admin gets the usage and the known names in their language; an unknown name lists them; users.info is cached', async () => {
    h.fake.setUser('U0CAMILLE', { is_admin: true, locale: 'fr-FR' });
    const usage = await slash('', 'U0CAMILLE');
    assert.equal(usage.first.response_type, 'ephemeral');
    assert.match(String(usage.first.text), /^Utilisation : \/briefing preview &lt;nom&gt;.*Synthèses connues : morning, quiet, everything, elsewhere\.$/);
    const help = await slash('help', 'U0CAMILLE');
    assert.equal(help.first.text, usage.first.text);
    const before = previewCalls.length;
    const unknown = await slash('preview nope', 'U0CAMILLE');
    assert.equal(unknown.first.text, 'Synthèse inconnue « nope ». Synthèses connues : morning, quiet, everything, elsewhere.');
    assert.equal(previewCalls.length, before, 'an unknown name never reaches the previewer');
    assert.equal(h.fake.callsOf('users.info').filter((call) => call.args.user === 'U0CAMILLE').length, 1, 'one users.info for three commands');

    h.fake.setUser('U0OWNER', { is_primary_owner: true });
    const owner = await slash('preview quiet', 'U0OWNER');
    assert.equal(headerText(owner.first), 'Briefing — quiet', 'the primary owner may preview too');
  });

  test('new marks follow a corpus change: after a rebuild only the changed file’s passages are new', async () => {
    const { scheduler, replies } = schedulerPostingToSlack('state-changes.json');
    await scheduler.tick(new Date('2026-11-24T07:00:00Z'));
    await scheduler.tick(new Date('2026-11-25T07:00:00Z'));
    const unchanged = postsTo('C0BRIEF').at(-1)!.args;
    assert.equal(replies.length, 2);
    assert.ok(citationsOf(unchanged).every((text) => !text.includes('🆕')), 'same corpus: nothing marked new');

    const changedFile = '004_4245ddf72926b519.txt';
    const addition = '\nLe mécanisme PURL a atteint son objectif de production de munitions en décembre.\n';
    const config = h.engine.config;
    await appendFile(join(config.CORPUS_DIR, changedFile), addition);
    h.corpus[changedFile] = `${h.corpus[changedFile] ?? ''}${addition}`;
    await rebuildTestIndex(config);
    await scheduler.tick(new Date('2026-11-26T07:00:00Z'));
    const changed = postsTo('C0BRIEF').at(-1)!.args;
    const citations = citationsOf(changed);
    const marked = citations.filter((text) => text.startsWith('*🆕 nouveau*'));
    assert.ok(marked.length > 0, 'passages of the changed file are marked new');
    assert.ok(marked.every((text) => text.includes(changedFile)), 'only the changed file is new');
    assert.ok(citations.filter((text) => !text.startsWith('*🆕')).every((text) => !text.includes(changedFile)));
    for (const quote of quoteSections(changed).map(unquote)) assertVerbatim(quote, h.corpus);
  });
});
