import type { Lang } from '../text/lang.ts';
import type { ExtractFailureReason } from './extract/types.ts';

/** The kind of file a document was read from: text as it is, or text extracted from HTML, PDF or Word. */
export type DocumentFormat = 'txt' | 'md' | 'html' | 'pdf' | 'docx';

/** One readable corpus file. */
export interface CorpusDocument {
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  /**
   * The decoded file text, exactly as stored (offsets of chunks point into it). For HTML, PDF and
   * Word files, the extracted text: the build stores it as the source, and quotes are cut from it.
   */
  text: string;
  /** What the file is (absent: read as text). */
  format?: DocumentFormat;
  /** PDF: offset in `text` where each page starts (page 1 at index 0). */
  pages?: number[];
  /** sha256 of the file's bytes (and of its metadata sidecar, when it has one). */
  hash: string;
  title: string;
  url: string | null;
  date: string | null;
  author: string | null;
  /** Where the body starts (after YAML front matter, if any). */
  bodyStart: number;
  /** The language its words are stemmed in. */
  language: Lang;
  /** Something about the file the build should say although the file is indexed (its front matter could not be read). */
  notice?: string;
}

export interface CorpusWarning {
  file: string;
  reason: 'empty' | 'not-utf8' | 'unreadable' | ExtractFailureReason;
  message: string;
}

/** A passage-sized piece of one document, searchable on its own. */
export interface Chunk {
  /** Stable id: `${file}#${paragraph}` or `${file}#${paragraph}.${part}` for a split paragraph. */
  id: string;
  file: string;
  title: string;
  url: string | null;
  date: string | null;
  /** Headings the passage sits under, outermost first (the title excluded): matched on, never quoted. */
  headings: string[];
  /** Language of its document (which stemmer indexes it). */
  language: Lang;
  /** Paragraph number as a reader counts it (1-based, page furniture not counted). */
  paragraph: number;
  /** For a paragraph split at sentence boundaries: which part (1-based); 0 when not split. */
  part: number;
  /** 1-based line of the source file where the chunk starts. */
  line: number;
  /** PDF: the page the chunk starts on (1-based); absent for other formats. */
  page?: number;
  /** Character range in the source file (end exclusive); `text === source.slice(start, end)`. */
  start: number;
  end: number;
  /** Verbatim source text, what users are shown. */
  text: string;
  /** The same text as plain prose (markup and social-media residue removed), what is embedded and indexed. */
  plain: string;
}
