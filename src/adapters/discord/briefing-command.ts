/**
 * The admin command `/briefing preview name:` as Discord application command JSON. Discord hides it
 * from members without Manage Server (default_member_permissions), but server admins can override
 * command permissions, so the handler checks the permission again at run time.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

export const briefingCommandName = 'briefing';
export const previewSubcommandName = 'preview';
export const briefingNameOptionName = 'name';

/** Discord allows at most 25 fixed choices; more names are offered through autocomplete. */
export const maxChoices = 25;

/** Manage Server, as the decimal string Discord expects ("32"). */
export const briefingPermission = PermissionFlagsBits.ManageGuild;

export function briefingCommandPayload(names: readonly string[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const fixedChoices = names.length >= 1 && names.length <= maxChoices;
  return {
    type: ApplicationCommandType.ChatInput,
    name: briefingCommandName,
    description: 'Scheduled briefings (server admins)',
    description_localizations: { fr: 'Synthèses programmées (administrateurs du serveur)' },
    default_member_permissions: briefingPermission.toString(),
    // A preview needs a server member's permissions: not offered in DMs.
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: previewSubcommandName,
        description: 'Show a scheduled briefing now, to you only',
        description_localizations: { fr: 'Afficher maintenant une synthèse programmée, pour vous seul' },
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: briefingNameOptionName,
            description: 'The briefing’s name in briefings.yml',
            description_localizations: { fr: 'Le nom de la synthèse dans briefings.yml' },
            required: true,
            ...(fixedChoices
              ? { choices: names.map((name) => ({ name, value: name })) }
              : { autocomplete: true }),
          },
        ],
      },
    ],
  };
}

/** The names offered while typing (autocomplete): those containing what was typed, at most 25. */
export function matchingNames(names: readonly string[], typed: string): string[] {
  const needle = typed.trim().toLowerCase();
  return names.filter((name) => name.toLowerCase().includes(needle)).slice(0, maxChoices);
}
