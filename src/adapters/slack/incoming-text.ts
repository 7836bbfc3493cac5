/** `:thumbsup:`, `:+1::skin-tone-2:`: a code has a letter and no space, and does not follow a letter or digit (not "10:30:"). */
const EMOJI_CODE = /(?<![\p{L}\p{N}]):(?=[a-z0-9_+'-]*[a-z]|[+-]1:)[a-z0-9_+'-]+:(?::skin-tone-\d:)?/gu;

/**
 * A user's Slack message as plain text for the engine: the bot's own mention removed, links and mentions
 * turned into their labels, and Slack's `&amp;` `&lt;` `&gt;` escapes undone. What carries ids or names
 * rather than words is dropped (`@here`, a user group without its label, `:emoji:` codes): left in a
 * question it would be searched as an unknown word and weigh as its rarest (see LexicalStore.coverageOf),
 * turning away a question the corpus answers. A date keeps its fallback text.
 */
export function slackTextToPlain(text: string, botUserId: string | null | undefined): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/g, (_whole, id: string, label: string | undefined) =>
      id === botUserId ? ' ' : label ? `@${label}` : ' ',
    )
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, (_whole, name: string) => `#${name}`)
    .replace(/<#[A-Z0-9]+>/g, ' ')
    .replace(/<!date\^[^>|]*\|([^>]*)>/g, (_whole, fallback: string) => fallback)
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]*)>/g, (_whole, label: string) => (label.startsWith('@') ? label : `@${label}`))
    .replace(/<![^>]*>/g, ' ')
    .replace(/<([^>|]+)\|([^>]*)>/g, (_whole, _url: string, label: string) => label)
    .replace(/<([^>]+)>/g, (_whole, url: string) => url)
    .replace(EMOJI_CODE, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
