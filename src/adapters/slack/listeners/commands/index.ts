import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { registerInfoCommand } from './info.ts';
import { registerQuestionCommand } from './question.ts';

/** The slash command name of an engine command: SLACK_COMMAND_PREFIX "cb-" turns ask into /cb-ask. */
export function slashCommandName(prefix: string, name: string): string {
  return `/${prefix}${name}`;
}

/** One slash command per entry of the engine's single command list. */
export function registerCommands(app: App, deps: SlackDeps): void {
  for (const definition of deps.citebot.commands) {
    const slashName = slashCommandName(deps.config.SLACK_COMMAND_PREFIX, definition.name);
    if (definition.textOption !== null) registerQuestionCommand(app, deps, definition, slashName);
    else registerInfoCommand(app, deps, definition, slashName);
  }
}
