/**
 * Slash commands from the engine's single command list, as Discord application command JSON
 * (English descriptions with French localizations), and their registration by bulk overwrite:
 * to one guild when a guild id is given (instant), else globally.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  Routes,
  type APIApplicationCommandOption,
  type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, CommandOption } from '../../answer/commands/types.ts';
import { briefingCommandPayload } from './briefing-command.ts';

/** Option names the Discord adapter reads besides each command's text option. */
export const privateOptionName = 'private';
export const countOptionName = 'count';

const privateOption: CommandOption = {
  name: privateOptionName,
  description: { en: 'Show the answer to you only', fr: 'Afficher la réponse pour vous seul' },
  type: 'boolean',
  required: false,
};

const countOption: CommandOption = {
  name: countOptionName,
  description: { en: 'How many passages to show (1 to 10)', fr: 'Nombre de passages à afficher (1 à 10)' },
  type: 'integer',
  required: false,
  minValue: 1,
  maxValue: 10,
};

/** Commands that get the adapter's extra options when the engine does not define them itself. */
const extraOptions: Record<string, CommandOption[]> = {
  ask: [countOption, privateOption],
  quote: [privateOption],
  brief: [countOption, privateOption],
};

/** Discord wants 1..100 characters for descriptions. */
function description(text: string): string {
  const trimmed = text.trim() || '…';
  return trimmed.length <= 100 ? trimmed : `${trimmed.slice(0, 99).trimEnd()}…`;
}

/** Discord option and command names: lowercase, 1..32 of [-_\p{L}\p{N}]. */
function discordName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^-_\p{L}\p{N}]/gu, '-')
    .slice(0, 32);
  return cleaned || 'x';
}

function optionJson(option: CommandOption): APIApplicationCommandOption {
  const base = {
    name: discordName(option.name),
    description: description(option.description.en),
    description_localizations: { fr: description(option.description.fr) },
    required: option.required,
  };
  switch (option.type) {
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(option.minValue !== undefined ? { min_value: option.minValue } : {}),
        ...(option.maxValue !== undefined ? { max_value: option.maxValue } : {}),
      };
    case 'string':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(option.maxLength !== undefined ? { max_length: Math.min(option.maxLength, 6000) } : {}),
      };
  }
}

/** The options a command shows on Discord: the engine's, plus `count` and `private` (with its Share button) where they apply. */
export function commandOptions(command: CommandDefinition): CommandOption[] {
  const options = [...command.options];
  for (const extra of extraOptions[command.name] ?? []) {
    if (!options.some((option) => option.name === extra.name)) options.push(extra);
  }
  // Discord requires required options before optional ones.
  return [...options.filter((option) => option.required), ...options.filter((option) => !option.required)].slice(0, 25);
}

/** The engine's commands, plus the admin `/briefing` when at least one briefing is configured. */
export function buildCommandPayloads(
  commands: readonly CommandDefinition[],
  briefingNames: readonly string[] = [],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const payloads = commands.map((command): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
    type: ApplicationCommandType.ChatInput,
    name: discordName(command.name),
    description: description(command.description.en),
    description_localizations: { fr: description(command.description.fr) },
    options: commandOptions(command).map(optionJson),
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  }));
  if (briefingNames.length > 0) payloads.push(briefingCommandPayload(briefingNames));
  return payloads;
}

export interface RegistrationResult {
  scope: 'guild' | 'global';
  count: number;
}

/** Replace the application's commands (PUT bulk overwrite): in `guildId` when given, else globally. */
export async function registerCommands(
  rest: REST,
  options: { appId: string; guildId?: string | undefined; commands: readonly CommandDefinition[]; briefingNames?: readonly string[] },
): Promise<RegistrationResult> {
  const body = buildCommandPayloads(options.commands, options.briefingNames);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.appId, options.guildId)
    : Routes.applicationCommands(options.appId);
  const saved = (await rest.put(route, { body })) as unknown[];
  return { scope: options.guildId ? 'guild' : 'global', count: Array.isArray(saved) ? saved.length : body.length };
}
