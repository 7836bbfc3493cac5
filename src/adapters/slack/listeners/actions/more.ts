import type { App } from '@slack/bolt';
import { nextPageArgs } from '../../../../present/followups.ts';
import { logSlackError, render, type SlackDeps } from '../../deps.ts';
import { ACTION_IDS } from '../../render.ts';
import { type ButtonBody, messageContainer, respondExpired } from './button-context.ts';

/**
 * "More": the next passages of the same ranking. Under a private answer they come privately too; under a
 * posted answer (mention, DM, shared) they go to the same thread.
 */
export function registerMore(app: App, deps: SlackDeps): void {
  app.action<ButtonBody>(ACTION_IDS.more, async ({ ack, body, action, respond, client }) => {
    await ack();
    await deps.tasks.run(async () => {
      const followup = deps.buttons.decode(action.value);
      if (!followup) return respondExpired(respond).catch((error: unknown) => logSlackError(deps.log, error, 'expired button'));
      const where = messageContainer(body);
      try {
        const reply = await deps.citebot.run(followup.command, nextPageArgs(followup));
        if (where.ephemeral || !where.channel) {
          await respond({ response_type: 'ephemeral', replace_original: false, ...render(deps, reply, true) });
          return;
        }
        const isDm = where.channel.startsWith('D');
        await client.chat.postMessage({
          channel: where.channel,
          ...(where.threadTs && !isDm ? { thread_ts: where.threadTs } : {}),
          ...render(deps, reply, false),
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (error) {
        logSlackError(deps.log, error, 'More');
      }
    });
  });
}
