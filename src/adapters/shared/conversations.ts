import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One question of a conversation. */
export interface Turn {
  question: string;
  at: number;
  /** True when it started a topic (asked alone), false when it built on the turns before. */
  standalone: boolean;
}

export interface Conversation {
  turns: Turn[];
  /** Other ids that lead to this conversation (Discord: the bot's answer messages, which a reply points at). */
  aliases: string[];
  updatedAt: number;
}

/**
 * Conversations shared by replicas (postgres-conversations.ts): the next question of a thread may
 * reach another replica than the last one. Read before a question is matched to its thread, written
 * after each answer.
 */
export interface ConversationShare {
  fetch(key: string): Promise<Conversation | null>;
  fetchByAlias(alias: string): Promise<{ key: string; conversation: Conversation } | null>;
  save(key: string, conversation: Conversation): Promise<void>;
}

export interface ConversationOptions {
  /** Turns kept per conversation (the oldest go first). */
  maxTurns: number;
  /** A conversation untouched this long is forgotten. */
  ttlMs: number;
  /** Conversations kept in all (the least recently used go first). */
  maxConversations?: number;
  now?: () => number;
}

/** How many earlier questions a follow-up is searched with (see search/follow-up.ts). */
const CONTEXT_TURNS = 3;
const ALIASES_PER_CONVERSATION = 20;

/**
 * Where citebot has answered, and the last few questions of each thread, kept in DATA_DIR so that a
 * follow-up still works after a restart. Bounded (turns per thread, threads in all), expiring, and
 * keyed per thread: nothing of one thread is ever read for another.
 */
export class ConversationStore {
  readonly #conversations = new Map<string, Conversation>();
  readonly #aliases = new Map<string, string>();
  readonly #now: () => number;
  readonly #max: number;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;
  #timer: NodeJS.Timeout | null = null;

  private constructor(
    readonly file: string | null,
    private readonly options: ConversationOptions,
    private readonly share: ConversationShare | null = null,
  ) {
    this.#now = options.now ?? Date.now;
    this.#max = options.maxConversations ?? 5000;
  }

  /** The store of replicas: memory here, kept in step with the database (see ConversationShare). */
  static shared(share: ConversationShare, options: ConversationOptions): ConversationStore {
    return new ConversationStore(null, options, share);
  }

  /** True when replicas share the conversations: call `sync` (or `syncAlias`) before reading one. */
  get shared(): boolean {
    return this.share !== null;
  }

  #adopt(key: string, conversation: Conversation): void {
    const local = this.#conversations.get(key);
    if (local && local.updatedAt >= conversation.updatedAt) return;
    for (const alias of local?.aliases ?? []) this.#aliases.delete(alias);
    this.#conversations.set(key, { turns: conversation.turns.slice(-this.options.maxTurns), aliases: [...conversation.aliases], updatedAt: conversation.updatedAt });
    for (const alias of conversation.aliases) this.#aliases.set(alias, key);
  }

  /** Shared store: bring a conversation up to date from the database (kept as it is here when that fails). */
  async sync(key: string): Promise<void> {
    if (!this.share) return;
    const conversation = await this.share.fetch(key).catch(() => null);
    if (conversation) this.#adopt(key, conversation);
  }

  /** Shared store: the same for the conversation an alias leads to. */
  async syncAlias(alias: string): Promise<void> {
    if (!this.share) return;
    const found = await this.share.fetchByAlias(alias).catch(() => null);
    if (found) this.#adopt(found.key, found.conversation);
  }

  /** Open the store kept in `file` (null: memory only), dropping what expired while citebot was down. */
  static async open(file: string | null, options: ConversationOptions): Promise<ConversationStore> {
    const store = new ConversationStore(file, options);
    if (!file) return store;
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as { conversations?: [string, Conversation][] };
      for (const [key, conversation] of saved.conversations ?? []) {
        if (!Array.isArray(conversation?.turns) || typeof conversation.updatedAt !== 'number') continue;
        if (store.#expired(conversation)) continue;
        store.#conversations.set(key, { turns: conversation.turns.slice(-options.maxTurns), aliases: conversation.aliases ?? [], updatedAt: conversation.updatedAt });
        for (const alias of conversation.aliases ?? []) store.#aliases.set(alias, key);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
    }
    return store;
  }

  #expired(conversation: Conversation): boolean {
    return this.#now() - conversation.updatedAt > this.options.ttlMs;
  }

  #live(key: string): Conversation | undefined {
    const conversation = this.#conversations.get(key);
    if (!conversation) return undefined;
    if (this.#expired(conversation)) {
      this.#forget(key);
      return undefined;
    }
    return conversation;
  }

  #forget(key: string): void {
    const conversation = this.#conversations.get(key);
    for (const alias of conversation?.aliases ?? []) this.#aliases.delete(alias);
    this.#conversations.delete(key);
    this.#changed();
  }

  /** True when citebot has answered in this conversation and it has not expired. */
  has(key: string): boolean {
    return this.#live(key) !== undefined;
  }

  /** The conversation an alias (a bot answer's message id) belongs to. */
  resolve(alias: string): string | undefined {
    const key = this.#aliases.get(alias);
    return key !== undefined && this.has(key) ? key : undefined;
  }

  /**
   * The earlier questions a new one may build on, most recent first: back to the latest question that
   * started a topic, at most three.
   */
  previous(key: string): string[] {
    const turns = this.#live(key)?.turns ?? [];
    const questions: string[] = [];
    for (let position = turns.length - 1; position >= 0 && questions.length < CONTEXT_TURNS; position -= 1) {
      questions.push(turns[position]!.question);
      if (turns[position]!.standalone) break;
    }
    return questions;
  }

  /** Record a question answered in `key`, and the ids (`aliases`) of the messages that answered it. */
  record(key: string, question: string, standalone: boolean, aliases: string[] = []): void {
    const conversation = this.#live(key) ?? { turns: [], aliases: [], updatedAt: 0 };
    conversation.turns = [...conversation.turns, { question, at: this.#now(), standalone }].slice(-this.options.maxTurns);
    conversation.updatedAt = this.#now();
    for (const alias of aliases) {
      conversation.aliases.push(alias);
      this.#aliases.set(alias, key);
    }
    for (const dropped of conversation.aliases.splice(0, Math.max(0, conversation.aliases.length - ALIASES_PER_CONVERSATION))) this.#aliases.delete(dropped);
    this.#conversations.delete(key);
    this.#conversations.set(key, conversation);
    if (this.share) void this.share.save(key, { turns: [...conversation.turns], aliases: [...conversation.aliases], updatedAt: conversation.updatedAt }).catch(() => undefined);
    while (this.#conversations.size > this.#max) {
      const oldest = this.#conversations.keys().next().value;
      if (oldest === undefined) break;
      this.#forget(oldest);
    }
    this.#changed();
  }

  get size(): number {
    return this.#conversations.size;
  }

  #changed(): void {
    if (!this.file) return;
    this.#dirty = true;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, 200);
    this.#timer.unref();
  }

  /** Write the conversations to DATA_DIR now (atomically: a crash leaves the previous file whole). */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (!this.file || !this.#dirty) return this.#writing;
    this.#dirty = false;
    const file = this.file;
    const live = [...this.#conversations].filter(([, conversation]) => !this.#expired(conversation));
    const text = JSON.stringify({ version: 1, conversations: live });
    this.#writing = this.#writing
      .then(async () => {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(`${file}.tmp`, text, { mode: 0o600 });
        await rename(`${file}.tmp`, file);
      })
      .catch(() => {
        this.#dirty = true;
      });
    return this.#writing;
  }
}
