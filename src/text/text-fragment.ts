/**
 * Which words of a source select a quote in a browser, as a URL text fragment
 * (https://wicg.github.io/scroll-to-text-fragment/): `[prefix-,]textStart[,textEnd][,-suffix]`.
 * The terms are chosen here, on the stored text; `present/link.ts` encodes them into a link.
 *
 * A browser matches each term case-insensitively, on word boundaries, within one block of the page
 * (a term never spans two paragraphs or list items), and takes the first match: the terms chosen
 * must make the quote the first match in the page. In the stored text of a web page, one line is
 * one block, so a term never crosses a line.
 */

export interface TextFragment {
  /** Words just before the quote, when the quote's start alone would first match earlier in the page. */
  prefix?: string;
  textStart: string;
  /** For a long quote, or one spanning blocks: its last words (the range runs from textStart to the first textEnd after it). */
  textEnd?: string;
  suffix?: string;
}

interface Word {
  start: number;
  end: number;
  /** Index of the line (block) the word is on. */
  block: number;
}

/** A quote of up to this many words (in one block) is selected whole; a longer one by its first and last words. */
const EXACT_MAX_WORDS = 10;
const EDGE_WORDS = 4;
const MAX_EDGE_WORDS = 10;
/** Line-start markup of the stored text that the page shows as structure, not as text. */
const LINE_MARKER = /^[ \t]*(?:#{1,6}[ \t]+|[-*•–][ \t]+|\d{1,3}[.)][ \t]+|>[ \t]*)/u;
/** Characters that are Markdown markup rather than page text: a term holding one would not match. */
const MARKUP = /[*`[\]<>|\\]|__/u;

/** The words of `text` between `start` and `end`, each with its line, line-start markers skipped. */
function wordsOf(text: string, start: number, end: number): Word[] {
  const words: Word[] = [];
  let block = 0;
  let lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let position = start;
  while (position < end) {
    const newline = text.indexOf('\n', position);
    const lineEnd = newline === -1 || newline > end ? end : newline;
    let from = position;
    if (position === lineStart) {
      const marker = LINE_MARKER.exec(text.slice(lineStart, lineEnd));
      if (marker) from = lineStart + marker[0].length;
    }
    const pattern = /\S+/gu;
    const line = text.slice(from, lineEnd);
    for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
      words.push({ start: from + match.index, end: from + match.index + match[0].length, block });
    }
    if (lineEnd >= end) break;
    position = lineEnd + 1;
    lineStart = position;
    block += 1;
  }
  return words;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD_CHAR = '[\\p{L}\\p{N}_]';

/** A term as a pattern: its words with any run of in-block whitespace between them, on word boundaries. */
function termPattern(term: string): string {
  const words = term.split(/\s+/u).filter((word) => word !== '').map(escapeRegExp);
  const starts = new RegExp(`^${WORD_CHAR}`, 'u').test(term) ? `(?<!${WORD_CHAR})` : '';
  const ends = new RegExp(`${WORD_CHAR}$`, 'u').test(term) ? `(?!${WORD_CHAR})` : '';
  return `${starts}${words.join('[^\\S\\n]+')}${ends}`;
}

/** Where a browser would find the fragment in `text` (first match, case-insensitive), or null. */
export function findTextFragment(text: string, fragment: TextFragment): { start: number; end: number } | null {
  const start = new RegExp(
    `${fragment.prefix ? `(?<=${termPattern(fragment.prefix)}\\s+)` : ''}${termPattern(fragment.textStart)}${!fragment.textEnd && fragment.suffix ? `(?=\\s+${termPattern(fragment.suffix)})` : ''}`,
    'giu',
  );
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const startAt = match.index;
    const startEnd = startAt + match[0].length;
    if (!fragment.textEnd) return { start: startAt, end: startEnd };
    const end = new RegExp(`${termPattern(fragment.textEnd)}${fragment.suffix ? `(?=\\s+${termPattern(fragment.suffix)})` : ''}`, 'giu');
    end.lastIndex = startEnd;
    const found = end.exec(text);
    if (found) return { start: startAt, end: found.index + found[0].length };
    // With a textEnd that never follows, no later textStart can do better.
    return null;
  }
  return null;
}

const termOf = (text: string, words: readonly Word[]) => text.slice(words[0]!.start, words.at(-1)!.end).replace(/\s+/gu, ' ');

/**
 * The text fragment that selects `text.slice(start, end)` as the first match in `text`, or null
 * when none can (the quote holds Markdown markup the page does not show, or every candidate
 * matches elsewhere first).
 */
export function textFragmentFor(text: string, start: number, end: number): TextFragment | null {
  const words = wordsOf(text, start, end);
  if (words.length === 0) return null;
  const target = { start: words[0]!.start, end: words.at(-1)!.end };
  const firstBlock = words.filter((word) => word.block === words[0]!.block);
  const lastBlock = words.filter((word) => word.block === words.at(-1)!.block);
  const singleBlock = firstBlock.length === words.length;
  // Words just before the quote on its own line, closest last: a prefix never reaches another block.
  const lineStart = text.lastIndexOf('\n', target.start - 1) + 1;
  const before = wordsOf(text, lineStart, target.start).filter((word) => word.end <= target.start);

  const candidates: TextFragment[] = [];
  if (singleBlock && words.length <= EXACT_MAX_WORDS) {
    candidates.push({ textStart: termOf(text, words) });
    for (let count = 1; count <= Math.min(3, before.length); count += 1) candidates.push({ prefix: termOf(text, before.slice(-count)), textStart: termOf(text, words) });
  } else {
    for (let count = EDGE_WORDS; count <= MAX_EDGE_WORDS; count += 2) {
      const head = firstBlock.slice(0, Math.min(count, singleBlock ? Math.floor(words.length / 2) : firstBlock.length));
      const tail = lastBlock.slice(-Math.min(count, singleBlock ? Math.floor(words.length / 2) : lastBlock.length));
      if (head.length === 0 || tail.length === 0) continue;
      const range = { textStart: termOf(text, head), textEnd: termOf(text, tail) };
      candidates.push(range);
      for (let prefixCount = 1; prefixCount <= Math.min(3, before.length); prefixCount += 1) candidates.push({ prefix: termOf(text, before.slice(-prefixCount)), ...range });
    }
  }
  for (const candidate of candidates) {
    if (Object.values(candidate).some((term) => MARKUP.test(term))) continue;
    const found = findTextFragment(text, candidate);
    if (found && found.start === target.start && found.end === target.end) return candidate;
  }
  return null;
}
