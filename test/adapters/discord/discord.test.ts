/**
 * End to end: the real discord.js Client, started by startDiscord, logs in to the fake Discord
 * server and answers with the real engine over a real (lexical-only) index.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { renderReply } from '../../../src/adapters/discord/render.ts';
import { startDiscord } from '../../../src/adapters/discord/start.ts';
import { restBudgetForTyping } from '../../../src/adapters/discord/handlers/message.ts';
import type { RESTOptions } from 'discord.js';
import type { RunningAdapter } from '../../../src/adapters/shared/running-adapter.ts';
import { t } from '../../../src/present/strings.ts';
import type { AnswerReply } from '../../../src/answer/types.ts';
import { bundledCorpus, makeTestCitebot, type TestCitebot } from '../../helpers/citebot.ts';
import { messageLimitProblems } from '../../fakes/discord/limits.ts';
import { managerPermissions } from '../../fakes/discord/payloads.ts';
import { FakeDiscord, type RecordedCall } from '../../fakes/discord/server.ts';
import { foldWhitespace, quotedText } from './helpers.ts';

const reactorSentence = (index: number): string =>
  `The zorblax reactor number ${index} hums quietly while the engineers record measurement ${index * 7} in the shared logbook for the night shift.`;
const longParagraph = (from: number): string =>
  Array.from({ length: 55 }, (_, index) => reactorSentence(from + index)).join(' ');

const extraCorpus: Record<string, string> = {
  'long.txt': [longParagraph(0), longParagraph(100), longParagraph(200)].join('\n\n'),
  'mentions.md':
    'Le canal des annonces a reçu ce message pour la réunion zorglub : @everyone la réunion zorglub commence, prévenez <@123> et le rôle <@&456> tout de suite.',
};

const routes = {
  callback: '/interactions/:id/:token/callback',
  webhookMessage: '/webhooks/:app/:token/messages/:message',
  followup: '/webhooks/:app/:token',
  channelMessages: '/channels/:channel/messages',
  typing: '/channels/:channel/typing',
  guildCommands: '/applications/:app/guilds/:guild/commands',
};

describe('Discord adapter, end to end against a fake Discord', () => {
  let fake: FakeDiscord;
  let engine: TestCitebot;
  let adapter: RunningAdapter | null = null;
  let startAdapter: () => Promise<RunningAdapter>;
  const corpusFiles = new Map<string, string>();
  const logLines: { level: number; msg: string }[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    for (const file of await readdir(bundledCorpus)) {
      corpusFiles.set(file, await readFile(join(bundledCorpus, file), 'utf8'));
    }
    for (const [file, content] of Object.entries(extraCorpus)) corpusFiles.set(file, content);
    engine = await makeTestCitebot({ corpus: Object.fromEntries(corpusFiles), env: { CHUNK_MAX_CHARS: '8000' } });
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
    const log = pino({ level: 'info', base: undefined }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
    startAdapter = () =>
      startDiscord({
        citebot: engine.citebot,
        log,
        config: {
          ...engine.config,
          DISCORD_TOKEN: fake.token,
          DISCORD_APP_ID: fake.ids.app,
          DISCORD_GUILD_ID: fake.ids.guild,
          DISCORD_API_URL: fake.apiUrl,
        },
      });
    adapter = await startAdapter();
  });

  after(async () => {
    await adapter?.stop();
    await fake?.close();
    await engine?.close();
    process.off('unhandledRejection', onUnhandled);
  });

  /** The successful final edit of an interaction's deferred reply. */
  const finalEdit = (token: string, since = 0): Promise<RecordedCall> =>
    fake.waitForCall(
      (call) => call.method === 'PATCH' && call.route === routes.webhookMessage && call.params.token === token && call.status === 200,
      { since },
    );

  const callback = (token: string): RecordedCall | undefined =>
    fake.calls.find((call) => call.route === routes.callback && call.params.token === token && call.status === 204);

  /** True when the quoted text of a description is verbatim in some corpus file (whitespace folded). */
  const fileQuoting = (description: string): string | undefined => {
    const quoted = foldWhitespace(quotedText(description));
    if (quoted === '') return undefined;
    for (const [file, text] of corpusFiles) if (foldWhitespace(text).includes(quoted)) return file;
    return undefined;
  };

  const expectedMessages = async (command: string, text: string, count?: number) =>
    renderReply(await engine.citebot.run(command, { text, lang: 'en', ...(count ? { count } : {}) })).messages.length;

  it('registers the slash commands in the guild at start-up, with French localizations and the ask options', () => {
    const put = fake.callsTo('PUT', routes.guildCommands).find((call) => call.status === 200);
    assert.ok(put, 'PUT guild commands');
    assert.equal(put.params.guild, fake.ids.guild);
    const names = (put.body as { name: string }[]).map((command) => command.name);
    assert.deepEqual(names, ['ask', 'quote', 'brief', 'sources', 'status', 'help']);
    const ask = (put.body as { name: string; description_localizations: { fr: string }; options: { name: string; type: number }[] }[])[0];
    assert.ok(ask?.description_localizations.fr.length);
    assert.deepEqual(
      ask?.options.map((option) => [option.name, option.type]),
      [['question', 3], ['count', 4], ['private', 5]],
    );
  });

  it('/ask is deferred at once, then edited with a verbatim passage and its citation', async () => {
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('ask', { question: 'Qui Mark Rutte a-t-il rencontré en Roumanie ?' }, { locale: 'fr' });
    const edit = await finalEdit(token, since);
    const defer = callback(token);
    assert.ok(defer && fake.calls.indexOf(defer) < fake.calls.indexOf(edit), 'deferred before the edit');
    assert.equal(defer.body.type, 5);
    assert.equal(defer.body.data?.flags ?? 0, 0, '/ask is public by default');
    assert.deepEqual(edit.body.allowed_mentions, { parse: [] });
    const embeds = edit.body.embeds as { description: string }[];
    assert.ok(embeds.length >= 1);
    const first = embeds[0]?.description ?? '';
    assert.equal(fileQuoting(first), '000_1cb8f8b5dc050c03.txt', `verbatim passage: ${first}`);
    assert.match(first, /\*\*[^*]+\*\*/, 'best sentence in bold');
    assert.match(first, /^— `000_1cb8f8b5dc050c03\.txt` · ¶ \d+$/m, 'citation line');
    assert.match(edit.body.content, /Ce que dit le corpus/);
    const buttons = (edit.body.components as { components: { custom_id: string }[] }[])[0]?.components ?? [];
    assert.ok(buttons.some((button) => button.custom_id.startsWith('citebot:up:')));
  });

  it('a private /ask is deferred as ephemeral (flags 64)', async () => {
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('ask', { question: 'Qui Mark Rutte a-t-il rencontré en Roumanie ?', private: true });
    await finalEdit(token, since);
    assert.equal(callback(token)?.body.data?.flags, 64);
    assert.equal(Number(fake.originalResponse(token)?.flags) & 64, 64);
  });

  it('a private answer has "Share in channel": it posts the same answer publicly, citations kept, and removes the private copy', async () => {
    const buttonIds = (message: Record<string, unknown> | null | undefined) =>
      ((message?.components as { components: { custom_id: string }[] }[] | undefined)?.[0]?.components ?? []).map((button) => button.custom_id);
    const descriptionsOf = (message: Record<string, unknown>) => ((message.embeds as { description: string }[] | undefined) ?? []).map((embed) => embed.description);
    const question = 'Qui Mark Rutte a-t-il rencontré en Roumanie ?';
    const since = fake.calls.length;
    const publicAsk = fake.sendSlashCommand('ask', { question });
    await finalEdit(publicAsk.token, since);
    assert.ok(!buttonIds(fake.originalResponse(publicAsk.token)).some((id) => id.startsWith('citebot:share:')), 'no Share under a public answer');

    const privateAsk = fake.sendSlashCommand('quote', { topic: 'Roumanie OTAN engagement réciproque', private: true }, { locale: 'fr' });
    await finalEdit(privateAsk.token, since);
    const original = fake.originalResponse(privateAsk.token);
    assert.ok(original);
    assert.equal(Number(original.flags) & 64, 64);
    const share = buttonIds(original).find((id) => id.startsWith('citebot:share:'));
    assert.ok(share, buttonIds(original).join(', '));
    const shareButton = ((original.components as { components: { custom_id: string; label?: string }[] }[])[0]?.components ?? []).find((button) => button.custom_id === share);
    assert.equal(shareButton?.label, t('fr', 'shareInChannel'));

    const click = fake.clickButton(share, original, { locale: 'fr' });
    const posted = await fake.waitFor(() => fake.followups(click.token)[0]);
    assert.equal(callback(click.token)?.body.type, 6, 'deferred update');
    assert.equal(Number(posted.flags ?? 0) & 64, 0, 'posted publicly');
    assert.deepEqual(descriptionsOf(posted), descriptionsOf(original), 'the same quote with the same citation');
    assert.match(descriptionsOf(posted).join('\n'), /— .*`\d{3}_[0-9a-f]+\.txt` · ¶ \d+/);
    assert.ok(!buttonIds(posted).some((id) => id.startsWith('citebot:share:')), 'the public copy has no Share');
    await fake.waitFor(() => fake.originalResponse(click.token) === null);
  });

  it('/status shows why search is lexical-only to server admins only; every reply shows the short line', async () => {
    const fieldsOf = (token: string) =>
      ((fake.originalResponse(token)?.embeds as { fields?: { name: string; value: string }[]; footer?: { text: string } }[] | undefined) ?? [])[0];
    const since = fake.calls.length;
    const member = fake.sendSlashCommand('status', {});
    await finalEdit(member.token, since);
    const admin = fake.sendSlashCommand('status', {}, { permissions: managerPermissions });
    await finalEdit(admin.token, since);
    const reasonField = (token: string) => fieldsOf(token)?.fields?.find((field) => field.name === t('en', 'modeReasonLabel'));
    assert.equal(reasonField(member.token), undefined, 'an ordinary member does not see server folders');
    assert.match(reasonField(admin.token)?.value ?? '', /test: no embedding model/);
    assert.equal(fieldsOf(member.token)?.footer?.text, t('en', 'lexicalOnlyShort'));
  });

  it('/quote answers with the quotation in bold, verbatim, with its citation', async () => {
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('quote', { topic: 'Roumanie OTAN engagement réciproque' });
    const edit = await finalEdit(token, since);
    const description = (edit.body.embeds as { description: string }[])[0]?.description ?? '';
    assert.match(description, /^> .*\*\*.+\*\*/m);
    assert.ok(fileQuoting(description.replace(/[«»“”]/g, '')), `verbatim quote: ${description}`);
    assert.match(description, /^— (.+ · )?`[\w.]+` · ¶ \d+$/m);
  });

  it('/brief answers with cited passages grouped by source', async () => {
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('brief', { topic: 'OTAN industrie défense' });
    const edit = await finalEdit(token, since);
    assert.match(edit.body.content, /Briefing|Synthèse/);
    const descriptions = (edit.body.embeds as { description: string }[]).map((embed) => embed.description);
    assert.ok(descriptions.length >= 1);
    for (const description of descriptions) {
      // A source heading with its file, then each passage followed by its own "— ¶ n" line.
      assert.match(description, /^(\*\*.+\*\* · )?`[\w.]+`/);
      const passages = description.split(/^— ¶ \d+$/m).slice(0, -1);
      assert.ok(passages.length >= 1, description);
      for (const passage of passages) assert.ok(fileQuoting(passage), `verbatim brief passage: ${passage}`);
    }
  });

  it('/help and /sources answer ephemerally', async () => {
    for (const command of ['help', 'sources']) {
      const since = fake.calls.length;
      const { token } = fake.sendSlashCommand(command);
      const edit = await finalEdit(token, since);
      assert.equal(callback(token)?.body.data?.flags, 64, command);
      assert.ok((edit.body.embeds as unknown[]).length >= 1);
    }
  });

  it('answers an off-topic question with a short no-answer in the user’s language and the closest topics', async () => {
    for (const [question, expected] of [
      ['recette de la tarte aux pommes', t('fr', 'noAnswer')],
      ['how do I bake sourdough bread', t('en', 'noAnswer')],
    ] as const) {
      const since = fake.calls.length;
      const { token } = fake.sendSlashCommand('ask', { question });
      const edit = await finalEdit(token, since);
      assert.ok(edit.body.content.startsWith(expected), edit.body.content);
      assert.match(edit.body.content, /\n- .*`[\w.]+`/, 'closest topics listed');
      assert.deepEqual(edit.body.embeds, []);
      assert.deepEqual(edit.body.components, []);
    }
  });

  it('splits an answer longer than Discord’s limits over several messages, each within them', async () => {
    const question = 'zorblax reactor engineers logbook';
    const expected = await expectedMessages('ask', question, 10);
    assert.ok(expected > 1, 'the fixture answer needs several messages');
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('ask', { question, count: 10 });
    await finalEdit(token, since);
    await fake.waitFor(() => fake.followups(token).length === expected - 1);
    const sent = fake.calls.slice(since).filter((call) => call.params.token === token && call.method !== 'GET');
    assert.ok(sent.every((call) => call.status < 300), sent.map((call) => `${call.method} ${call.route} ${call.status}`).join('\n'));
    const bodies = [fake.originalResponse(token), ...fake.followups(token)];
    const quoted: string[] = [];
    for (const body of bodies) {
      assert.deepEqual(messageLimitProblems(body as never), []);
      for (const embed of (body?.embeds ?? []) as { description: string }[]) {
        assert.equal(fileQuoting(embed.description), 'long.txt');
        quoted.push(embed.description);
      }
    }
    assert.ok(quoted.some((description) => description.length > 3000), 'embeds are filled');
    for (const followup of fake.followups(token)) assert.equal(Number(followup.flags) & 64, 0, 'public follow-ups');
  });

  it('never lets corpus text ping: @everyone and <@123> go out with allowed_mentions parse []', async () => {
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('ask', { question: 'réunion zorglub annonces' });
    const edit = await finalEdit(token, since);
    assert.deepEqual(edit.body.allowed_mentions, { parse: [] });
    const description = (edit.body.embeds as { description: string }[])[0]?.description ?? '';
    assert.ok(description.includes('@everyone'));
    assert.ok(description.includes('\\<@123>') && description.includes('\\<@&456>'), 'mentions shown as text');

    const message = fake.sendMessage({ content: `<@${fake.ids.bot}> réunion zorglub annonces` });
    const reply = await fake.waitForCall(
      (call) => call.route === routes.channelMessages && call.body.message_reference?.message_id === message.id,
      { since },
    );
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], replied_user: false });
    assert.ok(JSON.stringify(reply.body.embeds).includes('@everyone'));
  });

  it('answers a mention with a reply to the message, and in a thread inside the thread', async () => {
    for (const where of ['guild', 'thread'] as const) {
      const since = fake.calls.length;
      const message = fake.sendMessage({ content: `<@!${fake.ids.bot}>   Qui Mark Rutte a-t-il rencontré en Roumanie ?`, where });
      const reply = await fake.waitForCall(
        (call) => call.route === routes.channelMessages && call.body.message_reference?.message_id === message.id,
        { since },
      );
      assert.equal(reply.status, 200);
      assert.equal(reply.params.channel, where === 'thread' ? fake.ids.thread : fake.ids.channel);
      assert.equal(fileQuoting((reply.body.embeds as { description: string }[])[0]?.description ?? ''), '000_1cb8f8b5dc050c03.txt');
    }
  });

  it('leaves Discord markup out of the question: other mentions and custom emoji are ids, not words', async () => {
    const since = fake.calls.length;
    const message = fake.sendMessage({ content: `<@${fake.ids.bot}> <@999999999999999999> <#888888888888888888> Roumanie ? <:pepe:123456789012345678>` });
    const reply = await fake.waitForCall(
      (call) => call.route === routes.channelMessages && call.body.message_reference?.message_id === message.id,
      { since },
    );
    assert.ok(fileQuoting((reply.body.embeds as { description: string }[])[0]?.description ?? ''), 'answered with a passage, not turned away');
  });

  it('without the permission to reply, sends the answer as a plain message; without the permission to post, in a DM', async () => {
    let since = fake.calls.length;
    fake.failNext('POST', routes.channelMessages, { status: 403, code: 160002, message: 'Cannot reply without permission to read message history' });
    fake.sendMessage({ content: `<@${fake.ids.bot}> Qui Mark Rutte a-t-il rencontré en Roumanie ?` });
    const plain = await fake.waitForCall((call) => call.route === routes.channelMessages && call.status === 200, { since });
    assert.equal(plain.params.channel, fake.ids.channel);
    assert.equal(plain.body.message_reference, undefined);
    assert.ok(fileQuoting((plain.body.embeds as { description: string }[])[0]?.description ?? ''));

    since = fake.calls.length;
    fake.failNext('POST', routes.channelMessages, { status: 403, code: 50013, message: 'Missing Permissions' });
    fake.sendMessage({ content: `<@${fake.ids.bot}> Qui Mark Rutte a-t-il rencontré en Roumanie ?` });
    const answer = await fake.waitForCall((call) => call.route === routes.channelMessages && call.status === 200 && Array.isArray(call.body.embeds) && call.body.embeds.length > 0, { since });
    assert.equal(answer.params.channel, fake.ids.dmChannel, 'the answer went to the asker');
    const notice = fake.calls.slice(since).find((call) => call.route === routes.channelMessages && call.params.channel === fake.ids.dmChannel);
    assert.match(String(notice?.body.content), /permission/);
    assert.deepEqual(answer.body.allowed_mentions, { parse: [] });
  });

  it('answers a DM without a mention, in the DM', async () => {
    const since = fake.calls.length;
    const message = fake.sendMessage({ content: 'Qui Mark Rutte a-t-il rencontré en Roumanie ?', where: 'dm' });
    const reply = await fake.waitForCall(
      (call) => call.route === routes.channelMessages && call.body.message_reference?.message_id === message.id,
      { since },
    );
    assert.equal(reply.params.channel, fake.ids.dmChannel);
    assert.ok(fileQuoting((reply.body.embeds as { description: string }[])[0]?.description ?? ''));
  });

  it('ignores other bots, itself and guild messages that do not mention it; an empty mention gets the help', async () => {
    const since = fake.calls.length;
    fake.sendMessage({ content: `<@${fake.ids.bot}> Roumanie`, from: 'other-bot' });
    fake.sendMessage({ content: `<@${fake.ids.bot}> Roumanie`, from: 'self' });
    fake.sendMessage({ content: 'Roumanie, sans mention' });
    const empty = fake.sendMessage({ content: `<@${fake.ids.bot}>` });
    const reply = await fake.waitForCall((call) => call.route === routes.channelMessages && call.status === 200, { since });
    assert.equal(reply.body.message_reference?.message_id, empty.id, 'the first reply is to the empty mention');
    assert.match(JSON.stringify(reply.body.embeds), /\/ask/);
    assert.equal(fake.callsTo('POST', routes.channelMessages, since).length, 1);
  });

  it('"More" shows the next passages and removes its button; 👍 is logged and thanked privately', async () => {
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('ask', { question: 'Roumanie OTAN', count: 1 });
    await finalEdit(token, since);
    const original = fake.originalResponse(token);
    assert.ok(original);
    const ids = ((original.components as { components: { custom_id: string }[] }[])[0]?.components ?? []).map((button) => button.custom_id);
    const more = ids.find((id) => id.startsWith('citebot:more:'));
    const up = ids.find((id) => id.startsWith('citebot:up:'));
    assert.ok(more && up, `buttons: ${ids.join(', ')}`);

    const click = fake.clickButton(more, original);
    const page = await fake.waitFor(() => fake.followups(click.token)[0]);
    assert.equal(callback(click.token)?.body.type, 6, 'deferred update');
    const pageText = (page.embeds as { description: string }[])[0]?.description ?? '';
    assert.ok(fileQuoting(pageText), 'next page quotes the corpus');
    assert.notEqual(pageText, ((original.embeds as { description: string }[])[0] ?? { description: '' }).description);
    assert.match(String(page.content), /\(continued\)|\(suite\)/);
    const edited = await fake.waitFor(() => {
      const message = fake.originalResponse(token);
      const buttons = ((message?.components as { components: { custom_id: string }[] }[] | undefined)?.[0]?.components ?? []);
      return buttons.every((button) => !button.custom_id.startsWith('citebot:more:')) ? buttons : undefined;
    });
    assert.equal(edited.length, 2, 'feedback buttons kept');

    const vote = fake.clickButton(up, original);
    await fake.waitFor(() => callback(vote.token));
    const thanks = callback(vote.token);
    assert.equal(thanks?.body.type, 4);
    assert.equal(thanks?.body.data.flags, 64);
    const feedbackFile = join(engine.config.DATA_DIR, 'feedback.jsonl');
    const lines = await waitForFile(feedbackFile);
    const entry = JSON.parse(lines.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    assert.equal(entry.platform, 'discord');
    assert.equal(entry.vote, 'up');
    assert.equal(entry.question, 'Roumanie OTAN');
    assert.ok(Array.isArray(entry.passageIds) && entry.passageIds.length >= 1);
    assert.ok(typeof entry.userHash === 'string' && !String(entry.userHash).includes(fake.ids.user));
  });

  it('tells the user when a button’s answer has expired', async () => {
    const since = fake.calls.length;
    const { token } = fake.clickButton('citebot:up:unknownkey', { id: '1', channel_id: fake.ids.channel, components: [], flags: 0, author: {} });
    await fake.waitForCall((call) => call.route === routes.callback && call.params.token === token, { since });
    const reply = callback(token);
    assert.equal(reply?.body.data.flags, 64);
    assert.equal(reply?.body.data.content, t('en', 'answerExpired'));
  });

  it('a button still works after a restart: its answer is kept in DATA_DIR', async () => {
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('ask', { question: 'Roumanie OTAN', count: 1 });
    await finalEdit(token, since);
    const original = fake.originalResponse(token)!;
    const more = ((original.components as { components: { custom_id: string }[] }[])[0]?.components ?? []).map((button) => button.custom_id).find((id) => id.startsWith('citebot:more:'));
    assert.ok(more);
    await adapter?.stop();
    adapter = await startAdapter();
    const click = fake.clickButton(more, original);
    const page = await fake.waitFor(() => fake.followups(click.token)[0]);
    assert.ok(fileQuoting((page.embeds as { description: string }[])[0]?.description ?? ''), 'the next passages, not "expired"');
  });

  it('survives REST 500s beyond the client’s retries, logs them, and answers the next command', async () => {
    const since = fake.calls.length;
    fake.failNext('PATCH', routes.webhookMessage, { times: 4, status: 500 });
    const failed = fake.sendSlashCommand('ask', { question: 'Qui Mark Rutte a-t-il rencontré en Roumanie ?' });
    // The bot tells the asker something went wrong through an ephemeral follow-up.
    const notice = await fake.waitFor(() => fake.followups(failed.token)[0]);
    assert.equal(Number(notice.flags) & 64, 64);
    assert.equal(fake.callsTo('PATCH', routes.webhookMessage, since).filter((call) => call.status === 500).length, 4);
    assert.ok(logLines.some((line) => line.msg === 'discord: interaction failed'));

    fake.failNext('POST', routes.channelMessages, { times: 4, status: 500 });
    const lost = fake.sendMessage({ content: `<@${fake.ids.bot}> Roumanie` });
    await fake.waitFor(() => logLines.some((line) => line.msg === 'discord: could not answer a message'));
    assert.ok(fake.callsTo('POST', routes.channelMessages, since).every((call) => call.body.message_reference?.message_id === lost.id));

    const next = fake.sendSlashCommand('ask', { question: 'Qui Mark Rutte a-t-il rencontré en Roumanie ?' });
    const edit = await finalEdit(next.token, since);
    assert.ok(fileQuoting((edit.body.embeds as { description: string }[])[0]?.description ?? ''));
  });

  it('waits out a 429 on the interaction callback and still answers', async () => {
    const since = fake.calls.length;
    fake.failNext('POST', routes.callback, { status: 429, retryAfter: 0.05 });
    const { token } = fake.sendSlashCommand('ask', { question: 'Qui Mark Rutte a-t-il rencontré en Roumanie ?' });
    await finalEdit(token, since);
    assert.deepEqual(
      fake.callsTo('POST', routes.callback, since).map((call) => call.status),
      [429, 204],
    );
  });

  it('post() sends a rendered reply to a channel', async () => {
    const since = fake.calls.length;
    const reply = (await engine.citebot.run('brief', { text: 'OTAN industrie', lang: 'fr' })) as AnswerReply;
    await adapter?.post(fake.ids.channel, reply);
    const sent = fake.callsTo('POST', routes.channelMessages, since);
    assert.ok(sent.length >= 1 && sent.every((call) => call.status === 200 && call.params.channel === fake.ids.channel));
    assert.deepEqual(sent[0]?.body.allowed_mentions, { parse: [] });
  });

  it('turns an engine error into an ephemeral message, replacing the public placeholder', async () => {
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('ask', { question: '   ' });
    const notice = await fake.waitFor(() => fake.followups(token)[0]);
    assert.equal(Number(notice.flags) & 64, 64);
    assert.equal(notice.content, `⚠️ ${t('en', 'emptyText', { usage: '/ask question: …' })}`);
    assert.equal(fake.callsTo('DELETE', routes.webhookMessage, since)[0]?.status, 204, 'public "thinking…" removed');
    assert.equal(fake.originalResponse(token), null);
  });

  it('resumes its gateway session after a disconnect and keeps answering', async () => {
    const identified = fake.identifyCount;
    fake.disconnectAll();
    await fake.waitFor(() => fake.resumeCount >= 1 && fake.openSessions === 1);
    assert.equal(fake.identifyCount, identified, 'resumed, not re-identified');
    const since = fake.calls.length;
    const { token } = fake.sendSlashCommand('ask', { question: 'Qui Mark Rutte a-t-il rencontré en Roumanie ?' });
    const edit = await finalEdit(token, since);
    assert.ok(fileQuoting((edit.body.embeds as { description: string }[])[0]?.description ?? ''));
  });

  it('starts even when command registration fails (logged), and answers', async () => {
    const other = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
    other.failNext('PUT', routes.guildCommands, { status: 500 });
    const lines: { msg: string }[] = [];
    const log = pino({ level: 'info', base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const second = await startDiscord({
      citebot: engine.citebot,
      log,
      restOptions: { retries: 0 },
      config: { ...engine.config, DISCORD_TOKEN: other.token, DISCORD_APP_ID: other.ids.app, DISCORD_GUILD_ID: other.ids.guild, DISCORD_API_URL: other.apiUrl },
    });
    try {
      assert.equal(other.callsTo('PUT', routes.guildCommands)[0]?.status, 500);
      assert.ok(lines.some((line) => line.msg.startsWith('discord: slash command registration failed')));
      const { token } = other.sendSlashCommand('status');
      await other.waitForCall((call) => call.route === routes.webhookMessage && call.params.token === token && call.status === 200);
    } finally {
      await second.stop();
      await other.close();
    }
  });

  for (const typingDelayMs of [0, 60_000]) {
    it(typingDelayMs === 0 ? 'shows typing while a mention is answered (typingDelayMs 0)' : 'a mention answered before the typing delay gets no typing indicator', async () => {
      const other = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
      const second = await startDiscord({
        typingDelayMs,
        citebot: engine.citebot,
        log: pino({ level: 'silent' }),
        config: { ...engine.config, DISCORD_TOKEN: other.token, DISCORD_APP_ID: other.ids.app, DISCORD_GUILD_ID: other.ids.guild, DISCORD_API_URL: other.apiUrl },
      });
      try {
        const message = other.sendMessage({ content: `<@${other.ids.bot}> Qui Mark Rutte a-t-il rencontré en Roumanie ?` });
        await other.waitForCall((call) => call.route === routes.channelMessages && call.body.message_reference?.message_id === message.id);
        // A fresh client: its REST budget is untouched, so typing is never left out for it here.
        if (typingDelayMs === 0) await other.waitForCall((call) => call.method === 'POST' && call.route === routes.typing && call.params.channel === other.ids.channel);
        else assert.equal(other.callsTo('POST', routes.typing).length, 0);
      } finally {
        await second.stop();
        await other.close();
      }
    });
  }

  it('typing is left out while half of the second’s global REST budget is spent, or what is left is owed to the answers in progress', () => {
    const options = { globalRequestsPerSecond: 50 } as RESTOptions;
    const now = 1_000_000;
    assert.equal(restBudgetForTyping({ globalRemaining: 50, globalReset: -1, options }, 0, now), true, 'no request yet');
    assert.equal(restBudgetForTyping({ globalRemaining: 40, globalReset: now + 500, options }, 1, now), true);
    assert.equal(restBudgetForTyping({ globalRemaining: 25, globalReset: now + 500, options }, 1, now), false);
    assert.equal(restBudgetForTyping({ globalRemaining: 0, globalReset: now - 1, options }, 1, now), true, 'the second is over');
    assert.equal(restBudgetForTyping({ globalRemaining: 40, globalReset: now + 500, options }, 40, now), false, '40 answers in progress need the 40 requests left');
    assert.equal(restBudgetForTyping({ globalRemaining: 0, globalReset: now - 1, options }, 60, now), false, 'a new second, but more answers in progress than it carries');
  });

  it('stop() closes the gateway session, and nothing leaked an unhandled rejection', async () => {
    assert.equal(fake.openSessions, 1);
    await adapter?.stop();
    adapter = null;
    await fake.waitFor(() => fake.openSessions === 0);
    assert.deepEqual(unhandled, []);
  });
});

async function waitForFile(file: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const text = await readFile(file, 'utf8');
      if (text.trim() !== '') return text;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`${file} was not written`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
