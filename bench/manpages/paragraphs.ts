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
  const lines = rendered.replace(/\u2010/g, '-').split('\n');
  // The first and last non-blank lines are the running header ("nss(5)") and footer ("Debian GNU/Linux").
  const nonBlank = lines.map((line, index) => (line.trim() === '' ? -1 : index)).filter((index) => index >= 0);
  const header = nonBlank[0];
  const footer = nonBlank[nonBlank.length - 1];
  const paragraphs: ManParagraph[] = [];
  let section = '';
  let block: string[] = [];
  const flush = () => {
    const text = block.join(' ').replace(/\s+/g, ' ').trim();
    block = [];
    if (text.length >= MIN_CHARS && text.split(' ').length >= MIN_WORDS) paragraphs.push({ page, section, text });
  };
  lines.forEach((line, index) => {
    if (index === header || index === footer) return;
    if (line.trim() === '') {
      flush();
      return;
    }
    if (isHeading(line)) {
      flush();
      section = line.trim();
      return;
    }
    block.push(line.trim());
  });
  flush();
  return paragraphs;
}
