import type { App } from '@slack/bolt';
import { nextPageArgs } from '../../../../present/followups.ts';
import { render, type SlackDeps } from '../../deps.ts';
import { webApiErrorCode } from '../../web-api-error.ts';
import { ACTION_IDS } from '../../render.ts';
import { messageContainer, onButton, runGated } from './button-context.ts';

/** Why the bot cannot post in a channel where its answer was shared by a person (see share.ts). */
const POSTED_THROUGH_RESPONSE_URL = new Set(['not_in_channel', 'channel_not_found']);

/**
 * "More": the next passages of the same ranking. Under a private answer they come privately too; under a
 * posted answer (mention, DM, shared) they go to the same thread. Gated like a question (runGated).
 */
export function registerMore(app: App, deps: SlackDeps): void {
  onButton(app, deps, ACTION_IDS.more, 'More', async (click) => {
    const { followup, body, respond, client } = click;
    const where = messageContainer(body);
    const reply = await runGated(deps, click, nextPageArgs(followup));
    if (!reply) return;
    if (where.ephemeral || !where.channel) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...render(deps, reply, true) });
      return;
    }
    const isDm = where.channel.startsWith('D');
    try {
      await client.chat.postMessage({
        channel: where.channel,
        ...(where.threadTs && !isDm ? { thread_ts: where.threadTs } : {}),
        ...render(deps, reply, false),
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (error) {
      // An answer shared through its response_url sits in a channel the bot may not be in: the clicker's response_url posts there too.
      if (!POSTED_THROUGH_RESPONSE_URL.has(webApiErrorCode(error) ?? '')) throw error;
      await respond({ response_type: 'in_channel', replace_original: false, ...render(deps, reply, false) });
    }
  });
}
