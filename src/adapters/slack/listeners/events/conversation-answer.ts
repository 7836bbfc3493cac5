import type { webApi } from '@slack/bolt';
import { logSlackError, render, type SlackDeps } from '../../deps.ts';
import { parseTypedCommand } from '../../../../present/typed-command.ts';
import { slackTextToPlain } from '../../incoming-text.ts';

export interface ConversationRequest {
  channel: string;
  user: string;
  /** The message the user wrote (its ts gets the 👀 reaction). */
  messageTs: string;
  /** Thread to answer in, or undefined to answer at the top level (a DM outside a thread). */
  threadTs: string | undefined;
  rawText: string;
  botUserId: string | undefined;
  /** In a channel an error is shown to the asker only; in a DM it is simply posted. */
  inChannel: boolean;
}

/** Best effort: a missing scope or a rate limit on reactions never blocks the answer. */
async function react(client: webApi.WebClient, deps: SlackDeps, add: boolean, channel: string, timestamp: string) {
  try {
    if (add) await client.reactions.add({ channel, timestamp, name: 'eyes' });
    else await client.reactions.remove({ channel, timestamp, name: 'eyes' });
  } catch (error) {
    deps.log.debug({ err: error }, `Slack: reactions.${add ? 'add' : 'remove'} failed (ignored)`);
  }
}

/** Answers a mention or a DM where it was asked, with 👀 on the question while the engine works. */
export async function answerInConversation(deps: SlackDeps, client: webApi.WebClient, request: ConversationRequest) {
  const plain = slackTextToPlain(request.rawText, request.botUserId);
  const { command, text } = parseTypedCommand(plain, deps.citebot.commands);
  await react(client, deps, true, request.channel, request.messageTs);
  try {
    const reply = await deps.citebot.run(command, { text, lang: await deps.admins.lang(request.user) });
    const message = render(deps, reply, false);
    const thread = request.threadTs ? { thread_ts: request.threadTs } : {};
    if (reply.kind === 'error' && request.inChannel) {
      await client.chat.postEphemeral({ channel: request.channel, user: request.user, ...thread, ...message });
    } else {
      await client.chat.postMessage({
        channel: request.channel,
        ...thread,
        ...message,
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  } catch (error) {
    logSlackError(deps.log, error, `answering ${command} in ${request.channel}`);
  } finally {
    await react(client, deps, false, request.channel, request.messageTs);
  }
}
