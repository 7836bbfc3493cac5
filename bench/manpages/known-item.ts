import type { RenderedPage } from './fetch.ts';
import { pageBodyLines } from './paragraphs.ts';

/** English manual pages (the Linux man-pages project, as Debian ships it), for a known-item set in English. */
export const ENGLISH_MANPAGE_PACKAGES = ['manpages', 'manpages-dev'];

export interface KnownItemPage {
  /** File name of the page in the corpus, e.g. "open.2.txt". */
  page: string;
  /** The NAME line's description ("open and possibly create a file"): the question; null when another page has the same one. */
  question: string | null;
  /** The rendered page without its NAME section, running header and footer, its 7-column indent taken off. */
  text: string;
}

/** Questions of fewer words say too little to tell one page from another ("get time"). */
const MIN_QUESTION_WORDS = 3;

interface Parsed {
  page: string;
  description: string;
  text: string;
}

/** A page rendered by `groff -man -Tutf8 -rLL=2000n`: its NAME (NOM in French) description, and the rest of its text. */
function parse({ page, rendered }: RenderedPage): Parsed | null {
  const body = pageBodyLines(rendered);
  const nameAt = body.findIndex((line) => /^(?:NAME|NOM)\s*$/.test(line));
  if (nameAt === -1) return null;
  let nameEnd = nameAt + 1;
  while (nameEnd < body.length && !/^\S/.test(body[nameEnd]!)) nameEnd++;
  const name = body.slice(nameAt + 1, nameEnd).join(' ').replace(/\s+/g, ' ').trim();
  const description = /\s[-–—]+\s(.+)$/.exec(name)?.[1]?.trim();
  if (!description) return null;
  const text = [...body.slice(0, nameAt), ...body.slice(nameEnd)]
    .map((line) => line.replace(/^ {7}/, '').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const file = `${page.replace(/\((\w+)\)$/, '.$1').replace(/[^\w.+-]/g, '_')}.txt`;
  return { page: file, description, text };
}

/**
 * A known-item set in the shape of the Service-Public one: each page is a corpus file without the line that
 * says what it is about, and that line is the question (a hit is any passage of the page). A description
 * two pages share, or one of fewer than MIN_QUESTION_WORDS words, asks nothing (the page stays, as a distractor).
 */
export function knownItemPages(rendered: readonly RenderedPage[]): KnownItemPage[] {
  const parsed = rendered.map(parse).filter((page): page is Parsed => page !== null && page.text.length > 0);
  const asks = askingDescriptions(parsed);
  const files = new Set<string>();
  return parsed
    .filter((page) => !files.has(page.page) && files.add(page.page))
    .map((page) => ({ page: page.page, question: asks.get(page.page) ?? null, text: page.text }));
}

/**
 * The same pages asked in another language: each page's question is the description of the translated
 * page of the same name (Debian's manpages-fr translates the Linux man-pages project), with the same rules;
 * a page without a translated description asks nothing.
 */
export function translatedQuestions(pages: readonly KnownItemPage[], translated: readonly RenderedPage[]): KnownItemPage[] {
  const asks = askingDescriptions(translated.map(parse).filter((page): page is Parsed => page !== null));
  return pages.map((page) => ({ ...page, question: asks.get(page.page) ?? null }));
}

/** Per file name, its description when it can ask for its page: no other page has it, and it has enough words. */
function askingDescriptions(parsed: readonly Parsed[]): Map<string, string> {
  const uses = new Map<string, number>();
  for (const page of parsed) uses.set(page.description.toLowerCase(), (uses.get(page.description.toLowerCase()) ?? 0) + 1);
  const asks = new Map<string, string>();
  for (const page of parsed) {
    if (uses.get(page.description.toLowerCase()) === 1 && page.description.split(/\s+/).length >= MIN_QUESTION_WORDS && !asks.has(page.page)) {
      asks.set(page.page, page.description);
    }
  }
  return asks;
}
