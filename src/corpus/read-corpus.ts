import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { detectLanguage } from '../text/language.ts';
import { headingTitle } from './chunk.ts';
import { readFrontMatter } from './front-matter.ts';
import type { CorpusDocument, CorpusWarning } from './types.ts';

const CORPUS_EXTENSIONS = /\.(?:txt|md|markdown)$/i;
/** Enough of a file to tell French from English by its function words. */
const LANGUAGE_SAMPLE_CHARS = 5000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface CorpusFileBytes {
  file: string;
  bytes: Buffer;
}

export interface Corpus {
  documents: CorpusDocument[];
  warnings: CorpusWarning[];
  /** Hash of every corpus file, readable or not (so that fixing a bad file triggers a rebuild). */
  fileHashes: Record<string, string>;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && CORPUS_EXTENSIONS.test(entry.name) && entry.name.toLowerCase() !== 'readme.md')
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
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
    return { file, reason: 'not-utf8', message: `${file} is not valid UTF-8 text: skipped (re-save it as UTF-8)` };
  }
  if (text.trim() === '') return { file, reason: 'empty', message: `${file} is empty: skipped` };
  const front = readFrontMatter(text);
  if (text.slice(front.bodyStart).trim() === '') {
    return { file, reason: 'empty', message: `${file} has no text after its front matter: skipped` };
  }
  return {
    file,
    text,
    hash: hashBytes(bytes),
    title: front.title ?? headingTitle(text, front.bodyStart) ?? basename(file),
    url: front.url,
    date: front.date,
    author: front.author,
    bodyStart: front.bodyStart,
    language: detectLanguage(text.slice(front.bodyStart, front.bodyStart + LANGUAGE_SAMPLE_CHARS), 'fr'),
  };
}

/** sha256 of every corpus file, without decoding them (a cheap staleness check). */
export async function readCorpusHashes(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of await listFiles(dir).catch(() => [] as string[])) {
    const bytes = await readFile(join(dir, file)).catch(() => null);
    if (bytes) hashes[file] = hashBytes(bytes);
  }
  return hashes;
}

/** Every .txt and .md file under `dir` (README.md and dot-folders excluded), decoded as strict UTF-8. */
export async function readCorpus(dir: string): Promise<Corpus> {
  const documents: CorpusDocument[] = [];
  const warnings: CorpusWarning[] = [];
  const fileHashes: Record<string, string> = {};
  for (const file of await listFiles(dir)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, file));
    } catch (error) {
      warnings.push({ file, reason: 'unreadable', message: `${file} could not be read: ${(error as Error).message}` });
      continue;
    }
    fileHashes[file] = hashBytes(bytes);
    const result = toDocument({ file, bytes });
    if ('reason' in result) warnings.push(result);
    else documents.push(result);
  }
  return { documents, warnings, fileHashes };
}
