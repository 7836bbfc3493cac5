import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXTRACTOR_VERSION } from '../corpus/extract/types.ts';
import { formatOf, isExtractedFormat } from '../corpus/read-corpus.ts';
import type { CorpusDocument, CorpusWarning } from '../corpus/types.ts';
import { previousSources } from './build-stores.ts';
import { buildFiles } from './layout.ts';
import type { SourceStore } from './source-store.ts';

/** An extracted document without its text (the text is in the source store). */
export type ExtractedEntry = Omit<CorpusDocument, 'text'>;

export interface ExtractedFile {
  extractorVersion: number;
  documents: Record<string, ExtractedEntry>;
  /** Files whose extraction failed, with the hash of the bytes that failed and the warning. */
  failures?: Record<string, { hash: string; warning: CorpusWarning }>;
}

/** `documents`: the HTML, PDF and Word documents of the build (others are left out), with or without their texts. */
export function extractedFileOf(documents: readonly ExtractedEntry[], warnings: readonly CorpusWarning[], fileHashes: Record<string, string>): string {
  const entries = documents
    .filter((document) => isExtractedFormat(document.format ?? 'txt'))
    .map((document) => {
      const { text: _text, ...entry } = document as ExtractedEntry & { text?: string };
      return [entry.file, entry] as const;
    });
  const failures = warnings
    .filter((warning) => isExtractedFormat(formatOf(warning.file)) && fileHashes[warning.file] !== undefined)
    .map((warning) => [warning.file, { hash: fileHashes[warning.file]!, warning }] as const);
  return JSON.stringify({ extractorVersion: EXTRACTOR_VERSION, documents: Object.fromEntries(entries), failures: Object.fromEntries(failures) } satisfies ExtractedFile);
}

/** The extracted documents of a build (none for a build made before extraction existed). */
export async function readExtractedFile(buildDir: string): Promise<ExtractedFile> {
  try {
    return JSON.parse(await readFile(join(buildDir, buildFiles.extracted), 'utf8')) as ExtractedFile;
  } catch {
    return { extractorVersion: EXTRACTOR_VERSION, documents: {} };
  }
}

/**
 * The serving build's extractions, by file, for a rebuild to reuse when a file's bytes (and sidecar)
 * did not change and the extractors are the same version: a rebuild extracts only what changed.
 */
export async function previousExtractions(buildDir: string | null): Promise<(file: string, hash: string) => CorpusDocument | CorpusWarning | null> {
  if (!buildDir) return () => null;
  const extracted = await readExtractedFile(buildDir);
  if (extracted.extractorVersion !== EXTRACTOR_VERSION) return () => null;
  let sources: SourceStore;
  try {
    sources = await previousSources(buildDir);
  } catch {
    return () => null;
  }
  return (file, hash) => {
    const failure = extracted.failures?.[file];
    if (failure && failure.hash === hash) return failure.warning;
    const entry = extracted.documents[file];
    if (!entry || entry.hash !== hash) return null;
    try {
      const text = sources.get(file);
      return text === undefined ? null : { ...entry, text };
    } catch {
      // A damaged text: extracted again.
      return null;
    }
  };
}
