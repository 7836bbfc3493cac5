/**
 * Messages: a message that @-mentions the bot, or any message in a DM with it, is a question.
 * "@citebot quote <topic>", "@citebot brief <topic>", "@citebot sources|status|help" pick those
 * commands; anything else is asked as is; an empty mention gets the help.
 */
import type { Message } from 'discord.js';
import type { CommandArgs } from '../../../answer/commands/types.ts';
import { parseTypedCommand } from '../../../present/typed-command.ts';
import { rememberReply, runSafely, type DiscordContext } from '../context.ts';
import { deliverToMessage } from '../deliver.ts';
import { renderReply } from '../render.ts';
import { langOfLocale } from '../../../text/lang.ts';

/** The question in a message, without the bot's mention(s); null when the bot was not addressed. */
export function questionText(content: string, botId: string, isDm: boolean): string | null {
  const mention = new RegExp(`<@!?${botId}>`, 'g');
  const mentioned = mention.test(content);
  if (!mentioned && !isDm) return null;
  return content.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

/** Entry point for MESSAGE_CREATE; never throws. */
export async function handleMessage(message: Message, context: DiscordContext): Promise<void> {
  try {
    const botId = message.client.user.id;
    if (message.author.bot || message.author.id === botId || message.system || message.webhookId) return;
    const isDm = !message.inGuild();
    const text = questionText(message.content, botId, isDm);
    if (text === null) return;

    if (message.channel.isSendable()) {
      message.channel.sendTyping().catch((error: unknown) => context.log.debug({ err: error }, 'discord: typing failed'));
    }
    const chosen = parseTypedCommand(text, context.citebot.commands);
    // The text carries its own language for questions; for bare commands, use the server's.
    const args: CommandArgs = { text: chosen.text, lang: langOfLocale(message.guild?.preferredLocale) };
    const started = Date.now();
    const reply = await runSafely(context, chosen.command, args);
    await deliverToMessage(message, renderReply(reply, { buttonKey: rememberReply(context, reply) }));
    context.log.info(
      { command: chosen.command, kind: reply.kind, dm: isDm, ms: Date.now() - started },
      'discord: message answered',
    );
  } catch (error) {
    context.log.error({ err: error, message: message.id, channel: message.channelId }, 'discord: could not answer a message');
  }
}
