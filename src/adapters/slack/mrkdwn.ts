import { splitRanges, truncate } from '../../present/cut.ts';

/**
 * Slack mrkdwn helpers. Corpus text is untrusted: `&`, `<` and `>` are escaped everywhere so that
 * `<!channel>`, `<@U123>` or `<http://x|y>` in a document can never ping anyone or forge a link.
 * Long text is cut on the raw text (never inside an `&amp;`) by the shared cutting rules, measured once escaped.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) => ESCAPES[char] ?? char);
}

/** Length of `text` once escaped. */
export function escapedLength(text: string): number {
  let length = text.length;
  for (const char of text) {
    if (char === '&') length += 4;
    else if (char === '<' || char === '>') length += 3;
  }
  return length;
}

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * `text` cut to at most `max` characters once escaped (an ellipsis marks the cut), at a word boundary.
 * Returns raw (unescaped) text: escape it afterwards.
 */
export function truncateRaw(text: string, max: number): string {
  return truncate(text, max, escapedLength);
}

/** Escaped `text`, at most `max` characters, cut cleanly. */
export function escapeAndTruncate(text: string, max: number): string {
  return escapeMrkdwn(truncateRaw(text, max));
}

/** Plain text (header, button label) cut to `max` characters at a word boundary. */
export function truncatePlain(text: string, max: number): string {
  return truncate(text, max);
}

/** What a piece of text costs once quoted: escapes, and per line the `>` prefix, bold markers and separators. */
function quotedLength(piece: string): number {
  const perLineOverhead = 1 + 2 + 2; // ">" + two "*" + two zero-width spaces
  let lines = 1;
  for (const char of piece) if (char === '\n') lines += 1;
  return escapedLength(piece) + lines * perLineOverhead;
}

/** Splits `text` into ranges [start, end) whose quoted rendering stays within `budget` characters. */
export function splitForQuote(text: string, budget: number): Array<[number, number]> {
  return splitRanges(text, (from, to) => quotedLength(text.slice(from, to)) <= budget);
}

/** True for characters after which Slack would not open a `*bold*` run. */
function needsSeparatorBefore(previous: string | undefined): boolean {
  return previous !== undefined && !/\s/u.test(previous);
}

function needsSeparatorAfter(next: string | undefined): boolean {
  return next !== undefined && /[\p{L}\p{N}_*]/u.test(next);
}

/**
 * `text` as a Slack block quote (`>` on every line), every character escaped, with `text.slice(boldStart, boldEnd)`
 * in bold. Bold markers go around the trimmed sentence on each line (Slack does not carry bold across lines
 * nor open it next to a letter); a part that contains `*` itself stays plain rather than break the markup.
 * Blank lines are dropped: a quote is one block in Slack anyway.
 */
export function formatQuote(text: string, boldStart: number, boldEnd: number): string {
  const lines: string[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const lineEnd = lineStart + line.length;
    if (line.trim() !== '') lines.push(`>${formatLine(line, boldStart - lineStart, boldEnd - lineStart)}`);
    lineStart = lineEnd + 1;
  }
  return lines.join('\n');
}

function formatLine(line: string, boldStart: number, boldEnd: number): string {
  let start = Math.max(0, boldStart);
  let end = Math.min(line.length, boldEnd);
  if (start >= end) return escapeMrkdwn(line);
  while (start < end && /\s/u.test(line[start] ?? '')) start += 1;
  while (end > start && /\s/u.test(line[end - 1] ?? '')) end -= 1;
  const bold = line.slice(start, end);
  if (bold === '' || bold.includes('*')) return escapeMrkdwn(line);
  const before = line.slice(0, start);
  const after = line.slice(end);
  const open = needsSeparatorBefore(before.at(-1)) ? `${ZERO_WIDTH_SPACE}*` : '*';
  const close = needsSeparatorAfter(after[0]) ? `*${ZERO_WIDTH_SPACE}` : '*';
  return `${escapeMrkdwn(before)}${open}${escapeMrkdwn(bold)}${close}${escapeMrkdwn(after)}`;
}

/** `<url|label>` that cannot break out of its brackets; the label is escaped and cut to `maxLabel`. */
export function mrkdwnLink(url: string, label: string, maxLabel = 200): string {
  const safeUrl = url.replace(/[<>|\s"]/g, (char) => encodeURIComponent(char)).replace(/&/g, '&amp;');
  return `<${safeUrl}|${escapeAndTruncate(label, maxLabel)}>`;
}

/** `*text*` when that renders as bold in Slack, else the escaped text alone. */
export function bold(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.includes('*')) return escapeMrkdwn(text);
  return `*${escapeMrkdwn(trimmed)}*`;
}
