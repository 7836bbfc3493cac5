import type { App, BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import type { CommandArgs } from '../../../../answer/commands/types.ts';
import type { Reply } from '../../../../answer/types.ts';
import type { Followup } from '../../../../present/followups.ts';
import { t } from '../../../../present/strings.ts';
import { admit, recordAnswer, rescoped, runQueued, seconds } from '../../../shared/operations.ts';
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

/**
 * Run a button's command ("More", "Share") through the same gate as a question: a fresh citebot.yml
 * check (the policy in force now sets the document set and the language), the rate limits (told
 * privately, once per window) and the engine queue ("busy", privately). Null when turned away.
 */
export async function runGated(deps: SlackDeps, click: ButtonClick, args: CommandArgs): Promise<Reply | null> {
  const started = Date.now();
  const { followup, body, respond } = click;
  const user = body.user.id;
  const where = messageContainer(body);
  const isDm = where.channel?.startsWith('D') ?? false;
  const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, ...renderText(text) });
  const admission = await admit(
    deps.ops,
    { platform: 'slack', entry: 'button', isDm, userId: user, places: where.channel ? [where.channel] : [], userGroups: () => deps.userGroups.of(user) },
    followup.command,
  );
  if (!admission.ok) {
    deps.log.info({ user, channel: where.channel, outcome: admission.kind }, 'Slack: button click turned away');
    if (admission.kind === 'refused') await tell(t(followup.lang, admission.text));
    else if (admission.tell) await tell(t(followup.lang, 'rateLimited', { seconds: seconds(admission.retryAfterMs) }));
    return null;
  }
  const answered = await runQueued(deps.ops, deps.citebot, 'slack', followup.command, rescoped(args, admission.args));
  if (answered.busy) {
    await tell(t(followup.lang, 'busy', { seconds: seconds(answered.retryAfterMs) }));
    return null;
  }
  recordAnswer(deps.ops, 'slack', followup.command, answered.reply, started);
  return answered.reply;
}
