import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { isPersonMessage, type SlackMessageEvent } from './person-message.ts';
import { answerInConversation, requestOfMessage } from './conversation-answer.ts';

/**
 * A direct message to the bot, answered in the DM. Edits, joins, bot posts (including the bot's own answers,
 * which come back as message events) carry a subtype or a bot_id and are ignored.
 */
export function registerDirectMessage(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, client, context }) => {
    const message = event as unknown as SlackMessageEvent;
    if (message.channel_type !== 'im') return;
    if (!isPersonMessage(message, context.botUserId)) return;
    await deps.tasks.run(() => answerInConversation(deps, client, requestOfMessage(message, context.botUserId, { inChannel: false, entry: 'mention' })));
  });
}
