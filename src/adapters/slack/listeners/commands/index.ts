import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { registerBriefingCommand } from './briefing.ts';
import { registerEngineCommand } from './engine-command.ts';

/** The slash command name of an engine command: SLACK_COMMAND_PREFIX "cb-" turns ask into /cb-ask. */
export function slashCommandName(prefix: string, name: string): string {
  return `/${prefix}${name}`;
}

/**
 * One slash command per entry of the engine's single command list, plus the admin command /briefing
 * (registered even without briefings, so that it answers "none configured" rather than time out).
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  const prefix = deps.config.SLACK_COMMAND_PREFIX;
  for (const definition of deps.citebot.commands) {
    const slashName = slashCommandName(prefix, definition.name);
    registerEngineCommand(app, deps, definition, slashName);
  }
  registerBriefingCommand(app, deps, slashCommandName(prefix, 'briefing'));
}
