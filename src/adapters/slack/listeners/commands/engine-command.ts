import type { App } from '@slack/bolt';
import type { CommandDefinition } from '../../../../answer/commands/types.ts';
import { t } from '../../../../present/strings.ts';
import type { SlackDeps } from '../../deps.ts';
import { slackTextToPlain } from '../../incoming-text.ts';
import { admit, seconds } from '../../../shared/operations.ts';
import { respondWithReply } from './respond-with-reply.ts';

/**
 * Every slash command of the engine's list. ack() first, the engine after. The user's Slack language
 * is the fallback for text that shows none (an empty /ask gets its usage in that language). A command
 * citebot.yml refuses gets a short private reply saying why; a limited one says when to ask again.
 */
export function registerEngineCommand(app: App, deps: SlackDeps, definition: CommandDefinition, slashName: string) {
  app.command(slashName, async ({ ack, respond, command }) => {
    await ack();
    await deps.tasks.run(async () => {
      const started = Date.now();
      const text = slackTextToPlain(command.text ?? '', null);
      const lang = await deps.admins.lang(command.user_id);
      const isDm = command.channel_id.startsWith('D') || command.channel_name === 'directmessage';
      const admission = await admit(
        deps.ops,
        { platform: 'slack', entry: 'command', isDm, userId: command.user_id, places: [command.channel_id], userGroups: () => deps.userGroups.of(command.user_id) },
        definition.name,
      );
      if (!admission.ok) {
        const notice =
          admission.kind === 'refused' ? t(lang, admission.text) : admission.tell ? t(lang, 'rateLimited', { seconds: seconds(admission.retryAfterMs) }) : null;
        if (notice) await respond({ response_type: 'ephemeral', replace_original: false, text: notice }).catch(() => undefined);
        return;
      }
      const isAdmin = definition.name === 'status' ? (await deps.admins.check(command.user_id)).admin : false;
      await respondWithReply(deps, respond, definition.name, { text, lang, ...admission.args }, isAdmin, started);
    });
  });
}
