import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toDocument } from '../../src/corpus/read-corpus.ts';
import type { CorpusDocument } from '../../src/corpus/types.ts';
import { bundledCorpus } from '../helpers/citebot.ts';

/** A corpus document from text, as the build would read it (fails the test if the text is unusable). */
export function documentOf(file: string, text: string | Buffer): CorpusDocument {
  const result = toDocument({ file, bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text });
  if ('reason' in result) throw new Error(`${file} was refused: ${result.message}`);
  return result;
}

export const bundledFiles: string[] = readdirSync(bundledCorpus).filter((file) => file.endsWith('.txt')).sort();

export function bundledText(file: string): string {
  return readFileSync(join(bundledCorpus, file), 'utf8');
}

/** The bundled file whose name starts with `prefix` ("000" … "004"). */
export function bundledFile(prefix: string): string {
  const file = bundledFiles.find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`no bundled corpus file starts with ${prefix}`);
  return file;
}

/** 1-based line number of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
