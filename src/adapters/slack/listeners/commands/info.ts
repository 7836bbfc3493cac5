import type { App } from '@slack/bolt';
import type { CommandDefinition } from '../../../../answer/commands/types.ts';
import type { SlackDeps } from '../../deps.ts';
import { slackTextToPlain } from '../../incoming-text.ts';
import { respondWithReply } from './respond-with-reply.ts';

/** /sources, /status, /help: commands without a question (any text is passed on as is). */
export function registerInfoCommand(app: App, deps: SlackDeps, definition: CommandDefinition, slashName: string) {
  app.command(slashName, async ({ ack, respond, command }) => {
    await ack();
    await deps.tasks.run(() =>
      respondWithReply(deps, respond, definition.name, { text: slackTextToPlain(command.text ?? '', null) }),
    );
  });
}
