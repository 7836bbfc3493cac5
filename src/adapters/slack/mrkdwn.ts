/**
 * Slack mrkdwn helpers. Corpus text is untrusted: `&`, `<` and `>` are escaped everywhere so that
 * `<!channel>`, `<@U123>` or `<http://x|y>` in a document can never ping anyone or forge a link.
 * Long text is cut on the raw text (never inside an `&amp;`) at a sentence or word boundary.
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
const SENTENCE_END = /[.!?…。][)\]»"”’']*$/u;

/**
 * The largest index `end` (start < end ≤ text.length) such that `cost(text.slice(start, end)) ≤ budget`,
 * moved back to a clean boundary: after a sentence end, else before a space, else (one huge word) at the budget
 * without splitting a surrogate pair. Returns text.length when everything fits.
 */
export function cleanCut(text: string, start: number, budget: number, cost: (char: string) => number): number {
  let spent = 0;
  let end = start;
  while (end < text.length) {
    const charCost = cost(text[end] ?? '');
    if (spent + charCost > budget) break;
    spent += charCost;
    end += 1;
  }
  if (end >= text.length) return text.length;
  if (end <= start) return Math.min(text.length, start + 1);

  const minimum = start + Math.floor((end - start) / 2);
  for (let index = end; index > minimum; index -= 1) {
    if (/\s/.test(text[index] ?? '') && SENTENCE_END.test(text.slice(Math.max(start, index - 4), index))) return index;
  }
  for (let index = end; index > start; index -= 1) {
    if (/\s/.test(text[index] ?? '')) return index;
  }
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff && end - 1 > start ? end - 1 : end;
}

const escapeCost = (char: string): number => (char === '&' ? 5 : char === '<' || char === '>' ? 4 : 1);

/**
 * `text` cut to at most `max` characters once escaped (an ellipsis marks the cut), at a word boundary.
 * Returns raw (unescaped) text: escape it afterwards.
 */
export function truncateRaw(text: string, max: number): string {
  if (escapedLength(text) <= max) return text;
  const end = cleanCut(text, 0, Math.max(1, max - 1), escapeCost);
  return `${text.slice(0, end).trimEnd()}…`;
}

/** Escaped `text`, at most `max` characters, cut cleanly. */
export function escapeAndTruncate(text: string, max: number): string {
  return escapeMrkdwn(truncateRaw(text, max));
}

/** Plain text (header, button label) cut to `max` characters at a word boundary. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = cleanCut(text, 0, max - 1, () => 1);
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * Splits `text` into ranges [start, end) whose quoted rendering stays within `budget` characters:
 * each char costs its escaped length, each line its `>` prefix and bold markers.
 */
export function splitForQuote(text: string, budget: number): Array<[number, number]> {
  const perLineOverhead = 1 + 2 + 2; // ">" + two "*" + two zero-width spaces
  const cost = (char: string): number => (char === '\n' ? 1 + perLineOverhead : escapeCost(char));
  const ranges: Array<[number, number]> = [];
  let start = 0;
  const innerBudget = budget - perLineOverhead;
  while (start < text.length) {
    const end = cleanCut(text, start, innerBudget, cost);
    ranges.push([start, end]);
    start = end;
    while (start < text.length && /\s/.test(text[start] ?? '')) start += 1;
  }
  return ranges;
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

/** Only web links become `<url|label>`; anything else (javascript:, relative paths) is shown as text. */
export function isLinkable(url: string | null | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url);
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
