/**
 * Buttons under an answer: "More" posts the next passages (and drops its own button from the page
 * it was on); 👍/👎 append to the feedback log and thank the voter privately.
 */
import { ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import type { CommandArgs } from '../../../answer/commands/types.ts';
import { t } from '../../../answer/strings.ts';
import { appendFeedback, hashUserId } from '../../shared/feedback-log.ts';
import type { Followup } from '../../shared/followups.ts';
import { parseButtonId } from '../buttons-ids.ts';
import { noMentions } from '../client.ts';
import { langFromLocale, rememberAnswer, runSafely, type DiscordContext } from '../context.ts';
import { renderReply } from '../render.ts';

/** The message's button rows without the More button (it has been used). */
function rowsWithoutMore(interaction: ButtonInteraction): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (const row of interaction.message.components) {
    const json = row.toJSON() as { type: number; components?: { type: number; custom_id?: string }[] };
    if (json.type !== ComponentType.ActionRow || !json.components) continue;
    const kept = json.components.filter(
      (component) => component.type === ComponentType.Button && parseButtonId(component.custom_id ?? '')?.action !== 'more',
    ) as APIButtonComponent[];
    if (kept.length > 0) rows.push({ type: ComponentType.ActionRow, components: kept });
  }
  return rows;
}

async function showMore(interaction: ButtonInteraction, followup: Followup, context: DiscordContext): Promise<void> {
  const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  await interaction.deferUpdate();
  const args: CommandArgs = { text: followup.text, offset: followup.nextOffset, count: followup.count, lang: followup.lang };
  const reply = await runSafely(context, followup.command, args);
  const key = rememberAnswer(context, reply, args);
  const rendered = renderReply(reply, { buttonKey: key });
  try {
    await interaction.editReply({ components: rowsWithoutMore(interaction), allowedMentions: noMentions });
  } catch (error) {
    context.log.warn({ err: error }, 'discord: could not remove the More button');
  }
  const onlyForAsker = ephemeral || rendered.ephemeral || (reply.kind === 'answer' && reply.passages.length === 0);
  for (const message of rendered.messages) {
    await interaction.followUp({
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      ...(onlyForAsker ? { flags: MessageFlags.Ephemeral } : {}),
      allowedMentions: noMentions,
    });
  }
}

async function recordVote(
  interaction: ButtonInteraction,
  followup: Followup,
  key: string,
  vote: 'up' | 'down',
  context: DiscordContext,
): Promise<void> {
  await interaction.reply({ content: t(followup.lang, 'feedbackThanks'), flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  const seen = `${key}:${interaction.user.id}:${vote}`;
  // Each (answer, user, vote) is logged once, however often the button is pressed.
  if (context.votesSeen.has(seen)) return;
  if (context.votesSeen.size >= 20000) context.votesSeen.clear();
  context.votesSeen.add(seen);
  await appendFeedback(context.feedbackFile, {
    platform: 'discord',
    vote,
    command: followup.command,
    question: followup.text,
    passageIds: followup.passageIds,
    userHash: hashUserId('discord', interaction.user.id),
    at: new Date().toISOString(),
  });
  context.log.info({ vote, command: followup.command }, 'discord: feedback recorded');
}

export async function handleButton(interaction: ButtonInteraction, context: DiscordContext): Promise<void> {
  const parsed = parseButtonId(interaction.customId);
  if (!parsed) return;
  const followup = context.followups.get(parsed.key);
  if (!followup) {
    await interaction.reply({
      content: t(langFromLocale(interaction.locale), 'answerExpired'),
      flags: MessageFlags.Ephemeral,
      allowedMentions: noMentions,
    });
    return;
  }
  if (parsed.action === 'more') await showMore(interaction, followup, context);
  else await recordVote(interaction, followup, parsed.key, parsed.action, context);
}
