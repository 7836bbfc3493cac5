// The highlight's dense fallback (highlight.ts) without embedding at answer time: the vectors of a
// passage's sentences come from the index (computed by the build, sentence-vectors.ts); only a
// sentence the index lacks (an index built before sentence vectors, or a merged passage cut
// differently) is embedded now.
import type { Embedder } from '../embed/types.ts';
import type { StoredChunk } from '../index/build.ts';
import type { LoadedIndex } from '../index/load.ts';
import { storedSentencesOf } from '../index/sentence-vectors.ts';
import type { DenseSentenceScorer } from './highlight.ts';

const positions = new WeakMap<LoadedIndex, Map<StoredChunk, number>>();

function positionOf(index: LoadedIndex, chunk: StoredChunk): number | undefined {
  let byChunk = positions.get(index);
  if (!byChunk) {
    byChunk = new Map(index.chunks.map((stored, position) => [stored, position]));
    positions.set(index, byChunk);
  }
  return byChunk.get(chunk);
}

/** The stored vectors of these chunks' sentences, by sentence text. */
function storedVectors(index: LoadedIndex, chunks: StoredChunk[]): Map<string, Float32Array> {
  const stored = new Map<string, Float32Array>();
  if (!index.sentences) return stored;
  for (const chunk of chunks) {
    const position = positionOf(index, chunk);
    const vectors = position === undefined ? null : index.sentences.vectorsOf(position);
    const sentences = storedSentencesOf(chunk.text);
    // Cut otherwise than at build time (another Node's sentence segmenter): not these sentences' vectors.
    if (!vectors || vectors.length !== sentences.length) continue;
    sentences.forEach((sentence, row) => stored.set(sentence, vectors[row]!));
  }
  return stored;
}

export function sentenceScorer(index: LoadedIndex, embedder: Embedder, query: Float32Array, chunks: StoredChunk[]): DenseSentenceScorer {
  return {
    query,
    async vectorsOf(sentences) {
      const vectors = storedVectors(index, chunks);
      const missing = [...new Set(sentences.filter((sentence) => !vectors.has(sentence)))];
      if (missing.length > 0) (await embedder.embedPassages(missing)).forEach((vector, row) => vectors.set(missing[row]!, vector));
      return sentences.map((sentence) => vectors.get(sentence)!);
    },
  };
}
