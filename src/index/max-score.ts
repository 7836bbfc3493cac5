import { idfOf, type Bm25Index, type QueryWord, type ScoringPart } from './bm25.ts';

/** A passage's global number and its score. */
export interface RankedDocument {
  index: number;
  score: number;
}

/** How a document's BM25 becomes its ranking score: bm25 / divisor + pageFactor · pageScores[page]. */
export interface RankingScore {
  /** The best passage's BM25 (1 to rank by BM25 alone). */
  divisor: number;
  pageFactor: number;
  /** BM25 of each page by global page number (null when pageFactor is 0). */
  pageScores: Float64Array | null;
  /** The highest of pageScores (0 when none). */
  topPageScore: number;
  /** Global page number of each local document, per part of the index. */
  pageOf: readonly Uint32Array[];
}

/** Bounds may be off by rounding: a document is skipped only when its bound is below the threshold by more than this share. */
const BOUND_SLACK = 1e-9;

/**
 * One term of the query in one part of the index. A word's alternative terms (its French and English
 * stems) are cursors of their own, each bounded by its own highest score: a word whose rare stem
 * can score high does not make its common stem's postings essential. A document's word counts the
 * best of its terms there, which is at most their sum: bounds summed over terms stay upper bounds.
 */
interface TermCursor {
  docs: Uint32Array;
  frequencies: Float32Array;
  position: number;
  end: number;
  /** weight · idf of the term, in its word */
  factor: number;
  /** Position of the term's word in the query: scores are added in this order, as an exhaustive evaluation does. */
  word: number;
  /** Highest score the term can give a document of this part. */
  bound: number;
}

/** First position at or after the cursor's whose document is at least `target` (galloping search). */
function advance(cursor: TermCursor, target: number): void {
  const { docs, end } = cursor;
  let low = cursor.position;
  if (low >= end || docs[low]! >= target) return;
  let step = 1;
  let high = low + 1;
  while (high < end && docs[high]! < target) {
    low = high;
    step *= 2;
    high = low + step;
  }
  if (high > end) high = end;
  low += 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (docs[middle]! < target) low = middle + 1;
    else high = middle;
  }
  cursor.position = low;
}

/** A bounded heap of the best documents: worst at the root, by score then by larger number. */
class TopDocuments {
  readonly scores: number[] = [];
  readonly indexes: number[] = [];

  constructor(readonly capacity: number) {}

  get full(): boolean {
    return this.scores.length >= this.capacity;
  }

  /** The score a document must reach to enter (ties enter by smaller number). */
  get threshold(): number {
    return this.full ? this.scores[0]! : -Infinity;
  }

  private worse(a: number, b: number): boolean {
    return this.scores[a]! < this.scores[b]! || (this.scores[a] === this.scores[b] && this.indexes[a]! > this.indexes[b]!);
  }

  private swap(a: number, b: number): void {
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
    [this.indexes[a], this.indexes[b]] = [this.indexes[b]!, this.indexes[a]!];
  }

  offer(index: number, score: number): void {
    if (this.full) {
      const rootScore = this.scores[0]!;
      if (score < rootScore || (score === rootScore && index > this.indexes[0]!)) return;
      this.scores[0] = score;
      this.indexes[0] = index;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let worst = at;
        if (left < this.scores.length && this.worse(left, worst)) worst = left;
        if (right < this.scores.length && this.worse(right, worst)) worst = right;
        if (worst === at) break;
        this.swap(at, worst);
        at = worst;
      }
      return;
    }
    this.scores.push(score);
    this.indexes.push(index);
    let at = this.scores.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.worse(at, parent)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  /** Best first; ties by smaller number. */
  sorted(): RankedDocument[] {
    return this.indexes
      .map((index, position) => ({ index, score: this.scores[position]! }))
      .sort((a, b) => b.score - a.score || a.index - b.index);
  }
}

function cursorsOf(index: Bm25Index, part: ScoringPart, words: readonly QueryWord[], k1: number): TermCursor[] {
  const cursors: TermCursor[] = [];
  words.forEach((word, position) => {
    // A term counts only where some live document holds it, in any part (as in an exhaustive evaluation).
    const present = word.terms.filter((term) => index.documentFrequency(term) > 0);
    for (const term of present) {
      const id = part.termIds.get(term);
      if (id === undefined || part.liveCounts[id] === 0) continue;
      const factor = word.weight * idfOf(index.documentCount, index.documentFrequency(term));
      const top = part.maxFrequency(id);
      const bound = (factor * top * (k1 + 1)) / (k1 + top);
      cursors.push({ docs: part.docs, frequencies: part.frequencies(id), position: part.offsets[id]!, end: part.offsets[id + 1]!, factor, word: position, bound });
    }
  });
  return cursors;
}

/**
 * The `depth` best documents of a BM25 index by ranking score (see RankingScore), exactly as scoring
 * every document would rank them, with MaxScore (Turtle & Flood 1995): words are ordered by the
 * most they can add; the weakest ones, whose bounds together cannot lift a document into the
 * current top `depth`, only are looked up for documents that the others make candidates, with
 * galloping search, so that common words do not force scoring each of their postings.
 */
export function topDocuments(
  index: Bm25Index,
  words: readonly QueryWord[],
  k1: number,
  depth: number,
  ranking: RankingScore,
): RankedDocument[] {
  const top = new TopDocuments(Math.max(1, depth));
  const { divisor, pageFactor, pageScores } = ranking;
  const pageCeiling = pageFactor * ranking.topPageScore;
  const values = new Float64Array(words.length);
  index.parts.forEach((part, partNumber) => {
    const cursors = cursorsOf(index, part, words, k1).sort((a, b) => a.bound - b.bound);
    if (cursors.length === 0) return;
    const pageOf = ranking.pageOf[partNumber]!;
    // prefix[i]: the most the terms cursors[0..i] can add together.
    const prefix = new Float64Array(cursors.length);
    cursors.reduce((sum, cursor, position) => (prefix[position] = sum + cursor.bound), 0);
    const slack = (threshold: number) => threshold - BOUND_SLACK * Math.max(1, Math.abs(threshold));
    // The first essential term: documents holding only terms before it cannot enter the top.
    let essential = 0;
    const updateEssential = () => {
      const floor = slack(top.threshold);
      while (essential < cursors.length && prefix[essential]! / divisor + pageCeiling < floor) essential++;
    };
    updateEssential();
    const { deleted, globalIds } = part;
    const last = cursors.length - 1;
    // Each essential cursor's current document (Infinity when exhausted), kept apart for the scan for the smallest.
    const current = new Float64Array(cursors.length);
    cursors.forEach((cursor, i) => (current[i] = cursor.position < cursor.end ? cursor.docs[cursor.position]! : Infinity));
    // Each term's score at the current document, valid where termDoc is that document: word scores are
    // only put together for a document that passes the bounds.
    const termValues = new Float64Array(cursors.length);
    const termDoc = new Float64Array(cursors.length).fill(-1);
    let floor = slack(top.threshold);
    while (essential <= last) {
      let doc = Infinity;
      for (let i = essential; i <= last; i++) if (current[i]! < doc) doc = current[i]!;
      if (doc === Infinity) break;
      let partial = 0;
      for (let i = essential; i <= last; i++) {
        if (current[i] !== doc) continue;
        const cursor = cursors[i]!;
        const frequency = cursor.frequencies[cursor.position]!;
        const value = (cursor.factor * frequency * (k1 + 1)) / (k1 + frequency);
        termValues[i] = value;
        termDoc[i] = doc;
        partial += value;
        const position = ++cursor.position;
        current[i] = position < cursor.end ? cursor.docs[position]! : Infinity;
      }
      if (deleted !== null && deleted[doc] === 1) continue;
      const pageValue = pageScores === null ? 0 : pageFactor * pageScores[pageOf[doc]!]!;
      let admitted = true;
      for (let i = essential - 1; i >= 0; i--) {
        if ((partial + prefix[i]!) / divisor + pageValue < floor) {
          admitted = false;
          break;
        }
        const cursor = cursors[i]!;
        advance(cursor, doc);
        if (cursor.position < cursor.end && cursor.docs[cursor.position] === doc) {
          const frequency = cursor.frequencies[cursor.position]!;
          const value = (cursor.factor * frequency * (k1 + 1)) / (k1 + frequency);
          termValues[i] = value;
          termDoc[i] = doc;
          partial += value;
        }
      }
      if (!admitted || partial / divisor + pageValue < floor) continue;
      // Each word by the best of its terms here, then the exact score, added up in the query's word order.
      values.fill(0);
      for (let i = 0; i <= last; i++) {
        if (termDoc[i] === doc && termValues[i]! > values[cursors[i]!.word]!) values[cursors[i]!.word] = termValues[i]!;
      }
      let bm25 = 0;
      for (let word = 0; word < words.length; word++) bm25 += values[word]!;
      const pageScore = pageScores === null ? 0 : pageScores[pageOf[doc]!]!;
      top.offer(globalIds[doc]!, bm25 / divisor + pageFactor * pageScore);
      if (top.full) {
        floor = slack(top.threshold);
        updateEssential();
      }
    }
  });
  return top.sorted();
}
