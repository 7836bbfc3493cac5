/**
 * A user's Slack message as plain text for the engine: the bot's own mention removed, links and mentions
 * turned into their labels, and Slack's `&amp;` `&lt;` `&gt;` escapes undone.
 */
export function slackTextToPlain(text: string, botUserId: string | null | undefined): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/g, (_whole, id: string, label: string | undefined) =>
      id === botUserId ? ' ' : label ? `@${label}` : '',
    )
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, (_whole, name: string) => `#${name}`)
    .replace(/<!(?:subteam\^[A-Z0-9]+\|)?([^>|]*)(?:\|[^>]*)?>/g, (_whole, name: string) => `@${name}`)
    .replace(/<([^>|]+)\|([^>]*)>/g, (_whole, _url: string, label: string) => label)
    .replace(/<([^>]+)>/g, (_whole, url: string) => url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
