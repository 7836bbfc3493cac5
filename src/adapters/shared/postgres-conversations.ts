import type { PgPool } from '../../index/postgres/pool.ts';
import { migrate } from '../../index/postgres/schema.ts';
import type { Conversation, ConversationShare } from './conversations.ts';

interface Row {
  key: string;
  turns: Conversation['turns'];
  aliases: string[];
  updated_at: Date;
}

const conversationOf = (row: Row): Conversation => ({ turns: row.turns, aliases: row.aliases, updatedAt: row.updated_at.getTime() });

/** Conversation memory in the database, shared by replicas; a conversation quiet longer than `ttlMs` is deleted. */
export class PostgresConversations implements ConversationShare {
  #saves = 0;

  constructor(
    private readonly pool: PgPool,
    private readonly ttlMs: number,
  ) {}

  async fetch(key: string): Promise<Conversation | null> {
    await migrate(this.pool);
    const result = await this.pool.query<Row>('SELECT key, turns, aliases, updated_at FROM citebot_conversations WHERE key = $1', [key]);
    return result.rows[0] ? conversationOf(result.rows[0]) : null;
  }

  async fetchByAlias(alias: string): Promise<{ key: string; conversation: Conversation } | null> {
    await migrate(this.pool);
    const result = await this.pool.query<Row>('SELECT key, turns, aliases, updated_at FROM citebot_conversations WHERE aliases @> ARRAY[$1]::text[] ORDER BY updated_at DESC LIMIT 1', [alias]);
    const row = result.rows[0];
    return row ? { key: row.key, conversation: conversationOf(row) } : null;
  }

  async save(key: string, conversation: Conversation): Promise<void> {
    await migrate(this.pool);
    // The newer write wins when two replicas answer in one thread at once.
    await this.pool.query(
      `INSERT INTO citebot_conversations (key, turns, aliases, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET turns = EXCLUDED.turns, aliases = EXCLUDED.aliases, updated_at = EXCLUDED.updated_at
       WHERE citebot_conversations.updated_at <= EXCLUDED.updated_at`,
      [key, JSON.stringify(conversation.turns), conversation.aliases, new Date(conversation.updatedAt)],
    );
    if ((this.#saves += 1) % 200 === 0) {
      void this.pool.query('DELETE FROM citebot_conversations WHERE updated_at < $1', [new Date(Date.now() - this.ttlMs)]).catch(() => undefined);
    }
  }
}
