/** Shorter terms have too many near neighbours for a typo guess to be right. */
const MIN_FUZZY_LENGTH = 5;
const MAX_NEAR_TERMS = 3;

/** Edits allowed for a term of this length: one typo, two from 8 characters. */
function allowedEdits(length: number): number {
  return length >= 8 ? 2 : 1;
}

/** Levenshtein distance between a and b, or `limit + 1` as soon as it must exceed `limit`. */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Terms of the vocabulary within a typo or two of `term`, nearest first (none for short terms or numbers). */
export function nearTerms(term: string, vocabulary: readonly string[]): string[] {
  if (term.length < MIN_FUZZY_LENGTH || /^\p{N}/u.test(term)) return [];
  const limit = allowedEdits(term.length);
  const found: { term: string; distance: number }[] = [];
  for (const candidate of vocabulary) {
    if (Math.abs(candidate.length - term.length) > limit || /^\p{N}/u.test(candidate)) continue;
    const distance = boundedEditDistance(term, candidate, limit);
    if (distance <= limit) found.push({ term: candidate, distance });
  }
  return found
    .sort((a, b) => a.distance - b.distance || a.term.localeCompare(b.term))
    .slice(0, MAX_NEAR_TERMS)
    .map((entry) => entry.term);
}
