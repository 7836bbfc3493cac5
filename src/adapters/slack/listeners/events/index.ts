import type { App } from '@slack/bolt';
import { EventDedupe } from '../../dedupe.ts';
import type { SlackDeps } from '../../deps.ts';
import { registerAppMention } from './app-mention.ts';
import { registerDirectMessage } from './direct-message.ts';
import { registerThreadReply } from './thread-reply.ts';

/**
 * Events: a global middleware first drops re-deliveries (an event_id already seen, whatever the retry count
 * says, here or, with several replicas, by another replica), and a button click already handled (its
 * trigger_id); then the mention and DM listeners. Bolt has acked the event before any of this runs.
 */
export function registerEvents(app: App, deps: SlackDeps): void {
  const dedupe = new EventDedupe();
  app.use(async (args) => {
    const { body, context, next } = args;
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && (!dedupe.firstTime(eventId) || !(await deps.ops.claims.claim('slack-event', eventId)))) {
      deps.log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'Slack: re-delivered event skipped');
      return;
    }
    const action = body as { type?: unknown; trigger_id?: unknown };
    if (action.type === 'block_actions' && typeof action.trigger_id === 'string' && !(await deps.ops.claims.claim('slack-action', action.trigger_id))) {
      deps.log.info({ triggerId: action.trigger_id }, 'Slack: re-delivered button click skipped');
      // Acknowledged all the same, so that Slack does not deliver it again.
      await (args as { ack?: () => Promise<void> }).ack?.().catch(() => undefined);
      return;
    }
    await next();
  });
  registerAppMention(app, deps);
  registerDirectMessage(app, deps);
  registerThreadReply(app, deps);
}
