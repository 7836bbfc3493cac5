import { renderLexicalScale } from './render-lexical.ts';
import type { ScaleResults } from './run.ts';

/** The lexical part of bench:scale (the HNSW part has its own section: render-hnsw.ts). */
export function renderScale(results: ScaleResults, provenance: string): string {
  return ['## Scale: lexical search as the corpus grows', '', provenance, '', renderLexicalScale(results.options, results.lexical)].join('\n');
}
