import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { answerInConversation } from './conversation-answer.ts';

interface PlainMessageEvent {
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
 * A direct message to the bot, answered in the DM. Edits, joins, bot posts (including the bot's own answers,
 * which come back as message events) carry a subtype or a bot_id and are ignored.
 */
export function registerDirectMessage(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, client, context }) => {
    const message = event as unknown as PlainMessageEvent;
    if (message.channel_type !== 'im') return;
    if (message.subtype || message.bot_id || !message.user || message.user === context.botUserId) return;
    if (!message.text || message.text.trim() === '') return;
    await deps.tasks.run(() =>
      answerInConversation(deps, client, {
        channel: message.channel,
        user: message.user as string,
        messageTs: message.ts,
        threadTs: message.thread_ts,
        rawText: message.text as string,
        botUserId: context.botUserId,
        inChannel: false,
        entry: 'mention',
      }),
    );
  });
}
