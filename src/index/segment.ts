import { GrowableUint32 } from './growable.ts';

/**
 * Postings of one kind of document (passages or pages) in a segment, with the raw counts BM25F
 * needs: each field's term frequency per posting and each field's length per document. Scores are
 * not baked in: the average lengths and document frequencies they depend on are those of every
 * live document of every segment, known only when the segments are opened together.
 */
export interface FieldPostings {
  /** Postings of term t (an index into the segment's `terms`) are positions offsets[t] .. offsets[t + 1]. */
  offsets: Uint32Array;
  /** Document numbers, local to the segment, ascending within a term. */
  docs: Uint32Array;
  /** Occurrences of the term in the document's text. */
  textCounts: Uint32Array;
  /** Occurrences of the term in the document's title and headings. */
  contextCounts: Uint32Array;
  /** Terms in each document's text, by document. */
  textLengths: Uint32Array;
  /** Terms in each document's title and headings, by document. */
  contextLengths: Uint32Array;
}

/** One immutable part of the lexical index: some files' passages and pages (a page is a file). */
export interface Segment {
  /** Every term of the segment, sorted; passages and pages share them. */
  terms: string[];
  passages: FieldPostings;
  pages: FieldPostings;
  /** The page (file) of each local page number. */
  pageNames: string[];
  /** The local page number of each passage. */
  pageOfPassage: Uint32Array;
}

/**
 * Builds a segment one passage at a time (terms already stemmed), so that a million passages need
 * not be held as term lists. A page holds the text terms of all its passages and, once each, their
 * title and heading terms.
 */
export class SegmentBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly postingTerms = new GrowableUint32(1 << 16);
  private readonly postingText = new GrowableUint32(1 << 16);
  private readonly postingContext = new GrowableUint32(1 << 16);
  /** Position of each passage's first posting in the flat arrays above (one more entry at the end). */
  private readonly passageStarts = new GrowableUint32();
  private readonly textLengths = new GrowableUint32();
  private readonly contextLengths = new GrowableUint32();
  private readonly pageOfPassage = new GrowableUint32();
  private readonly pageNumbers = new Map<string, number>();
  private readonly pageNames: string[] = [];
  private stamp = new Uint32Array(1024);
  private textCount = new Uint32Array(1024);
  private contextCount = new Uint32Array(1024);

  constructor() {
    this.passageStarts.push(0);
  }

  get passageCount(): number {
    return this.textLengths.length;
  }

  /** The builder's number for a term (numbers are the builder's own; `finish` sorts the terms). */
  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      if (id === this.stamp.length) {
        const grow = (array: Uint32Array) => {
          const bigger = new Uint32Array(array.length * 2);
          bigger.set(array);
          return bigger;
        };
        this.stamp = grow(this.stamp);
        this.textCount = grow(this.textCount);
        this.contextCount = grow(this.contextCount);
      }
    }
    return id;
  }

  /** Adds a passage given as its terms. */
  add(text: readonly string[], context: readonly string[], page: string): void {
    this.addIds(
      text.map((term) => this.termId(term)),
      context.map((term) => this.termId(term)),
      page,
    );
  }

  /** Adds a passage given as term numbers (see termId), in text order. */
  addIds(text: readonly number[], context: readonly number[], page: string): void {
    const mark = this.passageCount + 1;
    const touched: number[] = [];
    for (const id of text) {
      if (this.stamp[id] !== mark) {
        this.stamp[id] = mark;
        this.textCount[id] = 0;
        this.contextCount[id] = 0;
        touched.push(id);
      }
      this.textCount[id]! += 1;
    }
    for (const id of context) {
      if (this.stamp[id] !== mark) {
        this.stamp[id] = mark;
        this.textCount[id] = 0;
        this.contextCount[id] = 0;
        touched.push(id);
      }
      this.contextCount[id]! += 1;
    }
    for (const id of touched) {
      this.postingTerms.push(id);
      this.postingText.push(this.textCount[id]!);
      this.postingContext.push(this.contextCount[id]!);
    }
    this.passageStarts.push(this.postingTerms.length);
    this.textLengths.push(text.length);
    this.contextLengths.push(context.length);
    let pageNumber = this.pageNumbers.get(page);
    if (pageNumber === undefined) {
      pageNumber = this.pageNames.length;
      this.pageNumbers.set(page, pageNumber);
      this.pageNames.push(page);
    }
    this.pageOfPassage.push(pageNumber);
  }

  finish(): Segment {
    const termCount = this.termNames.length;
    const sorted = this.termNames.map((_, id) => id).sort((a, b) => (this.termNames[a]! < this.termNames[b]! ? -1 : 1));
    const rank = new Uint32Array(termCount);
    sorted.forEach((id, position) => (rank[id] = position));
    const passageCount = this.passageCount;
    const starts = this.passageStarts.view();
    const terms = this.postingTerms.view();
    const text = this.postingText.view();
    const context = this.postingContext.view();
    const passages = invert(termCount, rank, passageCount, (visit) => {
      for (let doc = 0; doc < passageCount; doc++) {
        for (let position = starts[doc]!; position < starts[doc + 1]!; position++) visit(doc, terms[position]!, text[position]!, context[position]!);
      }
    });
    passages.textLengths = this.textLengths.view().slice();
    passages.contextLengths = this.contextLengths.view().slice();

    // Pages: the passages of each page in passage order, their counts added up.
    const pageCount = this.pageNames.length;
    const pageOfPassage = this.pageOfPassage.view().slice();
    const pageStarts = new Uint32Array(pageCount + 1);
    for (const page of pageOfPassage) pageStarts[page + 1]! += 1;
    for (let page = 0; page < pageCount; page++) pageStarts[page + 1]! += pageStarts[page]!;
    const passagesByPage = new Uint32Array(passageCount);
    const fill = pageStarts.slice(0, pageCount);
    pageOfPassage.forEach((page, passage) => (passagesByPage[fill[page]!++] = passage));
    const pageTextLengths = new Uint32Array(pageCount);
    const pageContextLengths = new Uint32Array(pageCount);
    const pageText = new Uint32Array(termCount);
    const pageContext = new Uint8Array(termCount);
    const pages = invert(termCount, rank, pageCount, (visit) => {
      for (let page = 0; page < pageCount; page++) {
        const touched: number[] = [];
        for (let i = pageStarts[page]!; i < pageStarts[page + 1]!; i++) {
          const passage = passagesByPage[i]!;
          pageTextLengths[page]! += this.textLengths.get(passage);
          for (let position = starts[passage]!; position < starts[passage + 1]!; position++) {
            const id = terms[position]!;
            if (pageText[id] === 0 && pageContext[id] === 0) touched.push(id);
            pageText[id]! += text[position]!;
            if (context[position]! > 0 && pageContext[id] === 0) {
              pageContext[id] = 1;
              pageContextLengths[page]! += 1;
            }
          }
        }
        for (const id of touched) {
          visit(page, id, pageText[id]!, pageContext[id]!);
          pageText[id] = 0;
          pageContext[id] = 0;
        }
      }
    });
    pages.textLengths = pageTextLengths;
    pages.contextLengths = pageContextLengths;
    return { terms: sorted.map((id) => this.termNames[id]!), passages, pages, pageNames: [...this.pageNames], pageOfPassage };
  }
}

/**
 * Postings by term from postings by document: `each` visits every (document, term id, text count,
 * context count) in ascending document order, twice (count, then place).
 */
function invert(
  termCount: number,
  rank: Uint32Array,
  documentCount: number,
  each: (visit: (doc: number, term: number, text: number, context: number) => void) => void,
): FieldPostings {
  const offsets = new Uint32Array(termCount + 1);
  each((_, term) => (offsets[rank[term]! + 1]! += 1));
  for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
  const total = offsets[termCount]!;
  const docs = new Uint32Array(total);
  const textCounts = new Uint32Array(total);
  const contextCounts = new Uint32Array(total);
  const next = offsets.slice(0, termCount);
  each((doc, term, text, context) => {
    const position = next[rank[term]!]!++;
    docs[position] = doc;
    textCounts[position] = text;
    contextCounts[position] = context;
  });
  return { offsets, docs, textCounts, contextCounts, textLengths: new Uint32Array(documentCount), contextLengths: new Uint32Array(documentCount) };
}
