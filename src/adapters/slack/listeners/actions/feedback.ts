import type { App } from '@slack/bolt';
import { t } from '../../../../answer/strings.ts';
import { appendFeedback, hashUserId } from '../../../shared/feedback-log.ts';
import { logSlackError, type SlackDeps } from '../../deps.ts';
import { ACTION_IDS, renderText } from '../../render.ts';
import { type ButtonBody, respondExpired } from './button-context.ts';

/** 👍 / 👎: one line in the shared feedback log (user id hashed), and a private thank-you. */
export function registerFeedback(app: App, deps: SlackDeps): void {
  for (const [actionId, vote] of [
    [ACTION_IDS.voteUp, 'up'],
    [ACTION_IDS.voteDown, 'down'],
  ] as const) {
    app.action<ButtonBody>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      await deps.tasks.run(async () => {
        const followup = deps.buttons.decode(action.value);
        if (!followup) return respondExpired(respond).catch((error: unknown) => logSlackError(deps.log, error, 'expired button'));
        try {
          await appendFeedback(deps.feedbackFile, {
            platform: 'slack',
            vote,
            command: followup.command,
            question: followup.text,
            passageIds: followup.passageIds,
            userHash: hashUserId('slack', body.user.id),
            at: new Date().toISOString(),
          });
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            ...renderText(t(followup.lang, 'feedbackThanks')),
          });
        } catch (error) {
          logSlackError(deps.log, error, 'recording feedback');
        }
      });
    });
  }
}
