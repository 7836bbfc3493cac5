import type { BriefingReply } from '../../briefings/types.ts';
import type { Reply } from '../../answer/types.ts';

/** What every started platform adapter hands back to main.ts (and to the briefing scheduler). */
export interface RunningAdapter {
  readonly platform: 'discord' | 'slack' | 'terminal';
  /** Post a reply (e.g. a scheduled briefing) to a channel, rendered in the platform's idiom. */
  post(channelId: string, reply: Reply | BriefingReply): Promise<void>;
  /** True while connected to the platform (for /healthz). */
  connected?(): boolean;
  /** Close connections and stop listening; resolves when done. */
  stop(): Promise<void>;
}
