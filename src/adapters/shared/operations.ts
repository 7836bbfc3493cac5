/**
 * What both chat adapters do before and after the engine: the access policy (citebot.yml), the rate
 * limits, the bounded engine queue, the conversation memory and the metrics. One instance is shared
 * by every platform of the process (main.ts), so the queue and the memory are one.
 */
import { join } from 'node:path';
import type { Citebot } from '../../answer/citebot.ts';
import type { CommandArgs } from '../../answer/commands/types.ts';
import type { Reply } from '../../answer/types.ts';
import { decideAccess, type AccessRequest, type RefusalReason } from '../../access/decide.ts';
import { NoticeOnce, TokenBuckets } from '../../access/limits.ts';
import { EngineQueue } from '../../access/queue.ts';
import { OPEN_POLICY, type Policy } from '../../access/schema.ts';
import type { Config } from '../../config.ts';
import type { Metrics, Outcome, Platform } from '../../ops/metrics.ts';
import type { StringKey } from '../../present/strings.ts';
import { MemoryClaims, type Claims } from './claims.ts';
import { ConversationStore, type ConversationShare } from './conversations.ts';
import type { FeedbackStore } from './feedback-log.ts';

export interface Operations {
  /** The policy in force (reloaded by main.ts when citebot.yml changes). */
  policy(): Policy;
  users: TokenBuckets;
  channels: TokenBuckets;
  notices: NoticeOnce;
  queue: EngineQueue;
  conversations: ConversationStore;
  /** Deliveries handled once (Slack retries, button clicks, Discord interactions), shared by replicas with postgres. */
  claims: Claims;
  /** The feedback log shared by replicas (postgres); null: DATA_DIR/feedback.jsonl. */
  feedbackStore: FeedbackStore | null;
  metrics: Metrics | null;
}

export const CONVERSATIONS_FILE = 'conversations.json';

/** The operations of a process, from the configuration (main.ts passes the policy store and the metrics). */
export async function createOperations(config: Config, extra: { policy?: () => Policy; metrics?: Metrics | null; claims?: Claims; feedbackStore?: FeedbackStore; conversationShare?: ConversationShare } = {}): Promise<Operations> {
  return {
    policy: extra.policy ?? (() => OPEN_POLICY),
    users: new TokenBuckets(config.RATE_LIMIT_USER),
    channels: new TokenBuckets(config.RATE_LIMIT_CHANNEL),
    notices: new NoticeOnce(),
    queue: new EngineQueue(config.ENGINE_CONCURRENCY, config.ENGINE_QUEUE),
    conversations: extra.conversationShare
      ? ConversationStore.shared(extra.conversationShare, { maxTurns: config.CONVERSATION_TURNS, ttlMs: config.CONVERSATION_TTL_MINUTES * 60_000 })
      : await ConversationStore.open(join(config.DATA_DIR, CONVERSATIONS_FILE), {
          maxTurns: config.CONVERSATION_TURNS,
          ttlMs: config.CONVERSATION_TTL_MINUTES * 60_000,
        }),
    claims: extra.claims ?? new MemoryClaims(),
    feedbackStore: extra.feedbackStore ?? null,
    metrics: extra.metrics ?? null,
  };
}

export type Admission =
  | { ok: true; args: Pick<CommandArgs, 'folders' | 'fixedLang'> }
  | { ok: false; kind: 'refused'; reason: RefusalReason; text: StringKey }
  | { ok: false; kind: 'limited'; retryAfterMs: number; tell: boolean };

const refusalText: Record<RefusalReason, StringKey> = {
  channel: 'refusedChannel',
  'command-off': 'refusedCommandOff',
  'mention-off': 'refusedCommandOff',
  'follow-up-off': 'refusedCommandOff',
  user: 'refusedUser',
  dm: 'refusedDm',
};

/**
 * May this question be answered now? First the policy (where, how, who), then the user's and the
 * channel's token buckets. A limited asker is to be told once per window (`tell`), not per message.
 */
export async function admit(ops: Operations, request: AccessRequest, command: string): Promise<Admission> {
  const decision = await decideAccess(ops.policy(), request);
  if (!decision.allowed) {
    ops.metrics?.question(request.platform, command, 'refused');
    return { ok: false, kind: 'refused', reason: decision.reason, text: refusalText[decision.reason] };
  }
  const user = ops.users.take(`${request.platform}:${request.userId}`);
  const channel = user.ok ? ops.channels.take(`${request.platform}:${request.places[0] ?? 'dm'}`) : user;
  if (!channel.ok) {
    ops.metrics?.question(request.platform, command, 'limited');
    return { ok: false, kind: 'limited', retryAfterMs: channel.retryAfterMs, tell: ops.notices.shouldTell(`${request.platform}:${request.userId}`, channel.retryAfterMs) };
  }
  return { ok: true, args: { ...(decision.folders.length > 0 ? { folders: decision.folders } : {}), ...(decision.lang ? { fixedLang: decision.lang } : {}) } };
}

export type Answered = { busy: false; reply: Reply } | { busy: true; retryAfterMs: number };

/** Run a command through the engine queue; a full queue answers `busy` at once. */
export async function runQueued(ops: Operations, citebot: Citebot, platform: Platform, command: string, args: CommandArgs): Promise<Answered> {
  const queued = await ops.queue.submit(() => citebot.run(command, args));
  if (queued.busy) {
    ops.metrics?.question(platform, command, 'busy');
    return { busy: true, retryAfterMs: queued.retryAfterMs };
  }
  return { busy: false, reply: queued.value };
}

/**
 * A button's command arguments with the document set and fixed language of the policy in force now
 * (a fresh check), in place of those the answer was given with.
 */
export function rescoped(args: CommandArgs, admitted: Pick<CommandArgs, 'folders' | 'fixedLang'>): CommandArgs {
  const { folders: _folders, fixedLang: _fixedLang, ...rest } = args;
  return { ...rest, ...admitted };
}

/** Count an answered question with its latency (from `startedMs`, the question's arrival). */
export function recordAnswer(ops: Operations, platform: Platform, command: string, reply: Reply, startedMs: number): void {
  const outcome: Outcome = reply.kind === 'error' ? (reply.code === 'internal' || reply.code === 'index-unavailable' ? 'error' : 'answered') : reply.kind === 'answer' && reply.noAnswer ? 'declined' : 'answered';
  ops.metrics?.question(platform, command, outcome, (Date.now() - startedMs) / 1000);
}

/** Seconds to show in "ask again in N s". */
export function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
