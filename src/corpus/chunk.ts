import { passageLanguage } from '../text/language.ts';
import { splitSentences, trimSpan, type Span } from '../text/sentences.ts';
import { isFurniture } from './furniture.ts';
import { pageAt } from './pages.ts';
import type { Chunk, CorpusDocument } from './types.ts';

/** Bump when chunk boundaries change (9: a byte order mark is counted in offsets): the manifest records it and a new version forces a rebuild. */
export const CHUNKER_VERSION = 9;

export interface ChunkOptions {
  /** A paragraph longer than this is split at sentence boundaries. */
  maxChars: number;
  /**
   * Consecutive paragraphs with no blank line between them (web text keeps one line per paragraph,
   * heading or list item) are packed into one passage up to this many characters; 0 packs nothing.
   */
  packChars?: number;
}

/** What the chunker does when the caller does not say (the product's defaults). */
export const DEFAULT_PACK_CHARS = 600;

type UnitKind = 'heading' | 'bullet' | 'lead-in' | 'prose' | 'furniture';

interface Unit extends Span {
  kind: UnitKind;
  line: number;
  /** A blank line comes before it. */
  afterBlank: boolean;
}

interface Line extends Span {
  number: number;
  content: string;
}

const TERMINAL_PUNCTUATION = /[.!?…;:»”"')\]]$/u;
const BULLET = /^(?:[-*•–]\s+|\d{1,3}[.)]\s+)/u;
const MARKDOWN_HEADING = /^#{1,6}\s+\S/u;
const MAX_HEADING_CHARS = 90;
/** Markdown headings have levels 1 to 6; a plain-text heading line ranks below them all. */
const PLAIN_HEADING_LEVEL = 7;
const SHORT_PIECE = 100;
const SHORT_PARAGRAPH = 80;
/** A passage shorter than this carries too little to be found alone: the next section joins it. */
const MIN_PASSAGE_CHARS = 200;

function linesOf(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  let number = countNewlines(text, 0, from) + 1;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const contentEnd = text[end - 1] === '\r' ? end - 1 : end;
    lines.push({ start, end: contentEnd, number, content: text.slice(start, contentEnd) });
    if (newline === -1) break;
    start = newline + 1;
    number += 1;
  }
  return lines;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index !== -1 && index < to; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

function isBlank(line: Line): boolean {
  return line.content.trim() === '';
}

/**
 * Whether `next` continues the same paragraph as `line` (hard-wrapped prose) rather than starting a
 * new one (one-paragraph-per-line files).
 */
function isSoftWrap(line: Line, next: Line): boolean {
  const current = line.content.trim();
  const following = next.content.trim();
  if (TERMINAL_PUNCTUATION.test(current)) return false;
  if (BULLET.test(following) || MARKDOWN_HEADING.test(following) || isFurniture(following)) return false;
  if (MARKDOWN_HEADING.test(current) || isFurniture(current)) return false;
  return /^\p{Ll}/u.test(following) || current.length >= 60;
}

function classify(content: string): UnitKind {
  const text = content.trim();
  if (isFurniture(text)) return 'furniture';
  if (BULLET.test(text)) return 'bullet';
  if (MARKDOWN_HEADING.test(text)) return 'heading';
  if (text.endsWith(':')) return 'lead-in';
  if (text.length <= MAX_HEADING_CHARS && !TERMINAL_PUNCTUATION.test(text)) return 'heading';
  // "Qui est concerné ?": a short question alone on its line heads what follows (web FAQ pages).
  if (text.length <= MAX_HEADING_CHARS && text.endsWith('?') && !text.includes('\n')) return 'heading';
  return 'prose';
}

/** Lines grouped into units: one per blank-line paragraph, one-line paragraph, or soft-wrapped run. */
function unitsOf(text: string, bodyStart: number): Unit[] {
  const units: Unit[] = [];
  let current: { first: Line; last: Line } | null = null;
  let afterBlank = true;
  const flush = () => {
    if (!current) return;
    const content = text.slice(current.first.start, current.last.end);
    units.push({ start: current.first.start, end: current.last.end, line: current.first.number, kind: classify(content), afterBlank });
    afterBlank = false;
    current = null;
  };
  for (const line of linesOf(text, bodyStart)) {
    if (isBlank(line)) {
      flush();
      afterBlank = true;
      continue;
    }
    if (current && isSoftWrap(current.last, line)) {
      current.last = line;
      continue;
    }
    flush();
    current = { first: line, last: line };
  }
  flush();
  return units;
}

/**
 * Units grouped into reader paragraphs: headings join the paragraph they head, a bullet list stays
 * with its lead-in line (and with lines between its items), a lead-in ending in ":" joins what it
 * introduces. Furniture is dropped and breaks groups.
 */
function paragraphsOf(units: Unit[]): Unit[][] {
  const groups: Unit[][] = [];
  const listItems = new Set<Unit>();
  let pending: Unit[] = [];
  let open: Unit[] | null = null;
  const close = () => {
    if (open) groups.push(open);
    open = null;
  };
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index]!;
    if (unit.kind === 'furniture') {
      close();
      if (pending.length > 0) groups.push(pending);
      pending = [];
      continue;
    }
    const previous = open?.at(-1);
    const nextIsBullet = units[index + 1]?.kind === 'bullet';
    const continuesList =
      open !== null &&
      previous !== undefined &&
      (unit.kind === 'bullet' || (previous.kind === 'bullet' && nextIsBullet && unit.kind !== 'heading'));
    const answersLeadIn = open !== null && previous?.kind === 'lead-in' && unit.kind !== 'heading';
    // Short lines right under a lead-in, with no blank line between, are the items of an unmarked list.
    const listItem = open !== null && previous !== undefined && unit.kind === 'heading' && !unit.afterBlank && (previous.kind === 'lead-in' || listItems.has(previous));
    if (listItem) listItems.add(unit);
    // A one-line paragraph too short to stand alone ("Objectif : un milliard de dollars par mois.")
    // reads as the end of the paragraph just above it.
    const shortFollower = open !== null && unit.kind === 'prose' && !unit.afterBlank && unit.end - unit.start < SHORT_PARAGRAPH;
    if (continuesList || answersLeadIn || listItem || shortFollower) {
      open!.push(unit);
      continue;
    }
    if (unit.kind === 'heading') {
      close();
      pending.push(unit);
      continue;
    }
    close();
    open = [...pending, unit];
    pending = [];
  }
  close();
  if (pending.length > 0) groups.push(pending);
  return groups;
}

/** Cut a span with no sentence boundary into pieces of at most `maxChars`, at spaces where there are any. */
function splitAtSpaces(text: string, span: Span, maxChars: number): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > maxChars) {
    const window = text.slice(start, start + maxChars);
    const space = window.search(/\s\S*$/u);
    let end = space > maxChars / 2 ? start + space : start + maxChars;
    if (/[\uDC00-\uDFFF]/u.test(text[end] ?? '')) end -= 1;
    pieces.push(trimSpan(text, { start, end }));
    start = end;
  }
  pieces.push(trimSpan(text, { start, end: span.end }));
  return pieces.filter((piece) => piece.end > piece.start);
}

/** Split a long range at sentence boundaries into pieces of at most `maxChars` (at spaces inside an overlong sentence). */
function splitLong(text: string, span: Span, maxChars: number): Span[] {
  if (span.end - span.start <= maxChars) return [span];
  const sentences = splitSentences(text.slice(span.start, span.end)).flatMap((sentence) =>
    splitAtSpaces(text, { start: span.start + sentence.start, end: span.start + sentence.end }, maxChars),
  );
  const pieces: Span[] = [];
  for (const sentence of sentences) {
    const last = pieces.at(-1);
    if (last && sentence.end - last.start <= maxChars) last.end = sentence.end;
    else pieces.push({ ...sentence });
  }
  // A short first piece (a heading, a lead-in) goes with what follows rather than standing alone.
  const first = pieces[0];
  const second = pieces[1];
  if (first && second && first.end - first.start < SHORT_PIECE) pieces.splice(0, 2, { start: first.start, end: second.end });
  return pieces.length > 0 ? pieces : [span];
}

/** Prose for embedding and indexing: markup and social-media residue removed. Never shown to users. */
export function plainText(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/hashtag#/g, '#')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*•–]|\d{1,3}[.)])\s+/gm, '')
    .replace(/(?<![\p{L}\p{N}])[*_`]{1,3}(\S[^*_`]*?)[*_`]{1,3}(?![\p{L}\p{N}])/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The heading a unit reads as, with its level, or null when the unit is not a heading. */
function headingOf(text: string, unit: Unit): { level: number; text: string } | null {
  if (unit.kind !== 'heading') return null;
  const line = text.slice(unit.start, unit.end);
  const markdown = /^(#{1,6})\s+(.*)$/u.exec(line);
  const heading = plainText(markdown ? markdown[2]! : line);
  return heading === '' ? null : { level: markdown ? markdown[1]!.length : PLAIN_HEADING_LEVEL, text: heading };
}

interface Section {
  groups: Unit[][];
  /** Heading path above the section's first group, outermost first (its own leading headings are in its text). */
  outer: string[];
  /** The same with the first group's own headings: the context of the parts after the first. */
  own: string[];
}

interface HeadingPaths {
  outer: string[];
  own: string[];
}

/**
 * The heading path in force at each group, before and after its own leading headings: a Markdown
 * heading replaces those of its level and below; a plain heading line (its level unknown) replaces
 * the plain heading before it.
 */
function headingPaths(text: string, groups: Unit[][], title: string): HeadingPaths[] {
  let path: { level: number; text: string }[] = [];
  const visible = () => path.map((entry) => entry.text).filter((heading) => heading !== title);
  return groups.map((group) => {
    let outer: string[] | null = null;
    for (const unit of group) {
      const heading = headingOf(text, unit);
      if (!heading) break;
      path = path.filter((entry) => entry.level < Math.min(heading.level, PLAIN_HEADING_LEVEL));
      outer ??= visible();
      path.push(heading);
    }
    return { outer: outer ?? visible(), own: visible() };
  });
}

/**
 * Runs of short paragraphs with no blank line between them become one passage of useful size; a
 * heading starts a new passage unless the one being filled is still too short to stand alone.
 */
function packGroups(text: string, groups: Unit[][], paths: HeadingPaths[], packChars: number): Section[] {
  const sections: Section[] = [];
  groups.forEach((group, index) => {
    const current = sections.at(-1);
    const first = group[0]!;
    const currentStart = current?.groups[0]![0]!.start ?? 0;
    const currentLength = current ? current.groups.at(-1)!.at(-1)!.end - currentStart : 0;
    const fits = current !== undefined && group.at(-1)!.end - currentStart <= packChars;
    // Page furniture between the two (dropped from chunks) separates them like a blank line.
    const adjacent = current !== undefined && text.slice(current.groups.at(-1)!.at(-1)!.end, first.start).trim() === '';
    const startsSection = first.kind === 'heading' && currentLength >= MIN_PASSAGE_CHARS;
    if (fits && adjacent && !first.afterBlank && !startsSection) current.groups.push(group);
    else sections.push({ groups: [group], ...paths[index]! });
  });
  return sections;
}

/** A chunk's stable id (see Chunk.id). */
export function chunkId(file: string, paragraph: number, part: number): string {
  return part === 0 ? `${file}#${paragraph}` : `${file}#${paragraph}.${part}`;
}

export function chunkDocument(document: CorpusDocument, options: ChunkOptions): Chunk[] {
  const { text } = document;
  const chunks: Chunk[] = [];
  const groups = paragraphsOf(unitsOf(text, document.bodyStart)).filter(
    (group) => plainText(text.slice(group[0]!.start, group.at(-1)!.end)) !== '',
  );
  const paragraphNumber = new Map(groups.map((group, index) => [group, index + 1]));
  const sections = packGroups(text, groups, headingPaths(text, groups, document.title), Math.min(options.maxChars, options.packChars ?? DEFAULT_PACK_CHARS));
  for (const section of sections) {
    const paragraph = paragraphNumber.get(section.groups[0]!)!;
    const first = section.groups[0]![0]!;
    const last = section.groups.at(-1)!.at(-1)!;
    const pieces = splitLong(text, { start: first.start, end: last.end }, options.maxChars);
    let line = first.line;
    let lineCountedTo = first.start;
    pieces.forEach((piece, pieceIndex) => {
      line += countNewlines(text, lineCountedTo, piece.start);
      lineCountedTo = piece.start;
      const part = pieces.length > 1 ? pieceIndex + 1 : 0;
      const chunkText = text.slice(piece.start, piece.end);
      chunks.push({
        id: chunkId(document.file, paragraph, part),
        file: document.file,
        title: document.title,
        url: document.url,
        date: document.date,
        headings: pieceIndex === 0 ? section.outer : section.own,
        language: passageLanguage(chunkText, document.language),
        paragraph,
        part,
        line,
        ...(document.pages ? { page: pageAt(document.pages, piece.start) } : {}),
        start: piece.start,
        end: piece.end,
        text: chunkText,
        plain: plainText(chunkText),
      });
    });
  }
  return chunks.filter((chunk) => chunk.plain !== '');
}

/** Title from the first heading line of a body: "# Title" in Markdown, or a short first line. */
export function headingTitle(text: string, bodyStart: number): string | null {
  const first = unitsOf(text, bodyStart).find((unit) => unit.kind !== 'furniture');
  if (!first || first.kind !== 'heading') return null;
  const line = text.slice(first.start, first.end).split('\n')[0] ?? '';
  const title = line.replace(/^#{1,6}\s+/, '').trim();
  return title === '' ? null : title;
}
