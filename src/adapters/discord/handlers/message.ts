/**
 * Messages: a message that @-mentions the bot, or any message in a DM with it, is a question.
 * "@citebot quote <topic>", "@citebot brief <topic>", "@citebot sources|status|help" pick those
 * commands; anything else is asked as is; an empty mention gets the help.
 */
import type { Message } from 'discord.js';
import type { Citebot } from '../../../answer/citebot.ts';
import type { CommandArgs } from '../../../answer/commands/types.ts';
import { langFromLocale, rememberAnswer, runSafely, type DiscordContext } from '../context.ts';
import { deliverToMessage } from '../deliver.ts';
import { renderReply } from '../render.ts';

/** The question in a message, without the bot's mention(s); null when the bot was not addressed. */
export function questionText(content: string, botId: string, isDm: boolean): string | null {
  const mention = new RegExp(`<@!?${botId}>`, 'g');
  const mentioned = mention.test(content);
  if (!mentioned && !isDm) return null;
  return content.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

/** Which command a message asks for, and its text. */
export function messageCommand(text: string, commands: Citebot['commands']): { command: string; text: string } {
  if (text === '') return { command: 'help', text: '' };
  const match = /^[/!]?(\S+)\s*([\s\S]*)$/.exec(text);
  const word = match?.[1]?.toLowerCase() ?? '';
  const rest = match?.[2]?.trim() ?? '';
  const definition = commands.find((command) => command.name === word);
  if (definition && definition.name !== 'ask') {
    if (definition.textOption === null && rest === '') return { command: definition.name, text: '' };
    if (definition.textOption !== null && rest !== '') return { command: definition.name, text: rest };
  }
  if (definition?.name === 'ask' && rest !== '') return { command: 'ask', text: rest };
  return { command: 'ask', text };
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
    const chosen = messageCommand(text, context.citebot.commands);
    // The text carries its own language for questions; for bare commands, use the server's.
    const args: CommandArgs = { text: chosen.text, lang: langFromLocale(message.guild?.preferredLocale) };
    const started = Date.now();
    const reply = await runSafely(context, chosen.command, args);
    const key = rememberAnswer(context, reply, args);
    await deliverToMessage(message, renderReply(reply, { buttonKey: key }));
    context.log.info(
      { command: chosen.command, kind: reply.kind, dm: isDm, ms: Date.now() - started },
      'discord: message answered',
    );
  } catch (error) {
    context.log.error({ err: error, message: message.id, channel: message.channelId }, 'discord: could not answer a message');
  }
}
