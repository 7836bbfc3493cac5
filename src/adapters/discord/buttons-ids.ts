/** Button custom_ids: `citebot:<action>:<followup key>` (well under Discord's 100 characters). */

export type ButtonAction = 'more' | 'up' | 'down' | 'share';

const prefix = 'citebot';

export function buttonId(action: ButtonAction, key: string): string {
  return `${prefix}:${action}:${key}`;
}

export function parseButtonId(customId: string): { action: ButtonAction; key: string } | null {
  const match = /^citebot:(more|up|down|share):([\w-]{1,80})$/.exec(customId);
  if (!match) return null;
  return { action: match[1] as ButtonAction, key: match[2] as string };
}
