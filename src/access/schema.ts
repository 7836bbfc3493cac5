import { z } from 'zod';

const ids = z.array(z.coerce.string().trim().min(1, 'an id cannot be empty')).default([]);
const folders = z
  .array(z.string().trim().min(1, 'a folder cannot be empty').refine((folder) => !folder.split(/[\\/]/u).includes('..'), 'a folder cannot go up with ".."'))
  .default([]);

/** One channel's settings (on Discord the id may be a category's: it then covers the channels under it). */
export const channelRuleSchema = z.object({
  name: z.string().trim().min(1).max(64).optional(),
  platform: z.enum(['discord', 'slack'], { error: 'must be "discord" or "slack"' }),
  id: z.coerce.string().trim().min(1, 'a channel (or Discord category) id is required'),
  /** The document set: corpus folders it answers from; empty: the whole corpus. */
  folders,
  mentions: z.boolean({ error: 'must be true or false' }).default(true),
  followUps: z.boolean({ error: 'must be true or false' }).default(true),
  commands: z.boolean({ error: 'must be true or false' }).default(true),
  language: z.enum(['fr', 'en'], { error: 'must be "fr" or "en"' }).optional(),
});

export type ChannelRule = z.infer<typeof channelRuleSchema>;

export const accessSchema = z
  .object({
    /** "all", or the channel (and Discord category) ids citebot answers in. */
    channels: z.union([z.literal('all'), z.array(z.coerce.string().trim().min(1))], { error: 'must be "all" or a list of channel ids' }).default('all'),
    discordRoles: ids,
    slackUsers: ids,
    slackUserGroups: ids,
    dms: z.boolean({ error: 'must be true or false' }).default(true),
    dmFolders: folders,
  })
  .strict();

export type AccessRules = z.infer<typeof accessSchema>;

export const policyFileSchema = z
  .object({
    channels: z.array(z.unknown(), { error: 'must be a list' }).default([]),
    access: z.unknown().optional(),
  })
  .strict();

export interface Policy {
  channels: ChannelRule[];
  access: AccessRules;
}

/** No citebot.yml: everywhere, everyone, the whole corpus (citebot's behaviour without the file). */
export const OPEN_POLICY: Policy = { channels: [], access: accessSchema.parse({}) };
