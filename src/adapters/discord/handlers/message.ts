/**
 * Messages: a message that @-mentions the bot, any message in a DM with it, and a follow-up in a
 * conversation where it answered (a reply to one of its answers, or a message in a thread where it
 * answered) are questions. "@citebot quote <topic>", "@citebot brief <topic>", "@citebot
 * sources|status|help" pick those commands; anything else is asked as is; an empty mention gets the help.
 * Without the Message Content intent a follow-up arrives empty unless it mentions citebot, so then
 * only mentioned follow-ups are answered.
 */
import type { Message, REST } from 'discord.js';
import type { CommandArgs } from '../../../answer/commands/types.ts';
import { isPleasantry, parseTypedCommand } from '../../../present/typed-command.ts';
import { t } from '../../../present/strings.ts';
import { rememberReply, runSafely, type DiscordContext } from '../context.ts';
import { deliverToMessage } from '../deliver.ts';
import { renderReply } from '../render.ts';
import { langOfLocale } from '../../../text/lang.ts';
import { noMentions, noMentionsInReply } from '../client.ts';
import { placesOf, rolesOf } from '../places.ts';
import { admit, recordAnswer, seconds } from '../../shared/operations.ts';
import { DelayedIndicator } from '../../shared/indicator.ts';
import { restBudget } from '../notices.ts';
import { discordTextToPlain } from '../incoming-text.ts';

/**
 * Whether a message's raw content @-mentions the bot, as a user or through its own role (the role Discord
 * gives an app in each server, which the mention autocomplete offers beside the bot).
 */
function mentionsBot(content: string, botId: string, botRoleId?: string): boolean {
  return new RegExp(`<@!?${botId}>`).test(content) || (botRoleId !== undefined && content.includes(`<@&${botRoleId}>`));
}

/** The question in a message as plain text (mentions, the bot's among them, dropped); null when the bot was not addressed. */
export function questionText(content: string, botId: string, isDm: boolean, isFollowUp = false, botRoleId?: string): string | null {
  if (!mentionsBot(content, botId, botRoleId) && !isDm && !isFollowUp) return null;
  return discordTextToPlain(content);
}

/** The conversation a guild message continues (a reply to an answer, or a thread citebot answered in), if any. */
function conversationOf(message: Message, context: DiscordContext): string | null {
  const conversations = context.ops.conversations;
  const referenced = message.reference?.messageId;
  if (referenced) {
    const key = conversations.resolve(referenced);
    if (key) return key;
  }
  if (message.channel.isThread()) {
    const key = `discord:thread:${message.channelId}`;
    if (conversations.has(key)) return key;
  }
  return null;
}

/** Replicas: bring the conversation a message may continue up to date from the database first. */
async function sharedConversationOf(message: Message, context: DiscordContext): Promise<string | null> {
  const conversations = context.ops.conversations;
  const referenced = message.reference?.messageId;
  if (referenced) await conversations.syncAlias(referenced);
  if (message.channel.isThread()) await conversations.sync(`discord:thread:${message.channelId}`);
  return conversationOf(message, context);
}

/**
 * Typing is a nicety: every request with the bot token counts against Discord's global limit (50 a
 * second, which discord.js enforces), and answers to mentions are such requests. Typing is not sent
 * when half of this second's budget is already spent, nor when what is left would not also carry one
 * request for each answer in progress (and, see DiscordContext.typingBudget, never more than
 * TYPING_PER_SECOND a second), so that under load it does not delay the answers.
 */
export function restBudgetForTyping(rest: Pick<REST, 'globalRemaining' | 'globalReset' | 'options'>, answering = 0, now = Date.now()): boolean {
  const left = restBudget(rest, now);
  return left > rest.options.globalRequestsPerSecond / 2 && left - 1 >= answering;
}

/** Bot-token requests a DM to the message's author takes: one, plus one to open the DM channel unless discord.js has it. */
function dmCost(message: Message): number {
  return message.author.dmChannel ? 1 : 2;
}

/** Entry point for MESSAGE_CREATE; never throws. */
export async function handleMessage(message: Message, context: DiscordContext): Promise<void> {
  try {
    const started = Date.now();
    const botId = message.client.user.id;
    if (message.author.bot || message.author.id === botId || message.system || message.webhookId) return;
    const isDm = !message.inGuild();
    const botRoleId = message.guild?.members.me?.roles.botRole?.id;
    const mentioned = mentionsBot(message.content, botId, botRoleId);
    // One process decides at once (discord.js updates a member's roles with the next event); replicas read the database first.
    const existing = isDm ? null : context.ops.conversations.shared ? await sharedConversationOf(message, context) : conversationOf(message, context);
    const text = questionText(message.content, botId, isDm, existing !== null, botRoleId);
    // A follow-up without a mention is empty when the Message Content intent is not granted.
    // Not addressed to citebot: an empty text (no Message Content intent) or "thanks!" to the others in the thread.
    if (text === null || (!mentioned && !isDm && (text === '' || isPleasantry(text)))) return;

    const chosen = parseTypedCommand(text, context.citebot.commands);
    const lang = langOfLocale(message.guild?.preferredLocale);
    const admission = await admit(
      context.ops,
      {
        platform: 'discord',
        entry: mentioned || isDm ? 'mention' : 'follow-up',
        isDm,
        userId: message.author.id,
        places: isDm ? [] : placesOf(message.client, message.channelId),
        roles: rolesOf(message.member),
      },
      chosen.command,
    );
    if (!admission.ok) {
      if (admission.kind === 'refused') {
        // A refused mention gets no reply at all (a channel is never flooded); a refused DM is told why.
        context.log.info({ user: message.author.id, channel: message.channelId, reason: admission.reason }, 'discord: message refused by citebot.yml (no reply)');
        if (isDm) await context.notices.send(1, () => message.reply({ content: t(lang, admission.text), allowedMentions: noMentions }));
      } else if (admission.tell) {
        // Limited: told once per window, privately (a DM), never in the channel; after the answers in progress.
        const retryAt = Date.now() + admission.retryAfterMs;
        await context.notices.send(dmCost(message), () =>
          message.author
            .send({ content: t(lang, 'rateLimited', { seconds: seconds(retryAt - Date.now()) }), allowedMentions: noMentions })
            .catch((error: unknown) => context.log.debug({ err: error }, 'discord: could not DM a limited user')),
        );
      }
      return;
    }

    // The conversation: the thread, or the chain of replies that starts at this mention.
    const key = isDm ? null : (existing ?? (message.channel.isThread() ? `discord:thread:${message.channelId}` : `discord:${message.channelId}:${message.id}`));
    const previous = key && chosen.command === 'ask' ? context.ops.conversations.previous(key) : [];
    const channel = message.channel;
    const typing = new DelayedIndicator(context.typingDelayMs, async () => {
      if (!channel.isSendable() || !restBudgetForTyping(message.client.rest, context.notices.answering) || !context.typingBudget.take('typing').ok) return false;
      return channel.sendTyping().then(
        () => true,
        (error: unknown) => {
          context.log.debug({ err: error }, 'discord: typing failed');
          return false;
        },
      );
    });
    // The text carries its own language for questions; for bare commands, use the server's.
    const args: CommandArgs = { text: chosen.text, lang, ...admission.args, ...(previous.length > 0 ? { previous } : {}) };
    // An answer in progress from here to its delivery: the private notices give way to it.
    const turnedAway = await context.notices.whileAnswering(async () => {
      const queued = await context.ops.queue.submit(() => runSafely(context, chosen.command, args));
      // Typing stops by itself when the answer is posted; it only must not start after that.
      void typing.stop();
      if (queued.busy) return queued;
      const reply = queued.value;
      const sent = await deliverToMessage(message, renderReply(reply, { buttonKey: rememberReply(context, reply) }), t(reply.lang, 'cannotPostHere'));
      recordAnswer(context.ops, 'discord', chosen.command, reply, started);
      if (key && reply.kind === 'answer') context.ops.conversations.record(key, reply.query, !reply.followsUp, sent);
      context.log.info(
        { command: chosen.command, kind: reply.kind, dm: isDm, followsUp: reply.kind === 'answer' ? (reply.followsUp ?? null) : null, ms: Date.now() - started },
        'discord: message answered',
      );
      return null;
    });
    if (turnedAway) {
      // Turned away, told privately as a limited asker is (a DM; in a DM, the reply): never a public
      // message in the channel, so a saturated citebot cannot flood it. Every turned-away question is
      // told, after the answers in progress (see notices.ts).
      context.ops.metrics?.question('discord', chosen.command, 'busy');
      const retryAt = Date.now() + turnedAway.retryAfterMs;
      await context.notices.send(isDm ? 1 : dmCost(message), () => {
        const notice = { content: t(lang, 'busy', { seconds: seconds(retryAt - Date.now()) }), allowedMentions: noMentions };
        const told = isDm ? message.reply({ ...notice, allowedMentions: noMentionsInReply }) : message.author.send(notice);
        return told.catch((error: unknown) => context.log.warn({ err: error, user: message.author.id }, 'discord: could not tell a turned-away asker (DMs closed?)'));
      });
    }
  } catch (error) {
    context.ops.metrics?.question('discord', 'ask', 'error');
    context.log.error({ err: error, message: message.id, channel: message.channelId }, 'discord: could not answer a message');
  }
}
