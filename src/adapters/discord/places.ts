import type { Client, GuildMember, APIInteractionGuildMember } from 'discord.js';

/** The channel, then what contains it (a thread's parent channel, then that channel's category), for citebot.yml. */
export function placesOf(client: Client, channelId: string | null): string[] {
  if (!channelId) return [];
  const places = [channelId];
  let current = client.channels.cache.get(channelId);
  for (let depth = 0; depth < 2 && current && 'parentId' in current && current.parentId; depth += 1) {
    places.push(current.parentId);
    current = client.channels.cache.get(current.parentId);
  }
  return places;
}

/** A member's role ids, from a cached member or an interaction's raw member. */
export function rolesOf(member: GuildMember | APIInteractionGuildMember | null | undefined): string[] {
  if (!member) return [];
  const roles = (member as { roles: unknown }).roles;
  if (Array.isArray(roles)) return roles.map(String);
  const cache = (roles as { cache?: Map<string, unknown> } | undefined)?.cache;
  return cache ? [...cache.keys()] : [];
}
