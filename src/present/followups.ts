import { randomBytes } from 'node:crypto';
import type { CommandArgs, CommandName } from '../answer/commands/types.ts';
import type { Reply } from '../answer/types.ts';
import type { Lang } from '../text/lang.ts';

/** What a "More", vote or share button needs to know about the reply it sits under. */
export interface Followup {
  command: CommandName;
  text: string;
  lang: Lang;
  /** Offset of the next page of passages. */
  nextOffset: number;
  /** Passages on the page shown (0 for replies without passages). */
  count: number;
  passageIds: string[];
  /** The document set of the answer (citebot.yml), kept by "More" and "Share". */
  folders?: string[];
}

/** Which buttons go under a reply. */
export interface Buttons {
  more: boolean;
  votes: boolean;
  share: boolean;
}

function hasPassages(reply: Reply): boolean {
  return reply.kind === 'answer' && !reply.noAnswer && reply.passages.length > 0;
}

/** More when the ranking goes on, votes under passages, share under any private reply worth posting. */
export function buttonsFor(reply: Reply, isPrivate: boolean): Buttons {
  const passages = hasPassages(reply);
  return {
    more: passages && reply.kind === 'answer' && reply.hasMore,
    votes: passages,
    share: isPrivate && reply.kind !== 'error' && !(reply.kind === 'answer' && (reply.noAnswer || reply.passages.length === 0)),
  };
}

/** The follow-up of a reply, or null for one that gets no buttons (an error). */
export function followupFor(reply: Reply): Followup | null {
  if (reply.kind === 'error') return null;
  if (reply.kind !== 'answer') return { command: reply.kind, text: '', lang: reply.lang, nextOffset: 0, count: 0, passageIds: [] };
  return {
    command: reply.command,
    text: reply.query,
    lang: reply.lang,
    nextOffset: reply.offset + reply.passages.length,
    count: reply.passages.length,
    passageIds: reply.passages.flatMap((passage) => passage.chunkIds),
    ...(reply.folders && reply.folders.length > 0 ? { folders: reply.folders } : {}),
  };
}

/** The command arguments of the next page ("More"). */
export function nextPageArgs(followup: Followup): CommandArgs {
  return { text: followup.text, offset: followup.nextOffset, ...(followup.count > 0 ? { count: followup.count } : {}), lang: followup.lang, ...scopeOf(followup) };
}

/** The command arguments of the same page again ("Share": a private message's content is not sent back with a click). */
export function samePageArgs(followup: Followup): CommandArgs {
  if (followup.count === 0) return { text: followup.text, lang: followup.lang, ...scopeOf(followup) };
  return { text: followup.text, lang: followup.lang, offset: Math.max(0, followup.nextOffset - followup.count), count: followup.count, ...scopeOf(followup) };
}

function scopeOf(followup: Followup): Pick<CommandArgs, 'folders'> {
  return followup.folders && followup.folders.length > 0 ? { folders: followup.folders } : {};
}

/**
 * Follow-ups kept in memory under a short key, for button payloads too small to carry one (Discord's
 * custom_id: 100 characters). Bounded: the oldest entries go first.
 */
export class FollowupStore {
  readonly #entries = new Map<string, Followup>();

  constructor(readonly capacity = 5000) {}

  put(followup: Followup): string {
    const key = randomBytes(9).toString('base64url');
    this.remember(key, followup);
    return key;
  }

  /** Keep `followup` under `key` (a new one, or one read back from where a store keeps them). */
  protected remember(key: string, followup: Followup): void {
    this.#entries.set(key, followup);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  get(key: string): Followup | undefined {
    return this.#entries.get(key);
  }

  /** Every follow-up kept, oldest first. */
  entries(): IterableIterator<[string, Followup]> {
    return this.#entries.entries();
  }
}

const COMMANDS: readonly CommandName[] = ['ask', 'quote', 'brief', 'sources', 'status', 'help'];
const STORE_PREFIX = 'k:';

interface Encoded {
  c: CommandName;
  q: string;
  l: Lang;
  o: number;
  n: number;
  p: string[];
  f?: string[];
}

/**
 * A follow-up as a button payload: compact JSON when it fits `maxLength` (so buttons keep working after a
 * restart), else a key into the in-memory store.
 */
export class FollowupCodec {
  constructor(
    private readonly maxLength: number,
    private readonly store = new FollowupStore(),
  ) {}

  encode(followup: Followup): string {
    const encoded: Encoded = { c: followup.command, q: followup.text, l: followup.lang, o: followup.nextOffset, n: followup.count, p: followup.passageIds, ...(followup.folders ? { f: followup.folders } : {}) };
    const json = JSON.stringify(encoded);
    if (json.length <= this.maxLength) return json;
    return `${STORE_PREFIX}${this.store.put(followup)}`;
  }

  /** The follow-up a payload carries, or null when it is unreadable or expired. */
  decode(value: string | undefined): Followup | null {
    if (!value) return null;
    if (value.startsWith(STORE_PREFIX)) return this.store.get(value.slice(STORE_PREFIX.length)) ?? null;
    try {
      const parsed = JSON.parse(value) as Partial<Encoded>;
      if (!parsed || typeof parsed !== 'object' || !COMMANDS.includes(parsed.c as CommandName)) return null;
      const whole = (value: unknown) => (Number.isInteger(value) && (value as number) >= 0 ? (value as number) : 0);
      return {
        command: parsed.c as CommandName,
        text: typeof parsed.q === 'string' ? parsed.q : '',
        lang: parsed.l === 'fr' ? 'fr' : 'en',
        nextOffset: whole(parsed.o),
        count: whole(parsed.n),
        passageIds: Array.isArray(parsed.p) ? parsed.p.filter((id): id is string => typeof id === 'string') : [],
        ...(Array.isArray(parsed.f) ? { folders: parsed.f.filter((folder): folder is string => typeof folder === 'string') } : {}),
      };
    } catch {
      return null;
    }
  }
}
