import type { Lang } from '../text/lang.ts';
import type { ChannelRule, Policy } from './schema.ts';

/**
 * How a question reached citebot: a slash command, a mention, a follow-up in a conversation, or a
 * button under an answer ("More", "Share"), which continues that answer: it is checked for the place,
 * the DM rule and the user like any question, but no per-channel switch turns it off on its own.
 */
export type Entry = 'command' | 'mention' | 'follow-up' | 'button';

export interface AccessRequest {
  platform: 'discord' | 'slack';
  entry: Entry;
  isDm: boolean;
  userId: string;
  /** The channel, then what contains it (a thread's parent, a Discord category), most specific first. */
  places: string[];
  /** Discord: the member's role ids. */
  roles?: string[];
  /** Slack: the user groups the user belongs to (looked up only when the policy names groups). */
  userGroups?: () => Promise<string[]>;
}

export type RefusalReason = 'channel' | 'command-off' | 'mention-off' | 'follow-up-off' | 'user' | 'dm';

export type AccessDecision =
  | { allowed: true; folders: string[]; lang: Lang | null; rule: ChannelRule | null }
  | { allowed: false; reason: RefusalReason };

/** The channel rule that applies: the most specific place (channel, then parent, then category) listed. */
export function ruleFor(policy: Policy, platform: AccessRequest['platform'], places: readonly string[]): ChannelRule | null {
  for (const place of places) {
    const rule = policy.channels.find((candidate) => candidate.platform === platform && candidate.id === place);
    if (rule) return rule;
  }
  return null;
}

async function userAllowed(policy: Policy, request: AccessRequest): Promise<boolean> {
  const { access } = policy;
  if (request.platform === 'discord') {
    if (access.discordRoles.length === 0) return true;
    // Roles exist in a server only: a DM cannot show them, so a role-restricted citebot refuses DMs.
    return (request.roles ?? []).some((role) => access.discordRoles.includes(role));
  }
  if (access.slackUsers.length === 0 && access.slackUserGroups.length === 0) return true;
  if (access.slackUsers.includes(request.userId)) return true;
  if (access.slackUserGroups.length === 0 || !request.userGroups) return false;
  const groups = await request.userGroups();
  return groups.some((group) => access.slackUserGroups.includes(group));
}

/**
 * Whether citebot answers this question, and from which documents and in which language. Order: DMs
 * allowed at all, the channel allowed, this way of asking turned on there, then the user.
 */
export async function decideAccess(policy: Policy, request: AccessRequest): Promise<AccessDecision> {
  const { access } = policy;
  if (request.isDm) {
    if (!access.dms) return { allowed: false, reason: 'dm' };
    if (!(await userAllowed(policy, request))) return { allowed: false, reason: 'user' };
    return { allowed: true, folders: access.dmFolders, lang: null, rule: null };
  }
  const rule = ruleFor(policy, request.platform, request.places);
  if (access.channels !== 'all') {
    const listed = access.channels;
    if (!request.places.some((place) => listed.includes(place))) return { allowed: false, reason: 'channel' };
  }
  if (rule) {
    if (request.entry === 'command' && !rule.commands) return { allowed: false, reason: 'command-off' };
    if (request.entry === 'mention' && !rule.mentions) return { allowed: false, reason: 'mention-off' };
    if (request.entry === 'follow-up' && !rule.followUps) return { allowed: false, reason: 'follow-up-off' };
  }
  if (!(await userAllowed(policy, request))) return { allowed: false, reason: 'user' };
  return { allowed: true, folders: rule?.folders ?? [], lang: rule?.language ?? null, rule };
}
