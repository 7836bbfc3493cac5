/**
 * Slash commands: defer at once (Discord drops an interaction not acknowledged within 3 s), run
 * the command, then edit the deferred reply with the answer.
 */
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { CommandArgs } from '../../../answer/commands/types.ts';
import { t } from '../../../present/strings.ts';
import { noMentions } from '../client.ts';
import { rememberReply, runSafely, type DiscordContext } from '../context.ts';
import { deliverToInteraction } from '../deliver.ts';
import { countOptionName, privateOptionName } from '../register-commands.ts';
import { renderReply } from '../render.ts';
import { briefingCommandName } from '../briefing-command.ts';
import { handleBriefingAutocomplete, handleBriefingCommand } from './briefing.ts';
import { handleButton } from './buttons.ts';
import { langOfLocale } from '../../../text/lang.ts';

/** Answers only the asker needs to see. */
const ephemeralCommands = new Set(['help', 'sources', 'status']);

/** An option's value when it has the expected type (a stale registration may type it differently). */
function optionOf<T extends string | number | boolean>(
  interaction: ChatInputCommandInteraction,
  name: string,
  kind: 'string' | 'number' | 'boolean',
): T | null {
  const value = interaction.options.get(name)?.value;
  return typeof value === kind ? (value as T) : null;
}

async function handleSlashCommand(interaction: ChatInputCommandInteraction, context: DiscordContext): Promise<void> {
  const name = interaction.commandName;
  const isPrivate = optionOf<boolean>(interaction, privateOptionName, 'boolean') ?? false;
  const ephemeral = isPrivate || ephemeralCommands.has(name);
  // Acknowledge before any other work.
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});

  const definition = context.citebot.commands.find((command) => command.name === name);
  const text = definition?.textOption ? (optionOf<string>(interaction, definition.textOption, 'string') ?? '') : '';
  const rawCount = optionOf<number>(interaction, countOptionName, 'number');
  const count = rawCount !== null && Number.isInteger(rawCount) && rawCount >= 1 ? rawCount : null;
  const args: CommandArgs = { text, lang: langOfLocale(interaction.locale), ...(count !== null ? { count } : {}) };
  const started = Date.now();
  const reply = await runSafely(context, name, args);
  // Why search is lexical-only names server folders: shown to server admins only (never posted: /status is private).
  const showModeReason = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const rendered = renderReply(reply, { buttonKey: rememberReply(context, reply), isPrivate: ephemeral, showModeReason });
  await deliverToInteraction(interaction, rendered, ephemeral);
  context.log.info(
    { command: name, kind: reply.kind, noAnswer: reply.kind === 'answer' ? reply.noAnswer : undefined, ms: Date.now() - started, ephemeral },
    'discord: slash command answered',
  );
}

/** After a failure, tell the user something went wrong (best effort: the API may be what failed). */
async function tellUserItFailed(interaction: Interaction, context: DiscordContext): Promise<void> {
  if (!interaction.isRepliable()) return;
  const content = t(langOfLocale(interaction.locale), 'internalError');
  try {
    if (interaction.deferred || interaction.replied) {
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    } else {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    }
  } catch (error) {
    context.log.warn({ err: error, interaction: interaction.id }, 'discord: could not report the failure to the user');
  }
}

/** Entry point for INTERACTION_CREATE; never throws. */
export async function handleInteraction(interaction: Interaction, context: DiscordContext): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      if (interaction.commandName === briefingCommandName) await handleBriefingCommand(interaction, context);
      else await handleSlashCommand(interaction, context);
    } else if (interaction.isAutocomplete()) {
      if (interaction.commandName === briefingCommandName) await handleBriefingAutocomplete(interaction, context);
    } else if (interaction.isButton()) await handleButton(interaction, context);
  } catch (error) {
    context.log.error(
      { err: error, interaction: interaction.id, command: interaction.isCommand() ? interaction.commandName : undefined },
      'discord: interaction failed',
    );
    await tellUserItFailed(interaction, context);
  }
}
