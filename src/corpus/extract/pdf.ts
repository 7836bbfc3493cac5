import { getDocumentProxy } from 'unpdf';
import { ExtractError, type Extracted } from './types.ts';

/** One line of a page as laid out: its text and where it sits. */
interface Line {
  text: string;
  x: number;
  /** Baseline, in PDF units (grows upwards). */
  y: number;
  /** Font size (text height). */
  size: number;
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

const TERMINAL = /[.!?…:;»”"')\]]$/u;
const BULLET = /^(?:[•▪●◦‣∙·\-–*]\s+|\d{1,3}[.)]\s+)/u;
const PAGE_NUMBER = /^(?:(?:page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:\/|of|sur|de)\s*\d{1,4})?$/iu;
const MAX_HEADING_CHARS = 90;

function linesOf(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: (Line & { end: number }) | null = null;
  let breakNext = false;
  for (const item of items) {
    const [, , , , x = 0, y = 0] = item.transform;
    const size = Math.abs(item.transform[3] ?? item.height) || item.height || 10;
    if (item.str === '') {
      if (item.hasEOL) breakNext = true;
      continue;
    }
    const sameLine = current !== null && !breakNext && Math.abs(current.y - y) < size * 0.5;
    if (current && sameLine) {
      const gap = x - current.end;
      const needsSpace = gap > size * 0.15 && !/\s$/u.test(current.text) && !/^\s/u.test(item.str);
      current.text += (needsSpace ? ' ' : '') + item.str;
      current.end = x + item.width;
      current.size = Math.max(current.size, size);
    } else {
      if (current) lines.push(current);
      current = { text: item.str, x, y, size, end: x + item.width };
    }
    breakNext = Boolean(item.hasEOL);
  }
  if (current) lines.push(current);
  return lines
    .map((line) => ({ text: line.text.replace(/\s+/gu, ' ').trim(), x: line.x, y: line.y, size: line.size }))
    .filter((line) => line.text !== '');
}

const furnitureKey = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/**
 * Headers and footers: the top and bottom lines of a page whose text (numbers aside) comes back at
 * the top or bottom of at least half the pages, and bare page numbers there.
 */
function dropFurniture(pages: Line[][]): Line[][] {
  if (pages.length < 2) return pages;
  const edgesOf = (lines: Line[]): Line[] => {
    if (lines.length === 0) return [];
    const top = Math.max(...lines.map((line) => line.y));
    const bottom = Math.min(...lines.map((line) => line.y));
    return lines.filter((line) => line.y >= top - 1 || line.y <= bottom + 1);
  };
  const counts = new Map<string, number>();
  const edges = pages.map(edgesOf);
  for (const pageEdges of edges) {
    for (const key of new Set(pageEdges.map((line) => furnitureKey(line.text)))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const repeated = (line: Line) => (counts.get(furnitureKey(line.text)) ?? 0) >= Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((lines, index) => {
    const pageEdges = new Set(edges[index]);
    return lines.filter((line) => !(pageEdges.has(line) && (repeated(line) || PAGE_NUMBER.test(line.text))));
  });
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Join a line to the paragraph it continues: a hyphen broken at the line's end is mended. */
function joinLine(paragraph: string, line: string): string {
  if (/\p{L}-$/u.test(paragraph) && /^\p{Ll}/u.test(line)) return paragraph.slice(0, -1) + line;
  return `${paragraph} ${line}`;
}

interface Block {
  text: string;
  heading: number;
  bullet: boolean;
}

/**
 * A page's lines back into paragraphs: lines broken for layout are joined, a larger vertical gap,
 * a bullet, a heading (larger type) or a short line ending a sentence closes a paragraph.
 */
function blocksOf(lines: Line[], bodySize: number, headingSizes: number[]): Block[] {
  const gaps: number[] = [];
  for (let index = 1; index < lines.length; index += 1) {
    const gap = lines[index - 1]!.y - lines[index]!.y;
    if (gap > 0 && gap < bodySize * 3) gaps.push(gap);
  }
  const lineGap = median(gaps) || bodySize * 1.2;
  const widths = lines.map((line) => line.text.length);
  const fullWidth = Math.max(0, ...widths);
  const blocks: Block[] = [];
  let previous: Line | null = null;
  for (const line of lines) {
    const headingLevel = line.size > bodySize * 1.15 && line.text.length <= MAX_HEADING_CHARS ? headingSizes.findIndex((size) => line.size >= size - 0.1) + 1 : 0;
    const bullet = BULLET.test(line.text);
    const last = blocks.at(-1);
    let continues = false;
    if (last && previous && headingLevel === 0 && last.heading === 0 && !bullet) {
      const gap = previous.y - line.y;
      const columnJump = gap < 0 || gap > bodySize * 3;
      const endedSentence = TERMINAL.test(last.text);
      const shortLast = previous.text.length < fullWidth * 0.6;
      if (columnJump) continues = !endedSentence;
      else continues = gap <= lineGap * 1.4 && !(endedSentence && shortLast);
    }
    if (last && continues) last.text = joinLine(last.text, line.text);
    else if (last && last.heading > 0 && headingLevel === last.heading && previous && previous.y - line.y <= line.size * 1.6) last.text = `${last.text} ${line.text}`;
    else blocks.push({ text: line.text, heading: headingLevel, bullet });
    previous = line;
  }
  return blocks;
}

function blocksText(blocks: Block[]): string {
  let out = '';
  blocks.forEach((block, index) => {
    const previous = blocks[index - 1];
    if (index > 0) out += block.bullet && previous?.bullet ? '\n' : '\n\n';
    out += block.heading > 0 ? `${'#'.repeat(Math.min(block.heading, 6))} ${block.text}` : block.text;
  });
  return out;
}

function failure(error: unknown): ExtractError {
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as Error)?.message ?? String(error);
  if (name === 'PasswordException') return new ExtractError('encrypted', 'is encrypted (password-protected)');
  return new ExtractError('malformed', `is not a readable PDF (${message.slice(0, 120)})`);
}

/**
 * The text of a PDF with its pages: headers and footers repeated on every page dropped, lines
 * joined back into paragraphs, hyphenation at line ends mended. A PDF without a text layer (a scan)
 * is an error, never an empty document.
 */
export async function extractPdf(bytes: Uint8Array): Promise<Extracted> {
  let pdf;
  try {
    pdf = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false } as never);
  } catch (error) {
    throw failure(error);
  }
  try {
    const rawPages: Line[][] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      rawPages.push(linesOf((content.items as unknown as TextItem[]).filter((item) => typeof item.str === 'string')));
      page.cleanup();
    }
    let title: string | null = null;
    try {
      const meta = await pdf.getMetadata();
      const info = meta.info as { Title?: unknown } | undefined;
      if (typeof info?.Title === 'string' && info.Title.trim() !== '') title = info.Title.replace(/\s+/g, ' ').trim();
    } catch {
      // no metadata: the title comes from the text
    }
    const pages = dropFurniture(rawPages);
    const allLines = pages.flat();
    if (allLines.map((line) => line.text).join('').replace(/\s/gu, '').length < 20) {
      throw new ExtractError('no-text', 'has no text layer (a scanned document?): skipped, not indexed empty');
    }
    // Body text size: the size most characters are set in; larger sizes are heading levels.
    const weight = new Map<number, number>();
    for (const line of allLines) weight.set(Math.round(line.size * 10) / 10, (weight.get(Math.round(line.size * 10) / 10) ?? 0) + line.text.length);
    const bodySize = [...weight.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const headingSizes = [...weight.keys()].filter((size) => size > bodySize * 1.15).sort((a, b) => b - a).slice(0, 6);

    let text = '';
    const starts: number[] = [];
    for (const lines of pages) {
      const pageText = blocksText(blocksOf(lines, bodySize, headingSizes));
      if (text === '') {
        starts.push(0);
        text = pageText;
        continue;
      }
      if (pageText === '') {
        starts.push(text.length);
        continue;
      }
      // A paragraph running on from the previous page (no sentence end, lower-case start) is joined.
      const runsOn = !TERMINAL.test(text) && /^\p{Ll}/u.test(pageText) && !/\n#{1,6} [^\n]*$/u.test(`\n${text.slice(text.lastIndexOf('\n') + 1)}`);
      if (runsOn) {
        const joined = joinLine(text, pageText);
        starts.push(joined.length - pageText.length);
        text = joined;
      } else {
        text += '\n\n';
        starts.push(text.length);
        text += pageText;
      }
    }
    return { text: `${text}\n`, title, url: null, pages: starts };
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw failure(error);
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
