import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { isPersonMessage, type SlackMessageEvent } from './person-message.ts';
import { answerInConversation, requestOfMessage, slackConversationKey } from './conversation-answer.ts';
import { isPleasantry } from '../../../../present/typed-command.ts';
import { slackTextToPlain } from '../../incoming-text.ts';

/**
 * A reply in the thread of one of citebot's answers, even without a mention, is a follow-up
 * (message.channels / message.groups events; channels:history / groups:history scopes). A reply that
 * mentions citebot is left to the app_mention listener, so it is answered once.
 */
export function registerThreadReply(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, client, context }) => {
    const message = event as unknown as SlackMessageEvent;
    if (message.channel_type !== 'channel' && message.channel_type !== 'group') return;
    if (!isPersonMessage(message, context.botUserId)) return;
    if (!message.thread_ts || message.thread_ts === message.ts) return;
    if (context.botUserId && message.text.includes(`<@${context.botUserId}`)) return;
    // "thanks!" to the others in the thread is no question to citebot.
    if (isPleasantry(slackTextToPlain(message.text, context.botUserId))) return;
    const key = slackConversationKey(message.channel, message.thread_ts);
    // Replicas: the thread may have been answered by another one.
    if (deps.ops.conversations.shared) await deps.ops.conversations.sync(key);
    if (!deps.ops.conversations.has(key)) return;
    await deps.tasks.run(() => answerInConversation(deps, client, requestOfMessage(message, context.botUserId, { inChannel: true, entry: 'follow-up' })));
  });
}
