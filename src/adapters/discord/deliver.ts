/**
 * Sending rendered replies: as the edit of a deferred interaction plus follow-ups, as a reply to a
 * message plus messages in its channel, or to a channel. Every call sets allowedMentions itself
 * (on top of the client default) so no path can ping.
 */
import {
  DiscordAPIError,
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

/** Discord's refusals for want of a permission in a channel: Missing Access, Missing Permissions. */
const CANNOT_POST = new Set([50001, 50013]);
/** "Cannot reply without permission to read message history": the answer can still be sent, as a plain message. */
const CANNOT_REPLY = 160002;

const codeOf = (error: unknown) => (error instanceof DiscordAPIError ? error.code : null);

/**
 * Answer a message with a reply (in its channel or thread); further parts follow in the same channel.
 * Without the permission to reply, the answer is sent as a plain message; without the permission to post
 * there, it goes to the asker in a DM, after `cannotPostHere` (said in their language), rather than nowhere.
 */
export async function deliverToMessage(message: Message, rendered: RenderedReply, cannotPostHere: string): Promise<string[]> {
  const [first, ...rest] = rendered.messages;
  if (!first) return [];
  const channel = message.channel;
  let firstSent: Message;
  try {
    firstSent = await message.reply({ ...body(first), allowedMentions: noMentionsInReply, failIfNotExists: false });
  } catch (error) {
    const code = codeOf(error);
    if (code === CANNOT_REPLY && channel.isSendable()) firstSent = await channel.send({ ...body(first), allowedMentions: noMentions });
    else if (code !== null && CANNOT_POST.has(Number(code))) return deliverByDm(message, rendered, cannotPostHere);
    else throw error;
  }
  const sent: Message[] = [firstSent];
  for (const part of rest) {
    if (!channel.isSendable()) break;
    sent.push(await channel.send({ ...body(part), allowedMentions: noMentions }));
  }
  return sent.map((reply) => reply.id);
}

async function deliverByDm(message: Message, rendered: RenderedReply, cannotPostHere: string): Promise<string[]> {
  await message.author.send({ content: cannotPostHere, allowedMentions: noMentions });
  for (const part of rendered.messages) await message.author.send({ ...body(part), allowedMentions: noMentions });
  // Nothing was posted where the conversation is: no message there for a follow-up to reply to.
  return [];
}

export async function deliverToChannel(channel: SendableChannels, rendered: RenderedReply): Promise<void> {
  for (const message of rendered.messages) {
    await channel.send({ ...body(message), allowedMentions: noMentions });
  }
}
