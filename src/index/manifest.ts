import { z } from 'zod';
import type { Embedder } from '../embed/types.ts';

/**
 * 2: the lexical index is a folder of binary segments (was one JSON file).
 * 3: the build measures efSearch (hnsw.efSearch) and stores sentence vectors (sentence-vectors.ts).
 * 4: binary chunk and source stores, opened without parsing (chunks.bin, sources.bin; were chunks.json, sources.json).
 * 5: a rebuild's source store may be the previous sources.bin, linked, and a delta beside it (sources-delta.bin),
 *    which a reader of format 4 would not see.
 */
export const INDEX_FORMAT_VERSION = 5;

export const manifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  buildId: z.string(),
  builtAt: z.string(),
  mode: z.enum(['dense+lexical', 'lexical-only']),
  /** Why the build is lexical-only (no model), null otherwise. */
  modeReason: z.string().nullable(),
  model: z
    .object({
      id: z.string(),
      dtype: z.string(),
      dimension: z.number().int().positive(),
      queryPrefix: z.string(),
      passagePrefix: z.string(),
    })
    .nullable(),
  chunker: z.object({ version: z.number().int(), maxChars: z.number().int(), packChars: z.number().int().nullable().optional() }),
  hnsw: z
    .object({
      M: z.number().int(),
      efConstruction: z.number().int(),
      /** The efSearch queries use unless HNSW_EF_SEARCH overrides it: measured by the build (ef-search.ts) or configured. */
      efSearch: z.number().int().positive(),
      /** Recall@10 of the build's sample at that efSearch; null when HNSW_EF_SEARCH chose it. */
      sampleRecall: z.number().nullable(),
      /** Points marked deleted in the graph by updates since it was built. */
      deleted: z.number().int().optional(),
    })
    .nullable(),
  /** sha256 of every corpus file, skipped ones included. */
  files: z.record(z.string(), z.string()),
  documents: z.array(
    z.object({
      file: z.string(),
      title: z.string(),
      url: z.string().nullable(),
      date: z.string().nullable(),
      chunks: z.number().int(),
    }),
  ),
  /** Sentence vectors stored for the highlight (sentence-vectors.ts); null in a lexical-only build. */
  sentenceVectors: z.object({ sentences: z.number().int(), embedded: z.number().int(), reused: z.number().int() }).nullable(),
  counts: z.object({ documents: z.number().int(), chunks: z.number().int(), skipped: z.number().int(), embedded: z.number().int(), reused: z.number().int() }),
  warnings: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestModel = NonNullable<Manifest['model']>;

/** Are a build's vectors those `embedder` makes: the same model, dtype, dimension and passage prefix? */
export function madeBy(model: ManifestModel | null, embedder: Embedder): boolean {
  return (
    model !== null &&
    model.id === embedder.modelId &&
    model.dtype === embedder.dtype &&
    model.dimension === embedder.dimension &&
    model.passagePrefix === embedder.passagePrefix
  );
}
