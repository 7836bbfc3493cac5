import { z } from 'zod';

/** 2: the lexical index is a folder of binary segments (was one JSON file). */
export const INDEX_FORMAT_VERSION = 2;

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
  /** `deleted`: points marked deleted in the graph by updates since it was built. */
  hnsw: z.object({ M: z.number().int(), efConstruction: z.number().int(), deleted: z.number().int().optional() }).nullable(),
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
  counts: z.object({ documents: z.number().int(), chunks: z.number().int(), skipped: z.number().int(), embedded: z.number().int(), reused: z.number().int() }),
  warnings: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestModel = NonNullable<Manifest['model']>;
