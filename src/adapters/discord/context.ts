import type { Citebot } from '../../answer/citebot.ts';
import type { CommandArgs } from '../../answer/commands/types.ts';
import { t } from '../../answer/strings.ts';
import type { Lang } from '../../text/lang.ts';
import type { Reply } from '../../answer/types.ts';
import type { BriefingPreviewer } from '../../briefings/previewer.ts';
import type { Logger } from '../../log.ts';
import type { FollowupStore } from '../shared/followups.ts';

/** What the Discord handlers share. */
export interface DiscordContext {
  citebot: Citebot;
  log: Logger;
  followups: FollowupStore;
  /** JSON-lines file the 👍/👎 buttons append to. */
  feedbackFile: string;
  /** `answerKey:userId:vote` already logged, so repeated clicks log once. */
  votesSeen: Set<string>;
  /** Scheduled briefings for `/briefing preview`; null when none are configured. */
  briefings: BriefingPreviewer | null;
}

/** The interface language for a Discord locale ("fr", "en-US", ...): French for fr*, else English. */
export function langFromLocale(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * Remember an answer for its buttons (More needs the question and where the next page starts;
 * feedback needs the passage ids). Returns the button key, or null when the reply gets no buttons.
 */
export function rememberAnswer(context: DiscordContext, reply: Reply, args: CommandArgs): string | null {
  if (reply.kind !== 'answer' || reply.noAnswer || reply.passages.length === 0) return null;
  return context.followups.put({
    command: reply.command,
    text: args.text,
    lang: reply.lang,
    nextOffset: reply.offset + reply.passages.length,
    count: args.count ?? reply.passages.length,
    passageIds: reply.passages.flatMap((passage) => passage.chunkIds),
  });
}

/** Run a command without ever throwing (the engine promises it; this keeps the adapter safe regardless). */
export async function runSafely(context: DiscordContext, command: string, args: CommandArgs): Promise<Reply> {
  try {
    return await context.citebot.run(command, args);
  } catch (error) {
    context.log.error({ err: error, command }, 'discord: citebot.run threw');
    const { mode, reason } = safeMode(context);
    return {
      kind: 'error',
      code: 'internal',
      lang: args.lang ?? 'en',
      mode,
      modeReason: reason,
      message: t(args.lang ?? 'en', 'internalError'),
    };
  }
}

function safeMode(context: DiscordContext): ReturnType<Citebot['mode']> {
  try {
    return context.citebot.mode();
  } catch {
    return { mode: 'lexical-only', reason: null };
  }
}
