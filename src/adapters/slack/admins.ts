import { langOfLocale, type Lang } from '../../text/lang.ts';
import { webApiErrorCode } from './web-api-error.ts';

/** What citebot reads of `users.info` (asked with include_locale). */
export interface SlackUserFlags {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  locale?: string;
}

export interface AdminVerdict {
  admin: boolean;
  /** The user's Slack language when known (fr-* → fr), else en: for the refusal and usage messages. */
  lang: Lang;
  /** Why users.info failed (its Slack error code), or null. A failed check refuses anyone not listed. */
  checkError: string | null;
}

export interface AdminCheckOptions {
  /** SLACK_ADMIN_USERS: user ids allowed whatever their workspace role. */
  listed: readonly string[];
  lookup(userId: string): Promise<SlackUserFlags>;
  ttlMs?: number;
  now?: () => number;
}

const DEFAULT_TTL_MS = 60_000;
const MAX_CACHED_USERS = 1000;

function slackErrorCode(error: unknown): string {
  return webApiErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Who may run admin commands on Slack: users listed in SLACK_ADMIN_USERS, and workspace admins and owners
 * (users.info). Answers are cached briefly (and a look-up in flight is shared), so a demoted admin loses the right within a minute; a failed
 * lookup is not cached and refuses (unless the user is listed): never allow on doubt.
 */
export class SlackAdminCheck {
  readonly #cache = new Map<string, { user: SlackUserFlags; expiresAt: number }>();
  /** Look-ups in flight: a burst of messages from one user asks users.info once, not once per message. */
  readonly #pending = new Map<string, Promise<SlackUserFlags>>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(private readonly options: AdminCheckOptions) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  async check(userId: string): Promise<AdminVerdict> {
    const listed = this.options.listed.includes(userId);
    let user: SlackUserFlags;
    try {
      user = await this.#user(userId);
    } catch (error) {
      return { admin: listed, lang: 'en', checkError: slackErrorCode(error) };
    }
    const admin = listed || user.is_admin === true || user.is_owner === true || user.is_primary_owner === true;
    return { admin, lang: langOfLocale(user.locale), checkError: null };
  }

  /** The user's Slack language (fr-* → fr), English when unknown: the language of replies to text-less commands. */
  async lang(userId: string): Promise<Lang> {
    try {
      return langOfLocale((await this.#user(userId)).locale);
    } catch {
      return 'en';
    }
  }

  async #user(userId: string): Promise<SlackUserFlags> {
    const now = this.#now();
    const cached = this.#cache.get(userId);
    if (cached && cached.expiresAt > now) return cached.user;
    const pending = this.#pending.get(userId);
    if (pending) return pending;
    const lookup = this.#lookUp(userId, now).finally(() => this.#pending.delete(userId));
    this.#pending.set(userId, lookup);
    return lookup;
  }

  async #lookUp(userId: string, now: number): Promise<SlackUserFlags> {
    // A failure rejects every waiter and is not cached: the next message asks again.
    const user = await this.options.lookup(userId);
    this.#cache.delete(userId);
    this.#cache.set(userId, { user, expiresAt: now + this.#ttlMs });
    if (this.#cache.size > MAX_CACHED_USERS) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return user;
  }
}
