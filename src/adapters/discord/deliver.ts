/**
 * Sending rendered replies: as the edit of a deferred interaction plus follow-ups, as a reply to a
 * message plus messages in its channel, or to a channel. Every call sets allowedMentions itself
 * (on top of the client default) so no path can ping.
 */
import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type SendableChannels,
} from 'discord.js';
import { noMentions, noMentionsInReply } from './client.ts';
import type { DiscordMessage, RenderedReply } from './render.ts';

type DeferredInteraction = ChatInputCommandInteraction | ButtonInteraction;

function body(message: DiscordMessage) {
  return { content: message.content, embeds: message.embeds, components: message.components };
}

/**
 * Answer a deferred interaction. `ephemeral` is how it was deferred; a reply meant for the asker
 * only (an error) under a public defer replaces the public placeholder with an ephemeral follow-up.
 */
export async function deliverToInteraction(
  interaction: DeferredInteraction,
  rendered: RenderedReply,
  ephemeral: boolean,
): Promise<void> {
  const [first, ...rest] = rendered.messages;
  if (!first) return;
  if (rendered.ephemeral && !ephemeral) {
    await interaction.deleteReply();
    for (const message of rendered.messages) {
      await interaction.followUp({ ...body(message), flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    }
    return;
  }
  await interaction.editReply({ ...body(first), allowedMentions: noMentions });
  for (const message of rest) {
    await interaction.followUp({
      ...body(message),
      ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      allowedMentions: noMentions,
    });
  }
}

/** Answer a message with a reply (in its channel or thread); further parts follow in the same channel. */
export async function deliverToMessage(message: Message, rendered: RenderedReply): Promise<string[]> {
  const [first, ...rest] = rendered.messages;
  if (!first) return [];
  const sent: Message[] = [await message.reply({ ...body(first), allowedMentions: noMentionsInReply, failIfNotExists: false })];
  const channel = message.channel;
  for (const part of rest) {
    if (!channel.isSendable()) break;
    sent.push(await channel.send({ ...body(part), allowedMentions: noMentions }));
  }
  return sent.map((reply) => reply.id);
}

export async function deliverToChannel(channel: SendableChannels, rendered: RenderedReply): Promise<void> {
  for (const message of rendered.messages) {
    await channel.send({ ...body(message), allowedMentions: noMentions });
  }
}
