/**
 * `/briefing preview name:` (server admins): the scheduled briefing as it would be posted now, to
 * the admin only. Discord hides the command from members without Manage Server, but a server can
 * override command permissions, so the permission is checked here again before anything runs.
 */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { t } from '../../../present/strings.ts';
import type { Lang } from '../../../text/lang.ts';
import { briefingNameOptionName, briefingPermission, matchingNames, previewSubcommandName } from '../briefing-command.ts';
import { noMentions } from '../client.ts';
import { type DiscordContext } from '../context.ts';
import { deliverToInteraction } from '../deliver.ts';
import { escapeMarkdown } from '../escape.ts';
import { renderBriefing } from '../render-briefing.ts';
import { truncate } from '../../../present/cut.ts';
import { langOfLocale } from '../../../text/lang.ts';

type BriefingInteraction = ChatInputCommandInteraction | AutocompleteInteraction;

/** Why this member may not preview here, or null when they may. */
function refusal(interaction: BriefingInteraction, lang: Lang): string | null {
  if (!interaction.inGuild()) return t(lang, 'discordBriefingNotInDm');
  if (!interaction.memberPermissions?.has(briefingPermission)) return t(lang, 'discordBriefingNeedsManageServer');
  return null;
}

function knownNames(names: readonly string[]): string {
  return truncate(names.map((name) => `\`${name.replace(/`/g, "'")}\``).join(', '), 1500);
}

async function replyPrivately(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
  await interaction.reply({ content: truncate(content, 2000), flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
}

export async function handleBriefingCommand(interaction: ChatInputCommandInteraction, context: DiscordContext): Promise<void> {
  const lang = langOfLocale(interaction.locale);
  const log = context.log.child({ command: 'briefing', user: interaction.user.id, guild: interaction.guildId ?? undefined });
  // Every check below is synchronous, so a refusal is the interaction's (immediate) reply.
  const refused = refusal(interaction, lang);
  if (refused) {
    log.info({ reason: refused }, 'discord: /briefing refused');
    await replyPrivately(interaction, `⛔ ${refused}`);
    return;
  }
  const previewer = context.briefings;
  const names = previewer?.names ?? [];
  if (!previewer || names.length === 0) {
    await replyPrivately(interaction, t(lang, 'briefingNoneConfigured'));
    return;
  }
  const subcommand = interaction.options.getSubcommand(false);
  const value = interaction.options.get(briefingNameOptionName)?.value;
  const name = typeof value === 'string' ? value.trim() : '';
  if (subcommand !== previewSubcommandName) {
    await replyPrivately(interaction, t(lang, 'unknownCommand', { name: `briefing ${subcommand ?? ''}`.trim() }));
    return;
  }
  if (!names.includes(name)) {
    await replyPrivately(interaction, t(lang, 'briefingUnknown', { name: escapeMarkdown(truncate(name, 100), false), names: knownNames(names) }));
    return;
  }

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const started = Date.now();
  const reply = await previewer.preview(name);
  if (!reply) {
    await interaction.editReply({
      content: t(lang, 'briefingUnknown', { name: escapeMarkdown(name, false), names: knownNames(previewer.names) }),
      allowedMentions: noMentions,
    });
    return;
  }
  await deliverToInteraction(interaction, renderBriefing(reply), true);
  log.info({ briefing: name, topics: reply.topics.length, ms: Date.now() - started }, 'discord: briefing preview shown');
}

/** Names offered while the admin types (used when there are too many briefings for fixed choices). */
export async function handleBriefingAutocomplete(interaction: AutocompleteInteraction, context: DiscordContext): Promise<void> {
  const allowed = refusal(interaction, 'en') === null;
  const names = allowed ? (context.briefings?.names ?? []) : [];
  const typed = String(interaction.options.getFocused() ?? '');
  await interaction.respond(matchingNames(names, typed).map((name) => ({ name, value: name })));
}
