import type { App, BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import type { Followup } from '../../../../present/followups.ts';
import { t } from '../../../../present/strings.ts';
import { logSlackError, type SlackDeps } from '../../deps.ts';
import { renderText } from '../../render.ts';

export type ButtonBody = BlockAction<ButtonAction>;

/** Where the clicked message lives: its channel, the thread to answer in, whether it was ephemeral. */
export function messageContainer(body: ButtonBody): { channel: string | null; threadTs: string | null; ephemeral: boolean } {
  const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean; thread_ts?: string };
  const channel = body.channel?.id ?? container.channel_id ?? null;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const threadTs = message?.thread_ts ?? container.thread_ts ?? message?.ts ?? container.message_ts ?? null;
  return { channel, threadTs, ephemeral: container.is_ephemeral === true };
}

export interface ButtonClick {
  followup: Followup;
  body: ButtonBody;
  respond: RespondFn;
  client: webApi.WebClient;
}

/**
 * A button listener: ack at once, then read the follow-up the button carries (saying privately when it is
 * gone: kept in memory before a restart, or unreadable) and run `handle`, logging its failure as `what`.
 */
export function onButton(app: App, deps: SlackDeps, actionId: string, what: string, handle: (click: ButtonClick) => Promise<void>): void {
  app.action<ButtonBody>(actionId, async ({ ack, body, action, respond, client }) => {
    await ack();
    await deps.tasks.run(async () => {
      try {
        const followup = deps.buttons.decode(action.value);
        if (!followup) {
          await respond({ response_type: 'ephemeral', replace_original: false, ...renderText(t(await deps.admins.lang(body.user.id), 'answerExpired')) });
          return;
        }
        await handle({ followup, body, respond, client });
      } catch (error) {
        logSlackError(deps.log, error, what);
      }
    });
  });
}
