import { isExtractedFormat } from '../corpus/read-corpus.ts';
import type { CorpusDocument } from '../corpus/types.ts';
import type { AssembledBuild } from './assemble.ts';
import type { CarryOver } from './carry-over.ts';
import type { ChunkRun } from './chunk-runs.ts';
import type { ExtractedEntry } from './extracted-file.ts';
import type { Manifest } from './manifest.ts';
import type { SourceEntry } from './source-file.ts';
import type { StoredChunk } from './stored-chunk.ts';

/** A new build's files in store order: each carried over from the serving build or read anew, and what every store is written from. */
export interface BuildLayout {
  runs: ChunkRun[];
  sources: SourceEntry[];
  documents: Manifest['documents'];
  /** The hash of every corpus file, carried or read (unreadable ones included). */
  fileHashes: Record<string, string>;
  /** What extracted.json keeps: the HTML, PDF and Word documents, carried or read. */
  extracted: ExtractedEntry[];
  /** Passages of each file with passages, in store order. */
  passageCounts: Map<string, number>;
  /** Chunks carried over. */
  carriedChunks: number;
}

interface FreshFile {
  document: CorpusDocument;
  entry: Manifest['documents'][number];
  chunks: StoredChunk[];
  vectors: Float32Array[] | null;
}

/** The files read anew, with their chunks and vectors (chunks are in document order). */
function freshFiles(assembled: AssembledBuild): FreshFile[] {
  const entries = new Map(assembled.manifest.documents.map((entry) => [entry.file, entry]));
  const files = assembled.documents.map((document) => ({ document, entry: entries.get(document.file)!, chunks: [] as StoredChunk[], vectors: assembled.vectors ? ([] as Float32Array[]) : null }));
  const byName = new Map(files.map((file) => [file.document.file, file]));
  assembled.chunks.forEach((chunk, position) => {
    const file = byName.get(chunk.file);
    if (!file) throw new Error(`chunk ${chunk.id}: its file was not read`);
    file.chunks.push(chunk);
    file.vectors?.push(assembled.vectors![position]!);
  });
  return files;
}

/**
 * Carried and fresh files merged in path order (the order a full build reads them in), carried files
 * whose chunks lie side by side in the previous build joined into one run.
 */
export function layoutBuild(assembled: AssembledBuild, carry: CarryOver | null): BuildLayout {
  const fresh = freshFiles(assembled);
  const carried = [...(carry?.files.values() ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const layout: BuildLayout = { runs: [], sources: [], documents: [], fileHashes: { ...assembled.fileHashes }, extracted: [], passageCounts: new Map(), carriedChunks: 0 };
  const lastRun = () => layout.runs.at(-1);
  let freshIndex = 0;
  let carriedIndex = 0;
  while (freshIndex < fresh.length || carriedIndex < carried.length) {
    const next = fresh[freshIndex];
    const old = carried[carriedIndex];
    if (next && (!old || next.document.file < old.file)) {
      freshIndex++;
      const { document, entry, chunks, vectors } = next;
      layout.sources.push(document);
      layout.documents.push(entry);
      if (isExtractedFormat(document.format ?? 'txt')) layout.extracted.push(document);
      if (chunks.length > 0) layout.passageCounts.set(document.file, chunks.length);
      let run = lastRun();
      if (run?.kind !== 'fresh') {
        run = { kind: 'fresh', chunks: [], vectors: vectors ? [] : null };
        layout.runs.push(run);
      }
      // One at a time: a spread of a file's many chunks would overflow the stack.
      for (const chunk of chunks) (run.chunks as StoredChunk[]).push(chunk);
      for (const vector of vectors ?? []) (run.vectors as Float32Array[]).push(vector);
      continue;
    }
    carriedIndex++;
    const file = old!;
    layout.sources.push({ file: file.file, from: carry!.sources, number: file.source });
    layout.documents.push(file.document);
    layout.fileHashes[file.file] = file.hash;
    if (file.extracted) layout.extracted.push(file.extracted);
    if (file.end > file.start) layout.passageCounts.set(file.file, file.end - file.start);
    layout.carriedChunks += file.end - file.start;
    const run = lastRun();
    if (run?.kind === 'carried' && run.end === file.start) run.end = file.end;
    else if (file.end > file.start) layout.runs.push({ kind: 'carried', start: file.start, end: file.end });
  }
  return layout;
}
