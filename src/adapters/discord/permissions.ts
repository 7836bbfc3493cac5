import { PermissionsBitField, type PermissionsString } from 'discord.js';

/** What the bot needs in a channel to read a mention and answer it (docs/discord.md lists the same). */
export const requiredPermissionNames: readonly PermissionsString[] = [
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'EmbedLinks',
  'ReadMessageHistory',
];

export const requiredPermissions: bigint = new PermissionsBitField([...requiredPermissionNames]).bitfield;

/** The link a server admin opens to add the bot with its slash commands and those permissions. */
export function inviteUrl(appId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(appId)}&scope=bot+applications.commands&permissions=${requiredPermissions}`;
}
