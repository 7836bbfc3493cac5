import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXTRACTOR_VERSION } from '../corpus/extract/types.ts';
import type { CorpusDocument } from '../corpus/types.ts';
import { buildFiles } from './layout.ts';

/** An extracted document without its text (the text is in sources.json). */
export type ExtractedEntry = Omit<CorpusDocument, 'text'>;

export interface ExtractedFile {
  extractorVersion: number;
  documents: Record<string, ExtractedEntry>;
}

export function extractedFileOf(documents: readonly CorpusDocument[]): string {
  const entries = documents
    .filter((document) => document.format === 'html' || document.format === 'pdf' || document.format === 'docx')
    .map(({ text: _text, ...entry }) => [entry.file, entry] as const);
  return JSON.stringify({ extractorVersion: EXTRACTOR_VERSION, documents: Object.fromEntries(entries) } satisfies ExtractedFile);
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
export async function previousExtractions(buildDir: string | null): Promise<(file: string, hash: string) => CorpusDocument | null> {
  if (!buildDir) return () => null;
  const extracted = await readExtractedFile(buildDir);
  if (extracted.extractorVersion !== EXTRACTOR_VERSION || Object.keys(extracted.documents).length === 0) return () => null;
  let sources: Record<string, string> = {};
  try {
    sources = JSON.parse(await readFile(join(buildDir, buildFiles.sources), 'utf8')) as Record<string, string>;
  } catch {
    return () => null;
  }
  return (file, hash) => {
    const entry = extracted.documents[file];
    const text = sources[file];
    return entry && entry.hash === hash && text !== undefined ? { ...entry, text } : null;
  };
}
