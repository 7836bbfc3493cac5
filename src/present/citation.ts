import { OPENING_TITLE_CHARS, titleIsFileName } from '../corpus/opening.ts';
import type { Lang } from '../text/lang.ts';
import type { TextFragment } from '../text/text-fragment.ts';
import { truncate } from './cut.ts';
import { citationLink, webUrl } from './link.ts';
import { quoteMarks } from './quotation.ts';
import { t } from './strings.ts';

/** What a citation is made from: a passage's source, a document, a topic suggestion. */
export interface CitationSource {
  file: string;
  title: string;
  url?: string | null;
  date?: string | null;
  paragraph?: number;
  line?: number;
  /** PDF: the page the passage starts on. */
  page?: number;
  /** The words that select the quote in the source's web page (a URL text fragment). */
  fragment?: TextFragment;
  /** Headings above the passage, outermost first (when the index records them). */
  headings?: readonly string[];
  /** The file's first sentence, verbatim: a stand-in for a title the file does not have. */
  opening?: string | null;
}

/** A citation's parts, for each surface to mark up. */
export interface Citation {
  /** "Title › Section › Subsection", or null when the file has no title of its own. */
  title: string | null;
  file: string;
  /** The source's http(s) address, or null. */
  url: string | null;
  /**
   * What the citation links to: the url opened at the quoted words (a text fragment) or, for a
   * PDF, at its page; the plain url when neither can be built; null without a url.
   */
  link: string | null;
  /** YYYY-MM-DD, or null. */
  date: string | null;
  paragraph: number | null;
  line: number | null;
  /** PDF page, or null. */
  page: number | null;
}

export const BREADCRUMB_SEPARATOR = ' › ';

/** The title and the headings under it, without repeats: "Title › Section › Subsection". */
export function breadcrumb(source: Pick<CitationSource, 'title' | 'file' | 'headings'>): string[] {
  // With no title of its own, a breadcrumb starts from the file, so that the citation still names it.
  const root = titleIsFileName(source) ? (source.headings?.length ? source.file : null) : oneLine(source.title);
  const parts = root === null ? [] : [root];
  for (const heading of source.headings ?? []) {
    const text = oneLine(heading);
    if (text !== '' && text !== parts.at(-1)) parts.push(text);
  }
  return parts;
}

export { titleIsFileName, webUrl };

export function citationOf(source: CitationSource): Citation {
  const crumbs = breadcrumb(source);
  return {
    title: crumbs.length > 0 ? crumbs.join(BREADCRUMB_SEPARATOR) : null,
    file: source.file,
    url: webUrl(source.url),
    link: citationLink(source),
    date: source.date ? source.date.slice(0, 10) : null,
    paragraph: source.paragraph ?? null,
    line: source.line ?? null,
    page: source.page ?? null,
  };
}

/** "Title › Section — file, p. 12, ¶ 3, line 7": the plain citation (terminal, text fallbacks). */
export function citationText(source: CitationSource, lang: Lang): string {
  const citation = citationOf(source);
  const where = [citation.file];
  if (citation.page !== null) where.push(`p. ${citation.page}`);
  if (citation.paragraph !== null) where.push(`¶ ${citation.paragraph}`);
  if (citation.line !== null) where.push(`${t(lang, 'line')} ${citation.line}`);
  if (citation.date !== null) where.push(citation.date);
  return citation.title === null ? where.join(', ') : `${citation.title} — ${where.join(', ')}`;
}

/**
 * For a file with no title of its own, its opening words in quotation marks ("« Cette semaine s’est
 * tenu… »"): plainly quoted text, not a title; null when the file has a title or no opening.
 */
export function derivedTitle(source: Pick<CitationSource, 'title' | 'file' | 'opening'>, lang: Lang): string | null {
  if (!titleIsFileName(source) || !source.opening?.trim()) return null;
  const [open, close] = quoteMarks(lang, true);
  return `${open}${truncate(oneLine(source.opening), OPENING_TITLE_CHARS)}${close}`;
}

/** A document named once: "Title (file)", "« Opening words… » (file)" for a file without a title, else the file alone. */
export function documentLabel(source: Pick<CitationSource, 'title' | 'file' | 'opening'>, lang: Lang): string {
  const title = titleIsFileName(source) ? derivedTitle(source, lang) : oneLine(source.title);
  return title === null ? source.file : `${title} (${source.file})`;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
