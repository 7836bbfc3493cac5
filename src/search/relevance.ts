/**
 * Relevance of a passage in [0, 1], the number users see and the no-answer decision uses.
 * Lexical: the idf-weighted share of the question's content words found in the passage.
 * Dense: cosine similarity rescaled from [floor, 1] to [0, 1] (e5 puts unrelated text near 0.7,
 * so raw cosine would overstate relevance). A passage is as relevant as its better signal.
 */
export function relevance(coverage: number, similarity: number | null, similarityFloor: number): number {
  if (similarity === null) return coverage;
  const dense = Math.min(1, Math.max(0, (similarity - similarityFloor) / (1 - similarityFloor)));
  return Math.max(coverage, dense);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) sum += a[index]! * b[index]!;
  return sum;
}
