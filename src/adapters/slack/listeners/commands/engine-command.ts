import type { App } from '@slack/bolt';
import type { CommandDefinition } from '../../../../answer/commands/types.ts';
import type { SlackDeps } from '../../deps.ts';
import { slackTextToPlain } from '../../incoming-text.ts';
import { respondWithReply } from './respond-with-reply.ts';

/**
 * Every slash command of the engine's list. ack() first, the engine after. The user's Slack language
 * is the fallback for text that shows none (an empty /ask gets its usage in that language).
 */
export function registerEngineCommand(app: App, deps: SlackDeps, definition: CommandDefinition, slashName: string) {
  app.command(slashName, async ({ ack, respond, command }) => {
    await ack();
    await deps.tasks.run(async () => {
      const text = slackTextToPlain(command.text ?? '', null);
      const lang = await deps.admins.lang(command.user_id);
      const isAdmin = definition.name === 'status' ? (await deps.admins.check(command.user_id)).admin : false;
      await respondWithReply(deps, respond, definition.name, { text, lang }, isAdmin);
    });
  });
}
