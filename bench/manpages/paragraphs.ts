export interface ManParagraph {
  /** Page name and section, e.g. "nss(5)". */
  page: string;
  /** The heading the paragraph sits under, e.g. "DESCRIPTION". */
  section: string;
  text: string;
}

const MIN_CHARS = 30;
const MIN_WORDS = 5;

/** A section heading in groff's rendering: an unindented line in capitals. */
function isHeading(line: string): boolean {
  return /^\S/.test(line) && line === line.toUpperCase() && /\p{Lu}/u.test(line);
}

/**
 * Cuts one page rendered by `groff -man -Tutf8 -rLL=2000n` (one line per filled paragraph) into
 * prose paragraphs: blank-line separated blocks, without the page's header and footer lines, the
 * headings, and fragments too short to stand as a passage (option names, synopsis lines).
 */
export function paragraphsOfRenderedPage(page: string, rendered: string): ManParagraph[] {
  const paragraphs: ManParagraph[] = [];
  let section = '';
  let block: string[] = [];
  const flush = () => {
    const text = block.join(' ').replace(/\s+/g, ' ').trim();
    block = [];
    if (text.length >= MIN_CHARS && text.split(' ').length >= MIN_WORDS) paragraphs.push({ page, section, text });
  };
  for (const line of pageBodyLines(rendered)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (isHeading(line)) {
      flush();
      section = line.trim();
      continue;
    }
    block.push(line.trim());
  }
  flush();
  return paragraphs;
}

/**
 * The lines of a rendered page between its running header ("nss(5)") and footer ("Debian GNU/Linux"),
 * the first and last non-blank lines, with groff's hyphens as ASCII ones.
 */
export function pageBodyLines(rendered: string): string[] {
  const lines = rendered.replace(/\u2010/g, '-').split('\n');
  const nonBlank = lines.map((line, index) => (line.trim() === '' ? -1 : index)).filter((index) => index >= 0);
  if (nonBlank.length < 2) return [];
  return lines.slice(nonBlank[0]! + 1, nonBlank[nonBlank.length - 1]);
}
