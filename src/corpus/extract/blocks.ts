/**
 * Block structure of an HTML tree (a web page's article, or mammoth's rendering of a .docx) written
 * as the text the chunker reads: "## Heading" lines, paragraphs between blank lines, "- item" lines,
 * and a table row as one "- cell | cell" line.
 */

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'item'; text: string; marker: string; depth: number }
  | { kind: 'row'; text: string };

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'HEAD']);
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'HEADER', 'HR', 'MAIN', 'NAV', 'P', 'PRE', 'SECTION', 'SUMMARY', 'HTML',
]);
const HEADING = /^H([1-6])$/;

/** The minimal DOM surface walked (linkedom's nodes have it). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode?: DomNode | null;
}

const collapse = (text: string) => text.replace(/[ \t\r\n\f]+/g, ' ');

function tag(node: DomNode): string {
  return node.nodeName.toUpperCase();
}

class Walker {
  readonly blocks: Block[] = [];
  private inline = '';
  private listDepth = 0;
  private orderedCounters: (number | null)[] = [];

  /** Flush the running inline text as a block of the given shape. */
  private flush(make: (text: string) => Block | null = (text) => ({ kind: 'paragraph', text })): void {
    const text = this.inline
      .split('\n')
      .map((line) => collapse(line).trim())
      .filter((line) => line !== '')
      .join('\n');
    this.inline = '';
    if (text === '') return;
    const block = make(text);
    if (block) this.blocks.push(block);
  }

  walk(node: DomNode): void {
    if (node.nodeType === 3) {
      this.inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = tag(node);
    if (SKIPPED.has(name)) return;
    if (name === 'BR') {
      this.inline += '\n';
      return;
    }
    const heading = HEADING.exec(name);
    if (heading) {
      this.flush();
      this.children(node);
      this.flush((text) => ({ kind: 'heading', level: Number(heading[1]), text: text.replace(/\n/g, ' ') }));
      return;
    }
    if (name === 'UL' || name === 'OL') {
      this.flush();
      this.listDepth += 1;
      this.orderedCounters.push(name === 'OL' ? 0 : null);
      this.children(node);
      this.orderedCounters.pop();
      this.listDepth -= 1;
      return;
    }
    if (name === 'LI') {
      this.flush();
      const counters = this.orderedCounters;
      const ordered = counters.at(-1);
      let marker = '-';
      if (ordered !== null && ordered !== undefined) {
        counters[counters.length - 1] = ordered + 1;
        marker = `${ordered + 1}.`;
      }
      const depth = Math.max(0, this.listDepth - 1);
      // The item's own text, up to a nested list; a nested list's items follow as their own lines.
      for (const child of Array.from(node.childNodes)) {
        const childName = child.nodeType === 1 ? tag(child) : '';
        if (childName === 'UL' || childName === 'OL') {
          this.flush((text) => ({ kind: 'item', text: text.replace(/\n/g, ' '), marker, depth }));
          this.walk(child);
        } else if (child.nodeType === 1 && (BLOCKS.has(childName) || HEADING.test(childName))) {
          // <li><p>text</p></li> (mammoth, some CMSs): the paragraph is the item's text.
          this.inline += ' ';
          this.children(child);
          this.inline += ' ';
        } else this.walk(child);
      }
      this.flush((text) => ({ kind: 'item', text: text.replace(/\n/g, ' '), marker, depth }));
      return;
    }
    if (name === 'TR') {
      this.flush();
      const cells: string[] = [];
      for (const cell of Array.from(node.childNodes)) {
        if (cell.nodeType !== 1 || (tag(cell) !== 'TD' && tag(cell) !== 'TH')) continue;
        const text = collapse(cell.textContent ?? '').trim();
        if (text !== '') cells.push(text);
      }
      if (cells.length > 0) this.blocks.push({ kind: 'row', text: cells.join(' | ') });
      return;
    }
    if (name === 'TABLE' || name === 'THEAD' || name === 'TBODY' || name === 'TFOOT') {
      this.flush();
      this.children(node);
      return;
    }
    if (name === 'PRE') {
      this.flush();
      const text = (node.textContent ?? '').replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
      if (text.trim() !== '') this.blocks.push({ kind: 'paragraph', text: text.replace(/\n{2,}/g, '\n') });
      return;
    }
    const block = BLOCKS.has(name);
    if (block) this.flush();
    this.children(node);
    if (block) this.flush();
  }

  private children(node: DomNode): void {
    for (const child of Array.from(node.childNodes)) this.walk(child);
  }

  finish(): Block[] {
    this.flush();
    return this.blocks;
  }
}

/** Lines of list items and table rows stay together; every other block stands between blank lines. */
export function blocksToText(blocks: readonly Block[]): string {
  const out: string[] = [];
  let previous: Block | null = null;
  for (const block of blocks) {
    const grouped = previous !== null && ((block.kind === 'item' && previous.kind === 'item') || (block.kind === 'row' && previous.kind === 'row'));
    if (out.length > 0) out.push(grouped ? '\n' : '\n\n');
    if (block.kind === 'heading') out.push(`${'#'.repeat(block.level)} ${block.text}`);
    else if (block.kind === 'item') out.push(`${'  '.repeat(block.depth)}${block.marker} ${block.text}`);
    else if (block.kind === 'row') out.push(`- ${block.text}`);
    else out.push(block.text);
    previous = block;
  }
  return out.length > 0 ? `${out.join('')}\n` : '';
}

/** The text of a DOM subtree, in the chunker's shape. */
export function domToText(root: DomNode): string {
  const walker = new Walker();
  walker.walk(root);
  return blocksToText(walker.finish());
}
