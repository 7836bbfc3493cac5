import { trimSpan, type Span } from '../text/sentences.ts';

export interface FoundQuotation extends Span {
  /** Offsets of the quoted words (marks and inner spaces excluded), relative to the searched text. */
  text: string;
}

const QUOTATION_PATTERNS = [/«([^«»]+)»/gu, /“([^“”]+)”/gu, /"([^"\n]+)"/gu];
const MIN_QUOTATION_WORDS = 4;

/** Quotations inside « », “ ” or " " long enough to quote (short scare quotes like « legacy » are left out). */
export function findQuotations(text: string): FoundQuotation[] {
  const found: FoundQuotation[] = [];
  for (const pattern of QUOTATION_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const inner = trimSpan(text, { start: match.index + 1, end: match.index + match[0].length - 1 });
      const quoted = text.slice(inner.start, inner.end).replace(/[\s,]+$/u, '');
      if (quoted.split(/\s+/u).length < MIN_QUOTATION_WORDS) continue;
      found.push({ start: inner.start, end: inner.start + quoted.length, text: quoted });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const LIST_ITEM = /^[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t]+\S/u;
const OPENS_QUOTATION = /^[ \t]*[«“"]/u;
const CLOSERS: Record<string, string> = { '«': '»', '“': '”', '"': '"' };

/** The line starting at `start`: its end (exclusive, before the line break) and where the next line starts. */
function lineAt(text: string, start: number): { end: number; next: number } {
  const newline = text.indexOf('\n', start);
  return newline === -1 ? { end: text.length, next: text.length } : { end: newline, next: newline + 1 };
}

/**
 * A lead-in that ends with ":" announces the words that follow it: a list, one item a line, or a
 * quotation opening the next line. The span grows to hold them, still a verbatim range of `text`;
 * any other span is returned as it is. ("Rutte a rappelé que :\n- le principe … ;\n- mais …")
 */
export function withAnnouncedWords(text: string, span: Span): Span {
  const chosen = text.slice(span.start, span.end);
  const colonLine = /:[ \t]*(?:\n|$)/u.exec(chosen);
  if (!colonLine) return span;
  // Only what the span already holds after the colon (the first list item, say) may sit between it and the rest.
  const after = chosen.slice(colonLine.index + colonLine[0].length);
  if (after.trim() !== '' && !after.split('\n').every((line) => line.trim() === '' || LIST_ITEM.test(line) || OPENS_QUOTATION.test(line))) return span;
  const rest = lineAt(text, span.end);
  if (text.slice(span.end, rest.end).trim() !== '') return span;
  let end = span.end;
  let position = rest.next;
  if (after.trim() === '' && OPENS_QUOTATION.test(text.slice(position, lineAt(text, position).end))) {
    const open = text.slice(position).search(/[«“"]/u);
    const opener = text[position + open]!;
    const close = text.indexOf(CLOSERS[opener]!, position + open + 1);
    return close === -1 ? span : { start: span.start, end: close + 1 };
  }
  while (position < text.length) {
    const line = lineAt(text, position);
    if (!LIST_ITEM.test(text.slice(position, line.end))) break;
    end = line.end;
    position = line.next;
  }
  return trimSpan(text, { start: span.start, end });
}
