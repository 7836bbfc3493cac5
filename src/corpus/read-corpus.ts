import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { detectLanguage } from '../text/language.ts';
import { headingTitle } from './chunk.ts';
import { Extractor } from './extract/run.ts';
import { DEFAULT_EXTRACT_LIMITS, ExtractError, type ExtractFormat, type ExtractLimits, type Extracted } from './extract/types.ts';
import { readFrontMatter, type FrontMatter } from './front-matter.ts';
import type { CorpusDocument, CorpusWarning, DocumentFormat } from './types.ts';

const CORPUS_EXTENSIONS = /\.(?:txt|md|markdown|html?|pdf|docx)$/i;
/** Formats whose text is extracted (in a worker with limits) rather than read as it is. */
const EXTRACTED_FORMATS: Record<string, ExtractFormat> = { html: 'html', htm: 'html', pdf: 'pdf', docx: 'docx' };
/** A file's metadata sidecar: `report.pdf.yml` holds front matter fields (title, url, date, author) for `report.pdf`. */
const SIDECAR_EXTENSIONS = ['.yml', '.yaml'];
/** Enough of a file to tell French from English by its function words. */
const LANGUAGE_SAMPLE_CHARS = 5000;
/** A byte order mark is kept as U+FEFF: offsets then count as an editor or Node's own UTF-8 reading of the file counts them. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CONTROL_CHARACTER = /\p{Cc}/u;
const CONTROL_CHARACTERS = /\p{Cc}/gu;

export interface CorpusFileBytes {
  file: string;
  bytes: Buffer;
}

export interface ReadCorpusOptions {
  /** Time, memory and size limits of extraction (HTML, PDF, Word). */
  limits?: ExtractLimits;
  /** Extraction progress: files extracted so far out of those to extract. */
  onProgress?: (done: number, total: number) => void;
  /**
   * What a previous build extracted from the same bytes (same hash): the document, reused as it is,
   * or the warning it ended in (a hostile file is not given the time limit again at every build).
   */
  reuse?: (file: string, hash: string) => CorpusDocument | CorpusWarning | null;
  /** Files left unread (a build copies them from its previous build): neither documents, warnings nor hashes. */
  skip?: ReadonlySet<string>;
}

/** HTML, PDF and Word: formats whose text is extracted, not read as it is. */
export function isExtractedFormat(format: DocumentFormat): boolean {
  return EXTRACTED_FORMATS[format] !== undefined;
}

/** The format of a corpus file, from its extension. */
export function formatOf(file: string): DocumentFormat {
  const extension = file.split('.').at(-1)!.toLowerCase();
  if (extension === 'htm' || extension === 'html') return 'html';
  if (extension === 'pdf' || extension === 'docx' || extension === 'txt') return extension;
  return 'md';
}

export interface Corpus {
  documents: CorpusDocument[];
  warnings: CorpusWarning[];
  /** Hash of every corpus file, readable or not (so that fixing a bad file triggers a rebuild). */
  fileHashes: Record<string, string>;
}

/**
 * The corpus files under `dir`, as paths relative to it. A link to a file counts as the file; a link to a
 * folder is followed unless the folder is already part of what is read (a link back up would loop).
 */
async function listFiles(dir: string): Promise<string[]> {
  const paths: string[] = [];
  const roots = [await realpath(dir).catch(() => Promise.reject(new Error(`the corpus folder ${dir} does not exist: create it, or set CORPUS_DIR to the folder that holds your documents`)))];
  const within = (real: string) => roots.some((root) => real === root || real.startsWith(root + sep));
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
      const path = join(entry.parentPath, entry.name);
      if (entry.isFile()) {
        paths.push(path);
        continue;
      }
      if (!entry.isSymbolicLink()) continue;
      const target = await stat(path).catch(() => null); // a broken link is no file
      if (target?.isFile()) paths.push(path);
      else if (target?.isDirectory()) {
        const real = await realpath(path);
        if (within(real)) continue;
        roots.push(real);
        await walk(path);
      }
    }
  };
  await walk(dir);
  return paths
    .filter((path) => CORPUS_EXTENSIONS.test(path) && basename(path).toLowerCase() !== 'readme.md')
    .map((path) => relative(dir, path).split(sep).join('/'))
    .filter((file) => !file.split('/').some((part) => part.startsWith('.')))
    .sort();
}

export function hashBytes(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Decode and describe one file, or say why it cannot be used. */
export function toDocument({ file, bytes }: CorpusFileBytes): CorpusDocument | CorpusWarning {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    return { file, reason: 'not-utf8', message: `${file} is ${utf16 ? 'UTF-16 text, not UTF-8' : 'not valid UTF-8 text'}: skipped (re-save it as UTF-8)` };
  }
  if (text.trim() === '') return { file, reason: 'empty', message: `${file} is empty: skipped` };
  const read = readFrontMatter(text);
  // The byte order mark stays in the text (offsets count it) but is no part of the first passage.
  const front = { ...read, bodyStart: Math.max(read.bodyStart, text.startsWith('\uFEFF') ? 1 : 0) };
  if (text.slice(front.bodyStart).trim() === '') {
    return { file, reason: 'empty', message: `${file} has no text after its front matter: skipped` };
  }
  return {
    file,
    text,
    format: formatOf(file),
    hash: hashBytes(bytes),
    title: front.title ?? headingTitle(text, front.bodyStart) ?? basename(file),
    url: front.url,
    date: front.date,
    author: front.author,
    bodyStart: front.bodyStart,
    language: detectLanguage(text.slice(front.bodyStart, front.bodyStart + LANGUAGE_SAMPLE_CHARS), 'fr'),
    ...(front.problem ? { notice: `${file}: its front matter is not valid YAML (${front.problem}): indexed without its title, url, date and author` } : {}),
  };
}

/** The metadata sidecar of a file (`report.pdf.yml`), if it has one. */
async function readSidecar(dir: string, file: string): Promise<Buffer | null> {
  for (const extension of SIDECAR_EXTENSIONS) {
    const bytes = await readFile(join(dir, `${file}${extension}`)).catch(() => null);
    if (bytes) return bytes;
  }
  return null;
}

/** A file's hash, with its sidecar's bytes when it has one (editing the sidecar changes the document). */
function fileHash(bytes: Buffer, sidecar: Buffer | null): string {
  return sidecar ? hashBytes(Buffer.concat([bytes, Buffer.from('\u0000sidecar\u0000'), sidecar])) : hashBytes(bytes);
}

function sidecarFields(sidecar: Buffer | null): FrontMatter | null {
  if (!sidecar) return null;
  return readFrontMatter(`---\n${sidecar.toString('utf8')}\n---\n`);
}

/** An extracted file as a document: its title and url from the file, else its sidecar, else its name. */
export function extractedDocument(file: string, hash: string, extracted: Extracted, sidecar: FrontMatter | null): CorpusDocument {
  const { text } = extracted;
  return {
    file,
    text,
    format: formatOf(file),
    ...(extracted.pages ? { pages: extracted.pages } : {}),
    hash,
    title: sidecar?.title ?? extracted.title ?? headingTitle(text, 0) ?? basename(file),
    url: extracted.url ?? sidecar?.url ?? null,
    date: sidecar?.date ?? null,
    author: sidecar?.author ?? null,
    bodyStart: 0,
    language: detectLanguage(text.slice(0, LANGUAGE_SAMPLE_CHARS), 'fr'),
    ...(sidecar?.problem ? { notice: `${file}: its metadata file is not valid YAML (${sidecar.problem}): indexed without the title, url, date and author it gives` } : {}),
  };
}

/** The bytes of a file, or null when it cannot be read. */
function readIfReadable(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/** readSidecar, synchronously. */
function sidecarNow(dir: string, file: string): Buffer | null {
  for (const extension of SIDECAR_EXTENSIONS) {
    const bytes = readIfReadable(join(dir, `${file}${extension}`));
    if (bytes) return bytes;
  }
  return null;
}

/** A file's size, times and inode: any write to it changes its ctime, which no tool sets back. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function fileStamp(path: string): FileStamp | null {
  try {
    const { size, mtimeMs, ctimeMs, ino } = statSync(path);
    return { size, mtimeMs, ctimeMs, ino };
  } catch {
    return null;
  }
}

const sameStamp = (a: FileStamp, b: FileStamp) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/** A hash taken earlier, and the stamp its file had then. */
export interface KnownHash {
  stamp: FileStamp;
  hash: string;
}

/**
 * sha256 of every corpus file (with its sidecar), without decoding them (a cheap staleness check).
 * A .txt or .md file whose stamp is the one `known` gives keeps the hash given, unread (an HTML, PDF
 * or Word file is always read: its sidecar counts too). Read synchronously: it runs at start-up,
 * before anything else is served, and for many small files each read's round trip through the
 * thread pool costs several times the read (at 100,000 files, 12 to 30 s instead of 2 s here).
 */
export async function readCorpusHashes(dir: string, known: ReadonlyMap<string, KnownHash> = new Map()): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of await listFiles(dir).catch(() => [] as string[])) {
    const path = join(dir, file);
    const extracted = isExtractedFormat(formatOf(file));
    const before = known.get(file);
    const stamp = before && !extracted ? fileStamp(path) : null;
    if (before && stamp && sameStamp(stamp, before.stamp)) {
      hashes[file] = before.hash;
      continue;
    }
    const bytes = readIfReadable(path);
    if (bytes) hashes[file] = fileHash(bytes, extracted ? sidecarNow(dir, file) : null);
  }
  return hashes;
}

/**
 * Every .txt, .md, .html, .pdf and .docx file under `dir` (README.md and dot-folders excluded):
 * text files decoded as strict UTF-8, the others extracted in a worker with time and memory limits.
 * A file that cannot be used is named in a warning; the others are read.
 */
export async function readCorpus(dir: string, options: ReadCorpusOptions = {}): Promise<Corpus> {
  const documents = new Map<string, CorpusDocument>();
  const warnings: CorpusWarning[] = [];
  const fileHashes: Record<string, string> = {};
  const toExtract: { file: string; format: ExtractFormat; bytes: Buffer; hash: string; sidecar: FrontMatter | null }[] = [];
  const files = (await listFiles(dir)).filter((file) => !options.skip?.has(file));
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, file));
    } catch (error) {
      warnings.push({ file, reason: 'unreadable', message: `${file} could not be read: ${(error as Error).message}` });
      continue;
    }
    if (CONTROL_CHARACTER.test(file)) {
      // A citation could not name it on one line (a line break in a name forges lines in every reply); hashed, so renaming it rebuilds.
      fileHashes[file] = hashBytes(bytes);
      const shown = file.replace(CONTROL_CHARACTERS, '\uFFFD');
      warnings.push({ file, reason: 'unreadable', message: `${shown} has a line break or a control character in its name: skipped (rename it)` });
      continue;
    }
    const format = EXTRACTED_FORMATS[formatOf(file)];
    if (!format) {
      fileHashes[file] = hashBytes(bytes);
      const result = toDocument({ file, bytes });
      if ('reason' in result) warnings.push(result);
      else documents.set(file, result);
      continue;
    }
    const sidecarBytes = await readSidecar(dir, file);
    const hash = fileHash(bytes, sidecarBytes);
    fileHashes[file] = hash;
    const reused = options.reuse?.(file, hash);
    if (reused && 'reason' in reused) warnings.push(reused);
    else if (reused) documents.set(file, reused);
    else if (bytes.length === 0) warnings.push({ file, reason: 'empty', message: `${file} is empty: skipped` });
    else toExtract.push({ file, format, bytes, hash, sidecar: sidecarFields(sidecarBytes) });
  }
  if (toExtract.length > 0) {
    const extractor = new Extractor(options.limits ?? DEFAULT_EXTRACT_LIMITS);
    try {
      options.onProgress?.(0, toExtract.length);
      for (const [index, job] of toExtract.entries()) {
        try {
          const extracted = await extractor.extract(job.format, job.bytes);
          documents.set(job.file, extractedDocument(job.file, job.hash, extracted, job.sidecar));
        } catch (error) {
          const known = error instanceof ExtractError ? error : new ExtractError('malformed', `could not be read (${(error as Error).message})`);
          warnings.push({ file: job.file, reason: known.reason, message: `${job.file} ${known.message}` });
        }
        options.onProgress?.(index + 1, toExtract.length);
      }
    } finally {
      await extractor.close();
    }
  }
  return { documents: files.map((file) => documents.get(file)).filter((document) => document !== undefined), warnings, fileHashes };
}
