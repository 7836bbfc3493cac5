import type { App } from '@slack/bolt';
import { t } from '../../../../present/strings.ts';
import { logSlackError, type SlackDeps } from '../../deps.ts';
import { ACTION_IDS, renderText } from '../../render.ts';
import { type ButtonBody, respondExpired } from './button-context.ts';

/** 👍 / 👎: logged once per user and answer (user id hashed), and a private thank-you each time. */
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
          await deps.feedback.record('slack', body.user.id, followup, vote);
          await respond({ response_type: 'ephemeral', replace_original: false, ...renderText(t(followup.lang, 'feedbackThanks')) });
        } catch (error) {
          logSlackError(deps.log, error, 'recording feedback');
        }
      });
    });
  }
}
