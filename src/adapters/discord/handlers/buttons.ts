/**
 * Buttons under a reply: "More" posts the next passages (and drops its own button from the page it
 * was on); 👍/👎 log the vote once and thank the voter privately; "Share in channel" under a private
 * reply posts the same reply publicly, citations and all, and removes the private copy.
 * "More" and "Share" run the engine, so they pass the same gate as a question: a fresh citebot.yml
 * check (the policy in force now, its document set and language), the rate limits and the engine
 * queue; a refusal, a limit or a full queue is told privately. Votes do not run the engine.
 */
import { ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import { nextPageArgs, samePageArgs, type Followup } from '../../../present/followups.ts';
import { t } from '../../../present/strings.ts';
import type { Vote } from '../../../present/votes.ts';
import { parseButtonId } from '../buttons-ids.ts';
import { noMentions } from '../client.ts';
import { rememberReply, runSafely, type DiscordContext } from '../context.ts';
import { renderReply, type DiscordMessage } from '../render.ts';
import { langOfLocale } from '../../../text/lang.ts';
import type { CommandArgs } from '../../../answer/commands/types.ts';
import type { Reply } from '../../../answer/types.ts';
import { placesOf, rolesOf } from '../places.ts';
import { admit, recordAnswer, rescoped, seconds } from '../../shared/operations.ts';

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

async function followUpAll(interaction: ButtonInteraction, messages: DiscordMessage[], ephemeral: boolean): Promise<void> {
  for (const message of messages) {
    await interaction.followUp({
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      allowedMentions: noMentions,
    });
  }
}

type Scope = Pick<CommandArgs, 'folders' | 'fixedLang'>;

/** The policy in force and the rate limits, as for a question; a refusal or a limit is answered privately (null). */
async function admitClick(interaction: ButtonInteraction, followup: Followup, context: DiscordContext): Promise<Scope | null> {
  const inGuild = interaction.inGuild();
  const admission = await admit(
    context.ops,
    {
      platform: 'discord',
      entry: 'button',
      isDm: !inGuild,
      userId: interaction.user.id,
      places: inGuild ? placesOf(interaction.client, interaction.channelId) : [],
      roles: rolesOf(interaction.member),
    },
    followup.command,
  );
  if (admission.ok) return admission.args;
  // An interaction must be answered: told privately, as a refused or limited slash command is.
  const content = admission.kind === 'refused' ? t(followup.lang, admission.text) : t(followup.lang, 'rateLimited', { seconds: seconds(admission.retryAfterMs) });
  context.log.info({ user: interaction.user.id, channel: interaction.channelId, outcome: admission.kind }, 'discord: button click turned away');
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  return null;
}

/** Run the click's command through the engine queue (after the deferral); a full queue is told privately (null). */
async function runClick(interaction: ButtonInteraction, followup: Followup, args: CommandArgs, context: DiscordContext): Promise<Reply | null> {
  const queued = await context.ops.queue.submit(() => runSafely(context, followup.command, args));
  if (!queued.busy) return queued.value;
  context.ops.metrics?.question('discord', followup.command, 'busy');
  await interaction.followUp({ content: t(followup.lang, 'busy', { seconds: seconds(queued.retryAfterMs) }), flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  return null;
}

async function showMore(interaction: ButtonInteraction, followup: Followup, context: DiscordContext): Promise<void> {
  const started = Date.now();
  const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  const scope = await admitClick(interaction, followup, context);
  if (!scope) return;
  await context.notices.whileAnswering(() => deliverMore(interaction, followup, scope, context, started, ephemeral));
}

async function deliverMore(interaction: ButtonInteraction, followup: Followup, scope: Scope, context: DiscordContext, started: number, ephemeral: boolean): Promise<void> {
  await interaction.deferUpdate();
  const reply = await runClick(interaction, followup, rescoped(nextPageArgs(followup), scope), context);
  if (!reply) return;
  recordAnswer(context.ops, 'discord', followup.command, reply, started);
  const rendered = renderReply(reply, { buttonKey: rememberReply(context, reply), isPrivate: ephemeral });
  try {
    await interaction.editReply({ components: rowsWithoutMore(interaction), allowedMentions: noMentions });
  } catch (error) {
    context.log.warn({ err: error }, 'discord: could not remove the More button');
  }
  await followUpAll(interaction, rendered.messages, ephemeral || rendered.ephemeral || (reply.kind === 'answer' && reply.passages.length === 0));
}

async function share(interaction: ButtonInteraction, followup: Followup, context: DiscordContext): Promise<void> {
  const started = Date.now();
  const scope = await admitClick(interaction, followup, context);
  if (!scope) return;
  await context.notices.whileAnswering(() => deliverShare(interaction, followup, scope, context, started));
}

async function deliverShare(interaction: ButtonInteraction, followup: Followup, scope: Scope, context: DiscordContext, started: number): Promise<void> {
  await interaction.deferUpdate();
  const reply = await runClick(interaction, followup, rescoped(samePageArgs(followup), scope), context);
  if (!reply) return;
  recordAnswer(context.ops, 'discord', followup.command, reply, started);
  const rendered = renderReply(reply, { buttonKey: rememberReply(context, reply) });
  if (rendered.ephemeral && reply.kind === 'error') {
    await followUpAll(interaction, rendered.messages, true);
    return;
  }
  await followUpAll(interaction, rendered.messages, false);
  try {
    await interaction.deleteReply();
  } catch (error) {
    context.log.warn({ err: error }, 'discord: could not remove the private copy after sharing');
  }
  context.log.info({ command: followup.command }, 'discord: reply shared in the channel');
}

async function vote(interaction: ButtonInteraction, followup: Followup, choice: Vote, context: DiscordContext): Promise<void> {
  await interaction.reply({ content: t(followup.lang, 'feedbackThanks'), flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  if (await context.feedback.record('discord', interaction.user.id, followup, choice)) {
    context.log.info({ vote: choice, command: followup.command }, 'discord: feedback recorded');
  }
}

export async function handleButton(interaction: ButtonInteraction, context: DiscordContext): Promise<void> {
  const parsed = parseButtonId(interaction.customId);
  // A button of an older version of citebot, or one whose answer is forgotten: told so, never left as "This interaction failed".
  const followup = parsed ? context.followups.get(parsed.key) : undefined;
  if (!parsed || !followup) {
    await interaction.reply({
      content: t(langOfLocale(interaction.locale), 'answerExpired'),
      flags: MessageFlags.Ephemeral,
      allowedMentions: noMentions,
    });
    return;
  }
  if (parsed.action === 'more') await showMore(interaction, followup, context);
  else if (parsed.action === 'share') await share(interaction, followup, context);
  else await vote(interaction, followup, parsed.action, context);
}
