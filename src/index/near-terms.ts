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

/** A vocabulary's terms that do not start with a digit, by length, with their place in the vocabulary (built once per vocabulary). */
const byLengthOf = new WeakMap<readonly string[], Map<number, { term: string; place: number }[]>>();

function byLength(vocabulary: readonly string[]): Map<number, { term: string; place: number }[]> {
  let groups = byLengthOf.get(vocabulary);
  if (!groups) {
    groups = new Map();
    vocabulary.forEach((term, place) => {
      if (/^\p{N}/u.test(term)) return;
      let group = groups!.get(term.length);
      if (!group) groups!.set(term.length, (group = []));
      group.push({ term, place });
    });
    byLengthOf.set(vocabulary, groups);
  }
  return groups;
}

/** Edit-distance rows reused from one candidate to the next (boundedEditDistance without allocating). */
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** boundedEditDistance, on reused rows. */
function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (previousRow.length <= b.length) {
    previousRow = new Int32Array(b.length * 2 + 1);
    currentRow = new Int32Array(b.length * 2 + 1);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMinimum = i;
    const character = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (character === b.charCodeAt(j - 1) ? 0 : 1));
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** A shorter name is the start of too many words to stand for one of them. */
const MIN_PREFIX_LENGTH = 4;
/** A longer word must add this much: one letter more is an inflection ("Russia", "russian"), not a longer name. */
const MIN_PREFIX_EXTENSION = 2;

/**
 * The terms of a sorted vocabulary that a name begins ("hnsw": "hnswlib"; "onnx": "onnxruntime"),
 * when there are at most MAX_NEAR_TERMS of them: a name the corpus only uses inside a longer one.
 * `name` is the word itself, folded, not its stem (a stem is already the start of its inflections).
 * None for short names, numbers, a start shared by more terms (then it says too little), or words one letter longer.
 */
export function prefixedTerms(name: string, sortedVocabulary: readonly string[]): string[] {
  if (name.length < MIN_PREFIX_LENGTH || /^\p{N}/u.test(name)) return [];
  const found: string[] = [];
  for (let place = firstPlaceAtOrAfter(name, sortedVocabulary); place < sortedVocabulary.length && sortedVocabulary[place]!.startsWith(name); place++) {
    if (found.length === MAX_NEAR_TERMS) return [];
    if (sortedVocabulary[place]!.length >= name.length + MIN_PREFIX_EXTENSION) found.push(sortedVocabulary[place]!);
  }
  return found;
}

/** Every term of a sorted vocabulary that starts with `prefix`, in order. */
export function termsStartingWith(prefix: string, sortedVocabulary: readonly string[]): string[] {
  const found: string[] = [];
  for (let place = firstPlaceAtOrAfter(prefix, sortedVocabulary); place < sortedVocabulary.length && sortedVocabulary[place]!.startsWith(prefix); place++) {
    found.push(sortedVocabulary[place]!);
  }
  return found;
}

/** Where `term` is, or would be, in a sorted vocabulary (binary search). */
function firstPlaceAtOrAfter(term: string, sortedVocabulary: readonly string[]): number {
  let low = 0;
  let high = sortedVocabulary.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sortedVocabulary[middle]! < term) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Terms of the vocabulary within a typo or two of `term`, nearest first (none for short terms or numbers). */
export function nearTerms(term: string, vocabulary: readonly string[]): string[] {
  if (term.length < MIN_FUZZY_LENGTH || /^\p{N}/u.test(term)) return [];
  const limit = allowedEdits(term.length);
  const found: { term: string; distance: number; place: number }[] = [];
  const groups = byLength(vocabulary);
  // Only terms whose length is within the allowed edits can be near.
  for (let length = term.length - limit; length <= term.length + limit; length++) {
    for (const candidate of groups.get(length) ?? []) {
      const distance = boundedDistance(term, candidate.term, limit);
      if (distance <= limit) found.push({ term: candidate.term, distance, place: candidate.place });
    }
  }
  // Ties as a scan of the vocabulary in its order would leave them.
  return found
    .sort((a, b) => a.distance - b.distance || a.term.localeCompare(b.term) || a.place - b.place)
    .slice(0, MAX_NEAR_TERMS)
    .map((entry) => entry.term);
}
