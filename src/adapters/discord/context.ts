import type { Citebot } from '../../answer/citebot.ts';
import type { CommandArgs } from '../../answer/commands/types.ts';
import type { Reply } from '../../answer/types.ts';
import type { BriefingPreviewer } from '../../briefings/previewer.ts';
import type { Logger } from '../../log.ts';
import { followupFor, type FollowupStore } from '../../present/followups.ts';
import type { FeedbackLog } from '../shared/feedback-log.ts';
import type { Operations } from '../shared/operations.ts';
import type { TokenBuckets } from '../../access/limits.ts';
import type { NoticeOutbox } from './notices.ts';

/** What the Discord handlers share. */
export interface DiscordContext {
  citebot: Citebot;
  log: Logger;
  /** Button custom_ids carry a key into this store (100 characters leave no room for the question). */
  followups: FollowupStore;
  /** Where 👍/👎 are logged, once per user and answer. */
  feedback: FeedbackLog;
  /** Scheduled briefings for `/briefing preview`; null when none are configured. */
  briefings: BriefingPreviewer | null;
  /** Access policy, rate limits, engine queue, conversation memory, metrics. */
  ops: Operations;
  /** False when the Message Content intent is not granted: a follow-up then needs a mention. */
  messageContent: boolean;
  /** Show typing for a mention only when its answer takes longer than this (ms; 0: at once). */
  typingDelayMs: number;
  /** Typing indicators allowed (one key, 'typing'): a small share of the global REST budget, which answers need. */
  typingBudget: TokenBuckets;
  /** Private notices (busy, limited, refused DM) sent after the answers in progress, which count themselves in it. */
  notices: NoticeOutbox;
}

/** At most this many typing indicators a second: a tenth of Discord's global limit of 50 requests a second. */
export const TYPING_PER_SECOND = 5;

/** Remember a reply for its buttons; returns the button key, or null when the reply gets none. */
export function rememberReply(context: DiscordContext, reply: Reply): string | null {
  const followup = followupFor(reply);
  return followup ? context.followups.put(followup) : null;
}

/** Run a command without ever throwing (the engine promises it; this keeps the adapter safe regardless). */
export async function runSafely(context: DiscordContext, command: string, args: CommandArgs): Promise<Reply> {
  try {
    return await context.citebot.run(command, args);
  } catch (error) {
    context.log.error({ err: error, command }, 'discord: citebot.run threw');
    return { kind: 'error', code: 'internal', command, lang: args.lang ?? 'en', mode: safeMode(context) };
  }
}

function safeMode(context: DiscordContext): ReturnType<Citebot['mode']>['mode'] {
  try {
    return context.citebot.mode().mode;
  } catch {
    return 'lexical-only';
  }
}
