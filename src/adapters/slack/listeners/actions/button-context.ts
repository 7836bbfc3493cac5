import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { t } from '../../../../present/strings.ts';
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

/** A button whose follow-up is gone (kept in memory before a restart, or unreadable): say so, privately. */
export async function respondExpired(respond: RespondFn): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, ...renderText(t('en', 'answerExpired')) });
}
