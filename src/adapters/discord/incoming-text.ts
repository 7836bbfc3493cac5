/**
 * A user's Discord text as plain text for the engine. Discord's markup carries ids, not words: a
 * `<@id>` or `<:emoji:id>` left in a question would be searched as an unknown number and weigh as its
 * rarest word (see LexicalStore.coverageOf), turning away a question the corpus answers. Mentions of
 * the bot, users, roles and channels and custom emoji are dropped, a timestamp becomes its date and
 * a command mention its name.
 */
export function discordTextToPlain(text: string): string {
  return text
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/<a?:[\w~-]+:\d+>/g, ' ')
    .replace(/<t:(-?\d{1,13})(?::[tTdDfFsSR])?>/g, (whole, seconds: string) => isoDate(Number(seconds)) ?? whole)
    .replace(/<\/([\p{L}\p{N}_ -]+):\d+>/gu, (_whole, name: string) => `/${name}`)
    .replace(/<id:(?:customize|browse|guide|linked-roles)(?::\d+)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function isoDate(seconds: number): string | null {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}
