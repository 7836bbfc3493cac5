import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { answerInConversation } from './conversation-answer.ts';

/** "@citebot question" in a channel: answered in the thread of the message. */
export function registerAppMention(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, client, context }) => {
    if (event.bot_id || event.subtype || !event.user || event.user === context.botUserId) return;
    await deps.tasks.run(() =>
      answerInConversation(deps, client, {
        channel: event.channel,
        user: event.user as string,
        messageTs: event.ts,
        threadTs: event.thread_ts ?? event.ts,
        rawText: event.text,
        botUserId: context.botUserId,
        inChannel: true,
        entry: 'mention',
      }),
    );
  });
}
