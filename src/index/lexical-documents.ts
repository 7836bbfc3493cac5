import { matchingTitle } from '../corpus/opening.ts';
import type { LexicalDocument } from './lexical-store.ts';
import type { StoredChunk } from './stored-chunk.ts';

/**
 * The passages as the lexical index reads them: the same for every backend, so that an index built
 * from a build's chunks (files) or from a generation's (postgres) ranks alike. Each is matched on its
 * title (for a file without one, its opening sentence: see `matchingTitle`) and headings besides its text.
 * `chunks` come file by file, each file's in order.
 * 'detected': each file's words under its language's stem; 'both': under the French and the English stem.
 * `openingTitles` false: a file without a title is matched on its name (the benchmarks' ablation).
 */
export function lexicalDocumentsOf(chunks: Iterable<StoredChunk>, stemming: 'detected' | 'both' = 'detected', openingTitles = true): LexicalDocument[] {
  const titles = new Map<string, string>();
  return Array.from(chunks, (chunk) => {
    let title = titles.get(chunk.file);
    if (title === undefined) {
      title = openingTitles ? matchingTitle(chunk, chunk.text) : chunk.title;
      titles.set(chunk.file, title);
    }
    return {
      plain: chunk.plain,
      context: [title, ...chunk.headings].join('\n'),
      page: chunk.file,
      language: stemming === 'both' ? null : chunk.language,
    };
  });
}
