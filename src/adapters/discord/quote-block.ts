/**
 * Corpus text as Discord block quotes: every line escaped and prefixed with `> `, the best
 * sentence in bold, paragraphs as separate quote blocks. Long text is cut into pieces that each
 * fit a budget, at sentence or word boundaries, with "…" marking where a piece continues.
 */
import { boldEscaped, escapeMarkdown } from './escape.ts';
import { splitRanges } from '../../present/cut.ts';

export interface QuoteSource {
  text: string;
  /** Bold range inside `text` (end exclusive); empty range for no bold. */
  boldStart: number;
  boldEnd: number;
}

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);

function renderLine(source: QuoteSource, from: number, to: number): string {
  const { text } = source;
  const boldFrom = clamp(source.boldStart, from, to);
  const boldTo = clamp(Math.max(source.boldEnd, boldFrom), from, to);
  const before = text.slice(from, boldFrom);
  const bold = text.slice(boldFrom, boldTo);
  const after = text.slice(boldTo, to);
  let line = escapeMarkdown(before, true);
  if (bold !== '') line += boldEscaped(bold, before === '');
  if (after !== '') line += escapeMarkdown(after, before === '' && bold === '');
  return line;
}

/** Render `source.text.slice(from, to)` as quote blocks; `…` on the sides that continue elsewhere. */
export function renderQuoteRange(
  source: QuoteSource,
  from: number,
  to: number,
  continued: { before: boolean; after: boolean } = { before: false, after: false },
): string {
  const lines: string[] = [];
  let position = from;
  while (position <= to) {
    const newline = source.text.indexOf('\n', position);
    const lineEnd = newline === -1 || newline >= to ? to : newline;
    const raw = source.text.slice(position, lineEnd).replace(/\r$/, '');
    lines.push(raw.trim() === '' ? '' : renderLine(source, position, position + raw.length));
    if (lineEnd >= to) break;
    position = lineEnd + 1;
  }
  // Paragraph breaks become separate quote blocks; runs of blank lines collapse to one.
  const blocks: string[][] = [[]];
  for (const line of lines) {
    const current = blocks[blocks.length - 1] as string[];
    if (line === '') {
      if (current.length > 0) blocks.push([]);
    } else {
      current.push(line);
    }
  }
  const nonEmpty = blocks.filter((block) => block.length > 0);
  if (nonEmpty.length === 0) return '';
  if (continued.before) {
    const first = nonEmpty[0] as string[];
    first[0] = `… ${first[0]}`;
  }
  if (continued.after) {
    const last = nonEmpty[nonEmpty.length - 1] as string[];
    last[last.length - 1] = `${last[last.length - 1]} …`;
  }
  return nonEmpty.map((block) => block.map((line) => `> ${line}`).join('\n')).join('\n\n');
}

/**
 * The whole of `source.text` as quote pieces, each at most `budget` characters once rendered.
 * A piece never ends inside a word unless a single word is longer than the budget.
 */
export function quotePieces(source: QuoteSource, budget: number): string[] {
  const end = source.text.length;
  const ranges = splitRanges(source.text, (from, to) => {
    const rendered = renderQuoteRange(source, from, to, { before: from > 0, after: to < end });
    return rendered.length <= budget;
  });
  return ranges
    .map(([from, to]) => {
      const first = ranges[0]?.[0] ?? 0;
      const last = ranges[ranges.length - 1]?.[1] ?? end;
      return renderQuoteRange(source, from, to, { before: from > first, after: to < last });
    })
    .filter((piece) => piece !== '');
}
