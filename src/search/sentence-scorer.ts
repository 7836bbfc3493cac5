// The highlight's dense fallback (highlight.ts) without embedding at answer time: the vectors of a
// passage's sentences come from the index (computed by the build, sentence-vectors.ts); only a
// sentence the index lacks (an index built before sentence vectors, or a merged passage cut
// differently) is embedded now.
import type { Embedder } from '../embed/types.ts';
import type { LoadedChunk } from '../index/chunk-store.ts';
import type { LoadedIndex } from '../index/load.ts';
import { storedSentencesOf } from '../index/sentence-vectors.ts';
import type { DenseSentenceScorer } from './highlight.ts';

/** The stored vectors of these chunks' sentences, by sentence text. */
function storedVectors(index: LoadedIndex, chunks: readonly LoadedChunk[]): Map<string, Float32Array> {
  const stored = new Map<string, Float32Array>();
  if (!index.sentences) return stored;
  for (const chunk of chunks) {
    const vectors = index.sentences.vectorsOf(chunk.position);
    const sentences = storedSentencesOf(chunk.text);
    // Cut otherwise than at build time (another Node's sentence segmenter): not these sentences' vectors.
    if (!vectors || vectors.length !== sentences.length) continue;
    sentences.forEach((sentence, row) => stored.set(sentence, vectors[row]!));
  }
  return stored;
}

export function sentenceScorer(index: LoadedIndex, embedder: Embedder, query: Float32Array, chunks: readonly LoadedChunk[]): DenseSentenceScorer {
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
