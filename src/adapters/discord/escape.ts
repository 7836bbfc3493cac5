/**
 * Discord markdown escaping for text we did not write (corpus passages, titles, questions), so it
 * shows as written: no bold, spoilers, code, masked links, headings, quotes, or rendered
 * mentions/emoji/timestamps. Discord drops a backslash before any ASCII punctuation, so escaping a
 * character that would not have formatted anything is harmless.
 */

/** Characters that format (or start a `<@id>`, `<#id>`, `<t:…>`, `<:emoji:id>` tag) anywhere in a line. */
const inlineSpecial = /[\\*_~`|[\]<]/g;

/** Bare links: Discord autolinks them, and a backslash inside would break the link. */
const bareUrl = /https?:\/\/[^\s<>]+/g;

function escapeInlineOutsideUrls(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(bareUrl)) {
    const index = match.index;
    out += text.slice(last, index).replace(inlineSpecial, '\\$&');
    out += match[0];
    last = index + match[0].length;
  }
  return out + text.slice(last).replace(inlineSpecial, '\\$&');
}

/**
 * Escape `text` for a Discord message or embed. Set `atLineStart` when `text` begins a line (the
 * default), so a leading `#`, `-#`, `>`, `-`, `+` or `1.` cannot turn it into a heading, subtext,
 * quote or list. `text` must not contain line breaks: escape line by line (see escapeMultiline).
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  const escaped = escapeInlineOutsideUrls(text);
  if (!atLineStart) return escaped;
  return escaped.replace(/^(\s*)([#>+-])/, '$1\\$2').replace(/^(\s*\d+)\.(?=\s)/, '$1\\.');
}

/** Escape every line of `text` (each line starts a line). */
export function escapeMultiline(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeMarkdown(line.replace(/\r$/, '')))
    .join('\n');
}

/** `text` in bold, escaped, with surrounding whitespace kept outside the markers (`** x**` would not render). */
export function boldEscaped(text: string, atLineStart = true): string {
  const core = text.trim();
  if (core === '') return text;
  const lead = text.slice(0, text.indexOf(core));
  const trail = text.slice(lead.length + core.length);
  return `${lead}**${escapeMarkdown(core, atLineStart && lead === '')}**${trail}`;
}

/** A URL safe to put in a masked link `[text](url)` or an embed url; null when it is not http(s). */
export function safeLinkUrl(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const href = parsed.href.replace(/[()\s<>]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href.length <= 512 ? href : null;
}
