import type { CommandName } from '../../answer/commands/types.ts';

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

const WITH_TEXT: CommandName[] = ['ask', 'quote', 'brief'];
const ALONE: CommandName[] = ['sources', 'status', 'help'];

/**
 * What a mention or DM asks for: "quote <topic>" and "brief <topic>" pick those commands, a bare "help",
 * "sources" or "status" runs that command, anything else is a question (an empty message gets the help).
 */
export function parseConversationalCommand(
  plain: string,
  available: readonly string[],
): { command: CommandName; text: string } {
  const trimmed = plain.trim();
  if (trimmed === '') return { command: 'help', text: '' };
  const match = /^\/?([\p{L}]+)[\s:,]*(.*)$/su.exec(trimmed);
  if (match) {
    const word = (match[1] ?? '').toLowerCase() as CommandName;
    const rest = (match[2] ?? '').trim();
    if (available.includes(word)) {
      if (ALONE.includes(word) && rest === '') return { command: word, text: '' };
      if (WITH_TEXT.includes(word) && rest !== '') return { command: word, text: rest };
    }
  }
  return { command: 'ask', text: trimmed };
}
