import type { App } from '@slack/bolt';
import { samePageArgs } from '../../../../present/followups.ts';
import { render, type SlackDeps } from '../../deps.ts';
import { ACTION_IDS } from '../../render.ts';
import { onButton, runGated } from './button-context.ts';

/**
 * "Share in channel" under a private answer: the same answer (the same page of the same ranking, run again:
 * an ephemeral message's blocks are not sent back with the click) is posted in the channel through the
 * response_url, which works even where the bot is not a member, then the private copy is deleted.
 * Gated like a question (runGated): a refusal, a limit or a full queue is told privately.
 */
export function registerShare(app: App, deps: SlackDeps): void {
  onButton(app, deps, ACTION_IDS.share, 'Share in channel', async (click) => {
    const { followup, respond } = click;
    const reply = await runGated(deps, click, samePageArgs(followup));
    if (!reply) return;
    await respond({ response_type: 'in_channel', replace_original: false, ...render(deps, reply, false) });
    await respond({ delete_original: true });
  });
}
