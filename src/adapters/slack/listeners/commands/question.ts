import type { App } from '@slack/bolt';
import type { CommandDefinition } from '../../../../answer/commands/types.ts';
import { t } from '../../../../answer/strings.ts';
import { logSlackError, type SlackDeps } from '../../deps.ts';
import { slackTextToPlain } from '../../incoming-text.ts';
import { renderText } from '../../render.ts';
import { respondWithReply } from './respond-with-reply.ts';

/** /ask, /quote, /brief: commands that take a question. ack() first, the engine after. */
export function registerQuestionCommand(app: App, deps: SlackDeps, definition: CommandDefinition, slashName: string) {
  app.command(slashName, async ({ ack, respond, command }) => {
    await ack();
    await deps.tasks.run(async () => {
      const text = slackTextToPlain(command.text ?? '', null);
      if (text !== '') return respondWithReply(deps, respond, definition.name, { text });
      try {
        // The engine's answer to an empty question only serves to pick the user's language.
        const reply = await deps.citebot.run(definition.name, { text: '' });
        const usage = t(reply.lang, 'slashUsage', { command: command.command || slashName });
        await respond({ response_type: 'ephemeral', ...renderText(usage) });
      } catch (error) {
        logSlackError(deps.log, error, `usage for ${slashName}`);
      }
    });
  });
}
