import { matchingTitle, titleIsFileName } from '../corpus/opening.ts';
import type { ChunkStore, LoadedChunk } from '../index/chunk-store.ts';
import { BoundedMap } from '../text/bounded-map.ts';
import { termsOf } from '../text/tokenize.ts';

/** Enough for every candidate of many thousand questions; a large index is not held twice over. */
const CACHED_CHUNKS = 100_000;

/**
 * Index terms of each chunk, computed on first use and kept (stemming every candidate on every
 * query is the slow part): in text order for proximity, and with the title and headings as a set
 * for the answer decision.
 */
export class ChunkTerms {
  private readonly sequences = new BoundedMap<number, string[]>(CACHED_CHUNKS);
  private readonly sets = new BoundedMap<number, Set<string>>(CACHED_CHUNKS);
  private readonly openingTitles = new BoundedMap<string, string>(CACHED_CHUNKS);

  constructor(private readonly chunks: Pick<ChunkStore, 'at' | 'fileOf'>) {}

  /** The chunk's terms in text order. */
  readonly inOrder = (position: number): string[] => {
    let terms = this.sequences.get(position);
    if (!terms) {
      const chunk = this.chunks.at(position);
      terms = termsOf(chunk.plain, chunk.language);
      this.sequences.set(position, terms);
    }
    return terms;
  };

  /** The chunk's terms with those of its title (as the lexical index matches it: see `matchingTitle`) and headings. */
  withContext(position: number): Set<string> {
    let terms = this.sets.get(position);
    if (!terms) {
      const chunk = this.chunks.at(position);
      terms = new Set([...this.inOrder(position), ...termsOf([this.titleOf(chunk), ...chunk.headings].join('\n'), chunk.language)]);
      this.sets.set(position, terms);
    }
    return terms;
  }

  /** A file's title, or for a file without one the first words of its opening sentence, read from its first chunk (chunks are stored file by file, in order). */
  private titleOf(chunk: LoadedChunk): string {
    if (!titleIsFileName(chunk)) return chunk.title;
    let title = this.openingTitles.get(chunk.file);
    if (title === undefined) {
      let first = chunk.position;
      while (first > 0 && this.chunks.fileOf(first - 1) === chunk.file) first -= 1;
      title = matchingTitle(chunk, first === chunk.position ? chunk.text : this.chunks.at(first).text);
      this.openingTitles.set(chunk.file, title);
    }
    return title;
  }
}
