/**
 * Slash commands: the reply is deferred at once (Discord allows 3 s for the first response, and an
 * engine queue or a slow host must never miss it), then edited with the answer when it comes.
 * citebot.yml's refusals and the rate limits answer at once, privately.
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
import { langOfLocale, type Lang } from '../../../text/lang.ts';
import type { Reply } from '../../../answer/types.ts';
import { placesOf, rolesOf } from '../places.ts';
import { admit, recordAnswer, seconds } from '../../shared/operations.ts';
import { discordTextToPlain } from '../incoming-text.ts';

type Queued = { busy: false; value: Reply } | { busy: true; retryAfterMs: number };

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
  const started = Date.now();
  const isPrivate = optionOf<boolean>(interaction, privateOptionName, 'boolean') ?? false;
  const ephemeral = isPrivate || ephemeralCommands.has(name);
  const lang = langOfLocale(interaction.locale);
  const { ops } = context;
  const admission = await admit(
    ops,
    {
      platform: 'discord',
      entry: 'command',
      isDm: !interaction.inGuild(),
      userId: interaction.user.id,
      places: interaction.inGuild() ? placesOf(interaction.client, interaction.channelId) : [],
      roles: rolesOf(interaction.member),
    },
    name,
  );
  if (!admission.ok) {
    // An interaction must be answered: a refused or limited command gets a short private reply saying why.
    const content = admission.kind === 'refused' ? t(lang, admission.text) : t(lang, 'rateLimited', { seconds: seconds(admission.retryAfterMs) });
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    return;
  }

  const definition = context.citebot.commands.find((command) => command.name === name);
  const text = definition?.textOption ? discordTextToPlain(optionOf<string>(interaction, definition.textOption, 'string') ?? '') : '';
  const rawCount = optionOf<number>(interaction, countOptionName, 'number');
  const count = rawCount !== null && Number.isInteger(rawCount) && rawCount >= 1 ? rawCount : null;
  const args: CommandArgs = { text, lang, ...(count !== null ? { count } : {}), ...admission.args };
  // An answer in progress until delivered: private notices (DMs) give way to it (see notices.ts).
  await context.notices.whileAnswering(() => answerSlashCommand(interaction, context, { name, args, lang, ephemeral, started }));
}

async function answerSlashCommand(
  interaction: ChatInputCommandInteraction,
  context: DiscordContext,
  { name, args, lang, ephemeral, started }: { name: string; args: CommandArgs; lang: Lang; ephemeral: boolean; started: number },
): Promise<void> {
  const { ops } = context;
  // Deferred before the engine runs: a lexical search does not yield until it is done, so a deferral sent after
  // submitting would wait for the whole answer and could miss Discord's 3 s window.
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const queued: Queued = await ops.queue.submit(() => runSafely(context, name, args));
  if (queued.busy) {
    ops.metrics?.question('discord', name, 'busy');
    const content = t(lang, 'busy', { seconds: seconds(queued.retryAfterMs) });
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions }).then(() => interaction.deleteReply().catch(() => undefined));
    return;
  }
  const reply = queued.value;
  // Why search is lexical-only names server folders: shown to server admins only (never posted: /status is private).
  const showModeReason = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const rendered = renderReply(reply, { buttonKey: rememberReply(context, reply), isPrivate: ephemeral, showModeReason });
  await deliverToInteraction(interaction, rendered, ephemeral);
  recordAnswer(ops, 'discord', name, reply, started);
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
