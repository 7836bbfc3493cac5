import type { App } from '@slack/bolt';
import { EventDedupe } from '../../dedupe.ts';
import type { SlackDeps } from '../../deps.ts';
import { registerAppMention } from './app-mention.ts';
import { registerDirectMessage } from './direct-message.ts';
import { registerThreadReply } from './thread-reply.ts';

/**
 * Events: a global middleware first drops re-deliveries (an event_id already seen, whatever the retry count
 * says), then the mention and DM listeners. Bolt has acked the event before any of this runs.
 */
export function registerEvents(app: App, deps: SlackDeps): void {
  const dedupe = new EventDedupe();
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !dedupe.firstTime(eventId)) {
      deps.log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'Slack: re-delivered event skipped');
      return;
    }
    await next();
  });
  registerAppMention(app, deps);
  registerDirectMessage(app, deps);
  registerThreadReply(app, deps);
}
