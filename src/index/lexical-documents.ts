import type { LexicalDocument } from './lexical-store.ts';
import type { StoredChunk } from './stored-chunk.ts';

/**
 * The passages as the lexical index reads them: the same for every backend, so that an index built
 * from a build's chunks (files) or from a generation's (postgres) ranks alike.
 * 'detected': each file's words under its language's stem; 'both': under the French and the English stem.
 */
export function lexicalDocumentsOf(chunks: readonly StoredChunk[], stemming: 'detected' | 'both' = 'detected'): LexicalDocument[] {
  return chunks.map((chunk) => ({
    plain: chunk.plain,
    context: [chunk.title, ...chunk.headings].join('\n'),
    page: chunk.file,
    language: stemming === 'both' ? null : chunk.language,
  }));
}
