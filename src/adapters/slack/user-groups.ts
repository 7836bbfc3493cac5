import type { webApi } from '@slack/bolt';

/**
 * Which Slack user groups a user belongs to, for citebot.yml's `slackUserGroups` (usergroups.list with
 * include_users; needs the usergroups:read scope). The whole list is cached for a minute; a failed
 * lookup counts as no group (never allow on doubt).
 */
export class SlackUserGroups {
  #cache: { members: Map<string, string[]>; expiresAt: number } | null = null;
  #loading: Promise<Map<string, string[]>> | null = null;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly ttlMs = 60_000,
  ) {}

  async of(userId: string): Promise<string[]> {
    const members = await this.#members().catch(() => new Map<string, string[]>());
    return members.get(userId) ?? [];
  }

  async #members(): Promise<Map<string, string[]>> {
    if (this.#cache && this.#cache.expiresAt > Date.now()) return this.#cache.members;
    this.#loading ??= (async () => {
      try {
        const result = await this.client.usergroups.list({ include_users: true });
        const members = new Map<string, string[]>();
        for (const group of result.usergroups ?? []) {
          for (const user of group.users ?? []) members.set(user, [...(members.get(user) ?? []), group.id ?? '']);
        }
        this.#cache = { members, expiresAt: Date.now() + this.ttlMs };
        return members;
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }
}
