/** What an extractor makes of a file that is not plain text: the text a reader would read, and its metadata. */
export interface Extracted {
  /**
   * The extracted text, in the shape the chunker reads: Markdown heading lines ("## Section"),
   * paragraphs separated by blank lines, list items as "- " lines. Stored as the document's
   * source text: quotes are exact characters of it.
   */
  text: string;
  /** `<title>`, else the first `<h1>` (HTML); null when the file names none. */
  title: string | null;
  /** `<link rel="canonical">` (HTML), when it is an http(s) address. */
  url: string | null;
  /** PDF: offset in `text` where each page starts (page 1 at index 0). */
  pages?: number[];
}

export type ExtractFormat = 'html' | 'pdf' | 'docx';

/** Why a file could not be extracted (a named warning, never a crash of the build). */
export type ExtractFailureReason = 'no-text' | 'encrypted' | 'malformed' | 'too-large' | 'timeout' | 'out-of-memory';

export class ExtractError extends Error {
  constructor(
    readonly reason: ExtractFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractError';
  }
}

export interface ExtractLimits {
  /** Longest time one file may take, in milliseconds. */
  timeoutMs: number;
  /** Heap of the extraction worker, in megabytes. */
  memoryMb: number;
  /** Largest file accepted, in bytes (larger ones are named in a warning and skipped unread). */
  maxFileBytes: number;
  /** Largest total uncompressed size of a .docx (a zip): more is a zip bomb. */
  maxUnzippedBytes: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  timeoutMs: 60_000,
  memoryMb: 512,
  maxFileBytes: 50 * 1024 * 1024,
  maxUnzippedBytes: 200 * 1024 * 1024,
};

/** Bump when an extractor's output changes: cached extractions of older versions are redone. */
export const EXTRACTOR_VERSION = 1;
