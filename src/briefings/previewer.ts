import type { BriefingReply } from './types.ts';

/** What an adapter needs for `/briefing preview name:` (admins only): the names, and the briefing as it would be posted now. */
export interface BriefingPreviewer {
  readonly names: string[];
  preview(name: string): Promise<BriefingReply | null>;
}
