import type { App } from '@slack/bolt';
import { t } from '../../../../present/strings.ts';
import type { SlackDeps } from '../../deps.ts';
import { ACTION_IDS, renderText } from '../../render.ts';
import { onButton } from './button-context.ts';

/** 👍 / 👎: logged once per user and answer (user id hashed), and a private thank-you each time. */
export function registerFeedback(app: App, deps: SlackDeps): void {
  for (const [actionId, vote] of [
    [ACTION_IDS.voteUp, 'up'],
    [ACTION_IDS.voteDown, 'down'],
  ] as const) {
    onButton(app, deps, actionId, 'recording feedback', async ({ followup, body, respond }) => {
      await deps.feedback.record('slack', body.user.id, followup, vote);
      await respond({ response_type: 'ephemeral', replace_original: false, ...renderText(t(followup.lang, 'feedbackThanks')) });
    });
  }
}
