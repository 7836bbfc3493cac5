/** What retrieval makes. Every `text` and `highlight` is verbatim from a corpus file. */

import type { TextFragment } from '../text/text-fragment.ts';

/** "dense+lexical" when a model embedded the corpus and the query; "lexical-only" otherwise. */
export type SearchMode = 'dense+lexical' | 'lexical-only';

export interface SourceRef {
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  title: string;
  url: string | null;
  /** ISO date from front matter, when the file has one. */
  date: string | null;
  /** Headings the passage sits under, outermost first (a breadcrumb; absent or empty when none). */
  headings?: string[];
  /** Paragraph number as a reader counts it (1-based, furniture not counted). */
  paragraph: number;
  /** 1-based line of the source file where the passage starts. */
  line: number;
  /** Character range of the passage in the source file (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  /** PDF: the page the cited words start on (set by the answer layer from the build's page map). */
  page?: number;
  /** The words that select the cited sentence in the source's web page (set by the answer layer when the source has a url). */
  fragment?: TextFragment;
}

export interface Passage {
  rank: number;
  /** Stable ids of the chunks merged into this passage. */
  chunkIds: string[];
  /** Verbatim passage text: exactly `source file text.slice(start, end)`. */
  text: string;
  /** The sentence(s) of `text` that best answer the question (verbatim, a substring of `text`). */
  highlight: string;
  /** Where `highlight` sits inside `text` (end exclusive). */
  highlightStart: number;
  highlightEnd: number;
  /** Relevance in [0, 1]; higher is better. Never invented: derived from the actual retrieval scores. */
  score: number;
  source: SourceRef;
}
