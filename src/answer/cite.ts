import { pageAt } from '../corpus/pages.ts';
import type { SourceStore } from '../index/source-store.ts';
import type { Passage, SourceRef } from '../search/types.ts';
import { textFragmentFor } from '../text/text-fragment.ts';

/** What a citation needs from the index beyond the passage: the stored texts and the PDFs' page maps. */
export interface CitationIndex {
  sources: Pick<SourceStore, 'get'>;
  pages?: ReadonlyMap<string, readonly number[]>;
}

const isWebUrl = (url: string | null) => url !== null && /^https?:\/\//iu.test(url);

/**
 * A source cited at the words `start`–`end` of its stored text: the PDF page they start on, and the
 * text fragment that selects them in the source's web page (when it has one). Fields that do not
 * apply are left out, so a plain-text source is cited as before.
 */
export function citeAt(cited: SourceRef, index: CitationIndex, start: number, end: number): SourceRef {
  // Cited afresh: a quote inside a passage gets its own page and words.
  const { page: _page, fragment: _fragment, ...source } = cited;
  const page = pageAt(index.pages?.get(source.file), start);
  const text = index.sources.get(source.file);
  const fragment = isWebUrl(source.url) && page === undefined && text !== undefined ? textFragmentFor(text, start, end) : null;
  if (page === undefined && fragment === null) return _page === undefined && _fragment === undefined ? cited : source;
  return { ...source, ...(page !== undefined ? { page } : {}), ...(fragment ? { fragment } : {}) };
}

/** A passage cited at its highlighted sentence (the words a link opens at); its page is where the passage starts. */
export function citePassage(passage: Passage, index: CitationIndex): Passage {
  const { source } = passage;
  const page = pageAt(index.pages?.get(source.file), source.start);
  const cited = citeAt(source, index, source.start + passage.highlightStart, source.start + passage.highlightEnd);
  if (cited === source && page === undefined) return passage;
  return { ...passage, source: { ...cited, ...(page !== undefined ? { page } : {}) } };
}
