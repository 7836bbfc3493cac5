import { SegmentBuilder, type FieldPostings } from './segment.ts';

/** How one field of a document counts in BM25F (Robertson & Zaragoza, "The Probabilistic Relevance Framework"). */
export interface FieldWeight {
  /** Multiplies the field's term frequencies before saturation. */
  weight: number;
  /** Length normalisation of the field, 0 (none) to 1 (full). */
  b: number;
}

/** One word of a query: its alternative terms (French and English stems) count once, by the best of them. */
export interface QueryWord {
  terms: readonly string[];
  /** Multiplies the word's contribution (1 for a word of the question itself). */
  weight: number;
}

/** A document as the terms of each of its fields: its text, then (optionally) its title and headings. */
export type FieldTerms = readonly (readonly string[])[];

export interface ScoredDocument {
  index: number;
  score: number;
}

/** One segment's postings of one kind of document, as the index opens them. */
export interface PostingsSource {
  /** Term → position in the segment's sorted terms (shared by its passages and its pages). */
  termIds: ReadonlyMap<string, number>;
  postings: FieldPostings;
  /** 1 for a document deleted since the segment was written (its file changed or was removed); null: none. */
  deleted: Uint8Array | null;
  /** Number of each local document in the whole index. */
  globalIds: Uint32Array;
}

/**
 * A segment's postings ready for scoring, with every segment's statistics: each posting's tf' (see
 * Bm25Index) is computed for a term's postings the first time a query asks for that term, not for
 * the whole segment at open (at a million passages that took seconds of every start-up).
 */
export class ScoringPart {
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly deleted: Uint8Array | null;
  readonly globalIds: Uint32Array;
  readonly termIds: ReadonlyMap<string, number>;
  /** Live documents holding each term. */
  readonly liveCounts: Uint32Array;
  /** tf' of each posting of the terms computed so far; 0 for a deleted document's. */
  private readonly frequencyValues: Float32Array;
  private readonly highest: Float32Array;
  private readonly computed: Uint8Array;
  /** Occurrences of each term in each document's text, and in its title and headings. */
  private readonly counts: Pick<FieldPostings, 'textCounts' | 'contextCounts'>;
  /** What each occurrence in a document's text, and in its title and headings, adds to tf'. */
  private readonly textShare: Float64Array;
  private readonly contextShare: Float64Array;

  constructor(
    source: PostingsSource,
    text: FieldWeight,
    context: FieldWeight,
    textAverage: number,
    contextAverage: number,
  ) {
    const { postings, deleted } = source;
    ({ offsets: this.offsets, docs: this.docs } = postings);
    this.deleted = deleted;
    this.globalIds = source.globalIds;
    this.termIds = source.termIds;
    this.counts = postings;
    const documents = postings.textLengths.length;
    this.textShare = new Float64Array(documents);
    this.contextShare = new Float64Array(documents);
    for (let doc = 0; doc < documents; doc++) {
      this.textShare[doc] = text.weight / (1 - text.b + (text.b * postings.textLengths[doc]!) / textAverage);
      this.contextShare[doc] = context.weight / (1 - context.b + (context.b * postings.contextLengths[doc]!) / contextAverage);
    }
    const termCount = this.offsets.length - 1;
    this.frequencyValues = new Float32Array(this.docs.length);
    this.highest = new Float32Array(termCount);
    this.computed = new Uint8Array(termCount);
    this.liveCounts = new Uint32Array(termCount);
    for (let term = 0; term < termCount; term++) {
      let live = this.offsets[term + 1]! - this.offsets[term]!;
      if (deleted !== null) for (let position = this.offsets[term]!; position < this.offsets[term + 1]!; position++) live -= deleted[this.docs[position]!]!;
      this.liveCounts[term] = live;
    }
  }

  /**
   * tf' of every posting, those of term `id` computed if they are not yet. Each occurrence adds
   * weight / norm, text first, then title and headings, in double precision, and the sum is stored as
   * a float: the arithmetic of a single build.
   */
  frequencies(id: number): Float32Array {
    if (this.computed[id] === 0) {
      const { docs, deleted, textShare, contextShare, frequencyValues } = this;
      const { textCounts, contextCounts } = this.counts;
      let highest = 0;
      for (let position = this.offsets[id]!; position < this.offsets[id + 1]!; position++) {
        const doc = docs[position]!;
        if (deleted !== null && deleted[doc] === 1) continue;
        let frequency = 0;
        const textAdd = textShare[doc]!;
        for (let n = textCounts[position]!; n > 0; n--) frequency += textAdd;
        const contextAdd = contextShare[doc]!;
        for (let n = contextCounts[position]!; n > 0; n--) frequency += contextAdd;
        const stored = Math.fround(frequency);
        frequencyValues[position] = stored;
        if (stored > highest) highest = stored;
      }
      this.highest[id] = highest;
      this.computed[id] = 1;
    }
    return this.frequencyValues;
  }

  /** tf' of one posting with its title and headings weighed `contextBoost` times as much as the index weighs them. */
  boostedFrequency(position: number, doc: number, contextBoost: number): number {
    return this.counts.textCounts[position]! * this.textShare[doc]! + contextBoost * this.counts.contextCounts[position]! * this.contextShare[doc]!;
  }

  /** Highest tf' of term `id` among live documents (MaxScore's upper bound). */
  maxFrequency(id: number): number {
    this.frequencies(id);
    return this.highest[id]!;
  }
}

/** Postings a pooled df reads at most to count exactly (see pooledFrequency). */
const POOLED_COUNT_LIMIT = 50_000;

/** Sets of pooled terms whose df is kept (then forgotten all at once: a corpus's questions reuse a few thousand words). */
const POOLED_FREQUENCIES_KEPT = 100_000;

/** The first position in the sorted `values[low..high)` whose value is `value` or more (high if none). */
function lowerBound(values: Uint32Array, low: number, high: number, value: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Position of `value` among the sorted `values[start..end)`, or −1. */
function binarySearch(values: Uint32Array, start: number, end: number, value: number): number {
  const place = lowerBound(values, start, end, value);
  return place < end && values[place] === value ? place : -1;
}

/** lowerBound of `values[from..end)`, found by steps doubling from `from` (cheap when the answer is near it). */
function gallopTo(values: Uint32Array, from: number, end: number, value: number): number {
  let step = 1;
  let low = from;
  let high = from;
  while (high < end && values[high]! < value) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  return lowerBound(values, low, Math.min(high, end), value);
}

/** BM25's idf, as Lucene and Robertson's BM25 define it: ln(1 + (N − df + 0.5) / (df + 0.5)). */
export function idfOf(documentCount: number, frequency: number): number {
  return Math.log(1 + (documentCount - frequency + 0.5) / (frequency + 0.5));
}

/**
 * An inverted index scored with BM25F, over one or more segments. Field weights and length
 * normalisation give each posting one pseudo term frequency
 *   tf' = Σ_f weight_f · tf_f / (1 − b_f + b_f · length_f / averageLength_f)
 * and a query word scores idf · tf' / (k1 + tf'), with idf = ln(1 + (N − df + 0.5) / (df + 0.5)).
 * N, df and the average lengths are those of the live documents of all segments, computed when the
 * index is opened: an index updated by adding segments and deleting documents scores exactly as
 * one built from scratch over the same documents.
 */
export class Bm25Index {
  private accumulator: Float64Array;
  private best: Float64Array;
  private vocabularyCache: string[] | null = null;
  /** Per document, the last set of terms that counted it (pooledFrequency without clearing an array per count). */
  private stamps: Int32Array | null = null;
  private stampCount = 0;
  private readonly pooledFrequencies = new Map<string, number>();
  private locationCache: { part: Uint16Array; local: Uint32Array } | null = null;

  private constructor(
    /** Live documents (global numbers run from 0 to documentCount − 1). */
    readonly documentCount: number,
    readonly parts: readonly ScoringPart[],
  ) {
    this.accumulator = new Float64Array(documentCount);
    this.best = new Float64Array(documentCount);
  }

  /** An index of these documents in memory, numbered in order (one segment; the benchmarks' plain BM25 and tests). */
  static build(documents: readonly FieldTerms[], fields: readonly FieldWeight[]): Bm25Index {
    const builder = new SegmentBuilder();
    documents.forEach((document, position) => builder.add(document[0] ?? [], document[1] ?? [], String(position)));
    const { terms, passages } = builder.finish();
    const termIds = new Map(terms.map((term, id) => [term, id]));
    const globalIds = Uint32Array.from({ length: documents.length }, (_, index) => index);
    return Bm25Index.open([{ termIds, postings: passages, deleted: null, globalIds }], fields[0] ?? { weight: 1, b: 0.75 }, fields[1] ?? { weight: 0, b: 0 });
  }

  static open(sources: readonly PostingsSource[], text: FieldWeight, context: FieldWeight): Bm25Index {
    let documentCount = 0;
    let textTotal = 0;
    let contextTotal = 0;
    for (const { postings, deleted } of sources) {
      for (let doc = 0; doc < postings.textLengths.length; doc++) {
        if (deleted?.[doc]) continue;
        documentCount += 1;
        textTotal += postings.textLengths[doc]!;
        contextTotal += postings.contextLengths[doc]!;
      }
    }
    const textAverage = documentCount === 0 ? 1 : Math.max(1, textTotal / documentCount);
    const contextAverage = documentCount === 0 ? 1 : Math.max(1, contextTotal / documentCount);
    const parts = sources.map((source) => new ScoringPart(source, text, context, textAverage, contextAverage));
    return new Bm25Index(documentCount, parts);
  }

  /** How many live documents contain the term. */
  documentFrequency(term: string): number {
    let frequency = 0;
    for (const part of this.parts) {
      const id = part.termIds.get(term);
      if (id !== undefined) frequency += part.liveCounts[id]!;
    }
    return frequency;
  }

  idf(term: string): number {
    return idfOf(this.documentCount, this.documentFrequency(term));
  }

  /** Every term some live document holds, sorted (for fuzzy and prefix look-ups). */
  vocabulary(): readonly string[] {
    if (!this.vocabularyCache) {
      const terms = new Set<string>();
      for (const part of this.parts) {
        for (const [term, id] of part.termIds) if (part.liveCounts[id]! > 0) terms.add(term);
      }
      this.vocabularyCache = [...terms].sort();
    }
    return this.vocabularyCache;
  }

  /** BM25 score of every document that holds at least one query word (unsorted). */
  score(words: readonly QueryWord[], k1: number): ScoredDocument[] {
    const touched = this.accumulate(words, k1);
    const scored = touched.map((document) => ({ index: document, score: this.accumulator[document]! }));
    for (const document of touched) this.accumulator[document] = 0;
    return scored;
  }

  /**
   * BM25 score of every document by global number (0 where no query word), and the highest: the
   * same sums as `score`, word by word in query order, in tight loops over the postings.
   */
  denseScores(words: readonly QueryWord[], k1: number): { scores: Float64Array; top: number } {
    const scores = new Float64Array(this.documentCount);
    const best = this.best;
    for (const word of words) {
      const present = word.terms.filter((term) => this.documentFrequency(term) > 0);
      if (present.length === 0) continue;
      // One term: added straight in. Alternative stems: the best of them per document, then added.
      const target = present.length === 1 ? scores : best;
      const touched: number[] = [];
      for (const term of present) {
        const factor = word.weight * this.idf(term);
        for (const part of this.parts) {
          const id = part.termIds.get(term);
          if (id === undefined) continue;
          const { docs, deleted, globalIds } = part;
          const frequencies = part.frequencies(id);
          const end = part.offsets[id + 1]!;
          for (let position = part.offsets[id]!; position < end; position++) {
            const doc = docs[position]!;
            if (deleted !== null && deleted[doc] === 1) continue;
            const frequency = frequencies[position]!;
            const value = (factor * frequency * (k1 + 1)) / (k1 + frequency);
            const global = globalIds[doc]!;
            if (target === scores) scores[global] = scores[global]! + value;
            else {
              if (best[global] === 0) touched.push(global);
              if (value > best[global]!) best[global] = value;
            }
          }
        }
      }
      for (const global of touched) {
        scores[global] = scores[global]! + best[global]!;
        best[global] = 0;
      }
    }
    let top = 0;
    for (let document = 0; document < scores.length; document++) if (scores[document]! > top) top = scores[document]!;
    return { scores, top };
  }

  /**
   * BM25 of `documents` (global numbers), each word's terms pooled as one term: their tf' summed, and
   * the word's df the documents holding any of them (as if the index had been built with one term for
   * all), titles and headings weighed `contextBoost` times as much as in `score`. Each document's
   * postings are found by binary search; a df is counted once per set of terms and kept.
   */
  pooledScore(words: readonly QueryWord[], k1: number, contextBoost: number, documents: readonly number[]): Float64Array {
    const scores = new Float64Array(documents.length);
    const frequencies = new Float64Array(documents.length);
    for (const word of words) {
      frequencies.fill(0);
      for (const term of word.terms) {
        this.eachPostingAmong(term, documents, (position, part, posting, local) => {
          frequencies[position] = frequencies[position]! + part.boostedFrequency(posting, local, contextBoost);
        });
      }
      const factor = word.weight * idfOf(this.documentCount, this.pooledFrequency(word.terms));
      frequencies.forEach((frequency, position) => {
        if (frequency > 0) scores[position] = scores[position]! + (factor * frequency * (k1 + 1)) / (k1 + frequency);
      });
    }
    return scores;
  }

  /**
   * BM25 of `documents` (global numbers) as `score` gives it (a word counted by its best term in each
   * document), their postings found by binary search: a few documents scored without reading every posting.
   */
  scoresOf(words: readonly QueryWord[], k1: number, documents: readonly number[]): Float64Array {
    const scores = new Float64Array(documents.length);
    const best = new Float64Array(documents.length);
    for (const word of words) {
      best.fill(0);
      for (const term of word.terms) {
        const factor = word.weight * this.idf(term);
        this.eachPostingAmong(term, documents, (position, part, posting, local) => {
          const frequency = Math.fround(part.boostedFrequency(posting, local, 1));
          best[position] = Math.max(best[position]!, (factor * frequency * (k1 + 1)) / (k1 + frequency));
        });
      }
      best.forEach((value, position) => (scores[position] = scores[position]! + value));
    }
    return scores;
  }

  /** For each of `documents` (global numbers) that holds the term: its position in `documents`, and its posting, found by binary search. */
  private eachPostingAmong(term: string, documents: readonly number[], visit: (position: number, part: ScoringPart, posting: number, local: number) => void): void {
    const { part: partOf, local: localOf } = this.locations();
    this.parts.forEach((part, partNumber) => {
      const id = part.termIds.get(term);
      if (id === undefined) return;
      const start = part.offsets[id]!;
      const end = part.offsets[id + 1]!;
      documents.forEach((document, position) => {
        if (partOf[document] !== partNumber) return;
        const local = localOf[document]!;
        const posting = binarySearch(part.docs, start, end, local);
        if (posting >= 0) visit(position, part, posting, local);
      });
    });
  }

  /**
   * How many live documents hold any of the terms (counted once per set of terms, then kept): those of
   * the most frequent term, plus the others' documents that it does not hold (found by galloping through
   * its postings, so that its own postings, the most, are not read). When the others have more than
   * POOLED_COUNT_LIMIT postings (common words of a large index), the sum of the terms' frequencies
   * instead (at most every document), as `LexicalStore.idfOfAny` counts a word's two stems.
   */
  private pooledFrequency(terms: readonly string[]): number {
    if (terms.length === 1) return this.documentFrequency(terms[0]!);
    const key = terms.join('\u0000');
    let frequency = this.pooledFrequencies.get(key);
    if (frequency === undefined) {
      const frequencies = terms.map((term) => this.documentFrequency(term));
      const most = frequencies.indexOf(Math.max(...frequencies));
      const others = frequencies.reduce((sum, count) => sum + count, 0) - frequencies[most]!;
      frequency = others > POOLED_COUNT_LIMIT ? Math.min(this.documentCount, frequencies[most]! + others) : this.unionFrequency(terms, terms[most]!);
      if (this.pooledFrequencies.size >= POOLED_FREQUENCIES_KEPT) this.pooledFrequencies.clear();
      this.pooledFrequencies.set(key, frequency);
    }
    return frequency;
  }

  /** Live documents holding any of the terms: `largest`'s, and the others' that it lacks. */
  private unionFrequency(terms: readonly string[], largest: string): number {
    const stamps = (this.stamps ??= new Int32Array(this.documentCount));
    const stamp = ++this.stampCount;
    let frequency = this.documentFrequency(largest);
    for (const term of terms) {
      if (term === largest) continue;
      for (const part of this.parts) {
        const id = part.termIds.get(term);
        if (id === undefined) continue;
        const largestId = part.termIds.get(largest);
        const { docs, deleted, globalIds, offsets } = part;
        // Both postings are sorted by document: the largest's is searched forward from the last place found.
        let place = largestId === undefined ? 0 : offsets[largestId]!;
        const largestEnd = largestId === undefined ? 0 : offsets[largestId + 1]!;
        for (let position = offsets[id]!; position < offsets[id + 1]!; position++) {
          const doc = docs[position]!;
          if (deleted !== null && deleted[doc] === 1) continue;
          const global = globalIds[doc]!;
          if (stamps[global] === stamp) continue;
          stamps[global] = stamp;
          place = gallopTo(docs, place, largestEnd, doc);
          if (place >= largestEnd || docs[place] !== doc) frequency += 1;
        }
      }
    }
    return frequency;
  }

  /** Each live document's segment and its number there (built on first use). */
  private locations(): { part: Uint16Array; local: Uint32Array } {
    if (!this.locationCache) {
      const part = new Uint16Array(this.documentCount);
      const local = new Uint32Array(this.documentCount);
      this.parts.forEach((scoring, partNumber) => {
        scoring.globalIds.forEach((global, doc) => {
          if (scoring.deleted?.[doc] === 1) return;
          part[global] = partNumber;
          local[global] = doc;
        });
      });
      this.locationCache = { part, local };
    }
    return this.locationCache;
  }

  /** Adds every query word's score into the accumulator, word by word; returns the documents touched. */
  private accumulate(words: readonly QueryWord[], k1: number): number[] {
    const accumulator = this.accumulator;
    const touched: number[] = [];
    const seen = new Uint8Array(this.documentCount);
    const add = (document: number, value: number) => {
      if (seen[document] === 0) {
        seen[document] = 1;
        touched.push(document);
      }
      accumulator[document] = accumulator[document]! + value;
    };
    for (const word of words) {
      const present = word.terms.filter((term) => this.documentFrequency(term) > 0);
      if (present.length === 1) this.eachPosting(present[0]!, word.weight, k1, add);
      else if (present.length > 1) {
        // Alternative stems of one word: a document counts the best of them, once.
        const best = this.best;
        const bestTouched: number[] = [];
        const bestSeen = new Uint8Array(this.documentCount);
        for (const term of present) {
          this.eachPosting(term, word.weight, k1, (document, value) => {
            if (bestSeen[document] === 0) {
              bestSeen[document] = 1;
              bestTouched.push(document);
            }
            if (value > best[document]!) best[document] = value;
          });
        }
        for (const document of bestTouched) {
          add(document, best[document]!);
          best[document] = 0;
        }
      }
    }
    return touched;
  }

  private eachPosting(term: string, weight: number, k1: number, visit: (document: number, value: number) => void): void {
    const factor = weight * this.idf(term);
    for (const part of this.parts) {
      const id = part.termIds.get(term);
      if (id === undefined) continue;
      const { docs, deleted, globalIds } = part;
      const frequencies = part.frequencies(id);
      for (let position = part.offsets[id]!; position < part.offsets[id + 1]!; position += 1) {
        const doc = docs[position]!;
        if (deleted !== null && deleted[doc] === 1) continue;
        const frequency = frequencies[position]!;
        visit(globalIds[doc]!, (factor * frequency * (k1 + 1)) / (k1 + frequency));
      }
    }
  }
}
