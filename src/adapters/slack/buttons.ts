import type { CommandName } from '../../answer/commands/types.ts';
import type { Lang } from '../../text/lang.ts';
import { type Followup, FollowupStore } from '../shared/followups.ts';
import { LIMITS } from './render.ts';

const COMMANDS: readonly CommandName[] = ['ask', 'quote', 'brief', 'sources', 'status', 'help'];
const STORE_PREFIX = 'k:';

interface Encoded {
  c: CommandName;
  q: string;
  l: Lang;
  o: number;
  n: number;
  p: string[];
}

/**
 * A button's `value` carries its follow-up as compact JSON (Slack allows 2000 characters), so "More", the votes
 * and "Share" keep working after a restart. What does not fit goes to the in-memory FollowupStore instead.
 */
export class ButtonCodec {
  constructor(private readonly store = new FollowupStore()) {}

  encode(followup: Followup): string {
    const encoded: Encoded = {
      c: followup.command,
      q: followup.text,
      l: followup.lang,
      o: followup.nextOffset,
      n: followup.count,
      p: followup.passageIds,
    };
    const json = JSON.stringify(encoded);
    if (json.length <= LIMITS.buttonValue) return json;
    return `${STORE_PREFIX}${this.store.put(followup)}`;
  }

  /** The follow-up a button carries, or null when it is unreadable or expired. */
  decode(value: string | undefined): Followup | null {
    if (!value) return null;
    if (value.startsWith(STORE_PREFIX)) return this.store.get(value.slice(STORE_PREFIX.length)) ?? null;
    try {
      const parsed = JSON.parse(value) as Partial<Encoded>;
      if (!parsed || typeof parsed !== 'object' || !COMMANDS.includes(parsed.c as CommandName)) return null;
      return {
        command: parsed.c as CommandName,
        text: typeof parsed.q === 'string' ? parsed.q : '',
        lang: parsed.l === 'fr' ? 'fr' : 'en',
        nextOffset: Number.isInteger(parsed.o) && (parsed.o as number) >= 0 ? (parsed.o as number) : 0,
        count: Number.isInteger(parsed.n) && (parsed.n as number) >= 0 ? (parsed.n as number) : 0,
        passageIds: Array.isArray(parsed.p) ? parsed.p.filter((id): id is string => typeof id === 'string') : [],
      };
    } catch {
      return null;
    }
  }
}
