import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { answerInConversation, slackConversationKey } from './conversation-answer.ts';

interface ChannelMessageEvent {
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
}

/**
 * A reply in the thread of one of citebot's answers, even without a mention, is a follow-up
 * (message.channels / message.groups events; channels:history / groups:history scopes). A reply that
 * mentions citebot is left to the app_mention listener, so it is answered once.
 */
export function registerThreadReply(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, client, context }) => {
    const message = event as unknown as ChannelMessageEvent;
    if (message.channel_type !== 'channel' && message.channel_type !== 'group') return;
    if (message.subtype || message.bot_id || !message.user || message.user === context.botUserId) return;
    if (!message.thread_ts || message.thread_ts === message.ts || !message.text || message.text.trim() === '') return;
    if (context.botUserId && message.text.includes(`<@${context.botUserId}`)) return;
    if (!deps.ops.conversations.has(slackConversationKey(message.channel, message.thread_ts))) return;
    await deps.tasks.run(() =>
      answerInConversation(deps, client, {
        channel: message.channel,
        user: message.user as string,
        messageTs: message.ts,
        threadTs: message.thread_ts,
        rawText: message.text as string,
        botUserId: context.botUserId,
        inChannel: true,
        entry: 'follow-up',
      }),
    );
  });
}
