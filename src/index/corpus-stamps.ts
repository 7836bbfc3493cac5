import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileStamp, type FileStamp, type KnownHash } from '../corpus/read-corpus.ts';

/**
 * corpus-stamps.json: the stamp (size, times, inode) of each corpus file whose hash the build
 * recorded, so that the staleness check at start-up (whyRebuild) hashes only the files whose stamp
 * changed. A file is stamped only when nothing touched it since a little before the build began
 * reading the corpus: its stamp then goes with the bytes the build hashed (file times are coarse,
 * hence the margin; a file touched later is simply hashed at every check until the next build).
 */
const STAMPS_VERSION = 1;
const MARGIN_MS = 2000;

type StampRow = [size: number, mtimeMs: number, ctimeMs: number, ino: number];

interface StampsFile {
  version: number;
  files: Record<string, StampRow>;
}

/** `readStartedAt`: Date.now() before the build read the first corpus file. */
export async function writeCorpusStamps(path: string, corpusDir: string, files: Iterable<string>, readStartedAt: number): Promise<void> {
  const stamped: Record<string, StampRow> = {};
  for (const file of files) {
    const stamp = fileStamp(join(corpusDir, file));
    if (stamp && stamp.ctimeMs < readStartedAt - MARGIN_MS) stamped[file] = [stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino];
  }
  await writeFile(path, JSON.stringify({ version: STAMPS_VERSION, files: stamped } satisfies StampsFile));
}

/** The hashes of `hashes` (a manifest's) with the stamps their files had; none when the build has no stamps file or it is unreadable. */
export async function readKnownHashes(path: string, hashes: Readonly<Record<string, string>>): Promise<Map<string, KnownHash>> {
  const known = new Map<string, KnownHash>();
  let stamps: StampsFile;
  try {
    stamps = JSON.parse(await readFile(path, 'utf8')) as StampsFile;
  } catch {
    return known;
  }
  if (stamps.version !== STAMPS_VERSION || typeof stamps.files !== 'object' || stamps.files === null) return known;
  for (const [file, row] of Object.entries(stamps.files)) {
    const hash = hashes[file];
    if (hash === undefined || !Array.isArray(row) || row.length !== 4 || !row.every((value) => typeof value === 'number')) continue;
    const [size, mtimeMs, ctimeMs, ino] = row;
    known.set(file, { stamp: { size, mtimeMs, ctimeMs, ino } satisfies FileStamp, hash });
  }
  return known;
}
