/** How the dense and lexical rankings are combined. */
export type FusionMethod = 'rrf' | 'weighted';

export interface FusionSettings {
  method: FusionMethod;
  /** Reciprocal rank fusion constant (60 in Cormack et al.). */
  rrfK: number;
  /** Weighted sum: share of the dense similarity (the rest is the max-normalized BM25 score). */
  denseWeight: number;
}

export interface RankedList {
  /** Chunk positions, best first, with the list's own score. */
  hits: { index: number; score: number }[];
}

/** Fused score per chunk position; higher is better. */
export function fuse(lexical: RankedList, dense: RankedList | null, settings: FusionSettings): Map<number, number> {
  const fused = new Map<number, number>();
  const add = (index: number, value: number) => fused.set(index, (fused.get(index) ?? 0) + value);
  if (settings.method === 'rrf' || dense === null) {
    const lists = dense ? [lexical, dense] : [lexical];
    for (const list of lists) list.hits.forEach((hit, rank) => add(hit.index, 1 / (settings.rrfK + rank + 1)));
    return fused;
  }
  const topLexical = lexical.hits[0]?.score ?? 0;
  for (const hit of lexical.hits) add(hit.index, (1 - settings.denseWeight) * (topLexical > 0 ? hit.score / topLexical : 0));
  for (const hit of dense.hits) add(hit.index, settings.denseWeight * Math.max(0, hit.score));
  return fused;
}
