import type { webApi } from '@slack/bolt';
import { logSlackError, render, type SlackDeps } from '../../deps.ts';
import { parseTypedCommand } from '../../../../present/typed-command.ts';
import { t } from '../../../../present/strings.ts';
import { slackTextToPlain } from '../../incoming-text.ts';
import { admit, recordAnswer, runQueued, seconds } from '../../../shared/operations.ts';
import type { Entry } from '../../../../access/decide.ts';
import { DelayedIndicator } from '../../../shared/indicator.ts';

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
  /** How it reached citebot: a mention, a DM (also 'mention'), or a reply in the thread of an answer. */
  entry: Entry;
}

/** The request for a message a person typed in a DM or in a thread (see person-message.ts). */
export function requestOfMessage(
  message: { channel: string; user: string; ts: string; thread_ts?: string; text: string },
  botUserId: string | undefined,
  place: Pick<ConversationRequest, 'inChannel' | 'entry'>,
): ConversationRequest {
  return { channel: message.channel, user: message.user, messageTs: message.ts, threadTs: message.thread_ts, rawText: message.text, botUserId, ...place };
}

/** The conversation a thread is: one per channel and thread. */
export function slackConversationKey(channel: string, threadTs: string): string {
  return `slack:${channel}:${threadTs}`;
}

/** Best effort: a missing scope or a rate limit on reactions never blocks the answer. True when it worked. */
async function react(client: webApi.WebClient, deps: SlackDeps, add: boolean, channel: string, timestamp: string): Promise<boolean> {
  try {
    if (add) await client.reactions.add({ channel, timestamp, name: 'eyes' });
    else await client.reactions.remove({ channel, timestamp, name: 'eyes' });
    return true;
  } catch (error) {
    deps.log.debug({ err: error }, `Slack: reactions.${add ? 'add' : 'remove'} failed (ignored)`);
    return false;
  }
}

/**
 * Answers a mention, a DM or a thread follow-up where it was asked, with 👀 on the question while the
 * engine works when the answer is not ready within `deps.indicatorDelayMs` (the answer never waits for it). citebot.yml may refuse it (then nothing is posted: a channel is never flooded); a
 * limited or turned-away asker is told privately when to ask again.
 */
export async function answerInConversation(deps: SlackDeps, client: webApi.WebClient, request: ConversationRequest) {
  const started = Date.now();
  const plain = slackTextToPlain(request.rawText, request.botUserId);
  const { command, text } = parseTypedCommand(plain, deps.citebot.commands);
  const { ops } = deps;
  const lang = await deps.admins.lang(request.user);
  const thread = request.threadTs ? { thread_ts: request.threadTs } : {};
  const tellPrivately = async (message: string) => {
    try {
      if (request.inChannel) await client.chat.postEphemeral({ channel: request.channel, user: request.user, ...thread, text: message });
      else await client.chat.postMessage({ channel: request.channel, ...thread, text: message });
    } catch (error) {
      logSlackError(deps.log, error, `telling ${request.user} in ${request.channel}`);
    }
  };
  const admission = await admit(
    ops,
    {
      platform: 'slack',
      entry: request.entry,
      isDm: !request.inChannel,
      userId: request.user,
      places: [request.channel],
      userGroups: () => deps.userGroups.of(request.user),
    },
    command,
  );
  if (!admission.ok) {
    if (admission.kind === 'refused') {
      deps.log.info({ user: request.user, channel: request.channel, reason: admission.reason, entry: request.entry }, 'Slack: question refused by citebot.yml (no reply)');
      // A refused DM is told why (a DM is private already); a refused mention gets no reply at all.
      if (!request.inChannel) await tellPrivately(t(lang, admission.text));
    } else if (admission.tell) {
      await tellPrivately(t(lang, 'rateLimited', { seconds: seconds(admission.retryAfterMs) }));
    }
    return;
  }
  // The conversation this message belongs to: its thread (a DM outside a thread is its own).
  const conversationKey = request.threadTs ? slackConversationKey(request.channel, request.threadTs) : null;
  if (conversationKey && ops.conversations.shared) await ops.conversations.sync(conversationKey);
  const previous = conversationKey && command === 'ask' ? ops.conversations.previous(conversationKey) : [];
  const working = new DelayedIndicator(deps.indicatorDelayMs, () => react(client, deps, true, request.channel, request.messageTs));
  try {
    const answered = await runQueued(ops, deps.citebot, 'slack', command, { text, lang, ...admission.args, ...(previous.length > 0 ? { previous } : {}) });
    if (answered.busy) {
      await tellPrivately(t(lang, 'busy', { seconds: seconds(answered.retryAfterMs) }));
      return;
    }
    const reply = answered.reply;
    const message = render(deps, reply, false);
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
    recordAnswer(ops, 'slack', command, reply, started);
    if (conversationKey && reply.kind === 'answer') ops.conversations.record(conversationKey, reply.query, !reply.followsUp);
  } catch (error) {
    ops.metrics?.question('slack', command, 'error');
    logSlackError(deps.log, error, `answering ${command} in ${request.channel}`);
  } finally {
    if (await working.stop()) await react(client, deps, false, request.channel, request.messageTs);
  }
}
