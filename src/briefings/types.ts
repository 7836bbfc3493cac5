import type { ReplyBase } from '../answer/types.ts';
import type { Passage } from '../search/types.ts';

export interface BriefingTopic {
  topic: string;
  noAnswer: boolean;
  /** The best passages on the topic, across distinct sources. */
  passages: Passage[];
}

/** A scheduled (or previewed) briefing: several topics in one message. */
export interface BriefingReply extends ReplyBase {
  kind: 'briefing';
  name: string;
  /** The scheduled time (ISO, UTC) this briefing is for; the render shows it in `timezone`. */
  scheduledFor: string;
  timezone: string;
  topics: BriefingTopic[];
  /** Chunk ids of the passages whose file was added or changed since the previous briefing: mark them new. */
  newChunkIds: string[];
  nothingNew: boolean;
  /** True for `/briefing preview`: shown to the admin only, state unchanged. */
  preview: boolean;
}
