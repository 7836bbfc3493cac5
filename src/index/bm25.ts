/** How one field of a document counts in BM25F (Robertson & Zaragoza, "The Probabilistic Relevance Framework"). */
export interface FieldWeight {
  /** Multiplies the field's term frequencies before saturation. */
  weight: number;
  /** Length normalisation of the field, 0 (none) to 1 (full). */
  b: number;
}

/** A document as the terms of each of its fields, in the order of the index's fields. */
export type FieldTerms = readonly (readonly string[])[];

/** One word of a query: its alternative terms (French and English stems) count once, by the best of them. */
export interface QueryWord {
  terms: readonly string[];
  /** Multiplies the word's contribution (1 for a word of the question itself). */
  weight: number;
}

export interface ScoredDocument {
  index: number;
  score: number;
}

interface SerializedBm25 {
  documentCount: number;
  terms: string[];
  offsets: number[];
  documents: string;
  frequencies: string;
}

function toBase64(array: Uint32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64<T extends Uint32Array | Float32Array>(text: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

/**
 * An inverted index scored with BM25F. Field weights and length normalisation are applied at build
 * time, so each posting holds one pseudo term frequency
 *   tf' = Σ_f weight_f · tf_f / (1 − b_f + b_f · length_f / averageLength_f)
 * and a query word scores idf · tf' / (k1 + tf'), with idf = ln(1 + (N − df + 0.5) / (df + 0.5)).
 */
export class Bm25Index {
  private readonly termIds: Map<string, number>;
  private accumulator: Float64Array;

  private constructor(
    readonly documentCount: number,
    private readonly terms: string[],
    /** Postings of term t are positions offsets[t] .. offsets[t + 1] of the two arrays below. */
    private readonly offsets: Uint32Array,
    private readonly documents: Uint32Array,
    private readonly frequencies: Float32Array,
  ) {
    this.termIds = new Map(terms.map((term, id) => [term, id]));
    this.accumulator = new Float64Array(documentCount);
  }

  static build(documents: readonly FieldTerms[], fields: readonly FieldWeight[]): Bm25Index {
    const averageLength = fields.map((_, field) => {
      const total = documents.reduce((sum, document) => sum + (document[field]?.length ?? 0), 0);
      return documents.length === 0 ? 1 : Math.max(1, total / documents.length);
    });
    const postings = new Map<string, number[]>();
    documents.forEach((document, documentIndex) => {
      const pseudoFrequency = new Map<string, number>();
      fields.forEach(({ weight, b }, field) => {
        const terms = document[field] ?? [];
        const norm = 1 - b + (b * terms.length) / averageLength[field]!;
        for (const term of terms) pseudoFrequency.set(term, (pseudoFrequency.get(term) ?? 0) + weight / norm);
      });
      for (const [term, frequency] of pseudoFrequency) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = []));
        list.push(documentIndex, frequency);
      }
    });
    const terms = [...postings.keys()].sort();
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, id) => {
      offsets[id] = total;
      total += postings.get(term)!.length / 2;
    });
    offsets[terms.length] = total;
    const documentIds = new Uint32Array(total);
    const frequencies = new Float32Array(total);
    terms.forEach((term, id) => {
      const list = postings.get(term)!;
      for (let position = 0; position < list.length; position += 2) {
        documentIds[offsets[id]! + position / 2] = list[position]!;
        frequencies[offsets[id]! + position / 2] = list[position + 1]!;
      }
    });
    return new Bm25Index(documents.length, terms, offsets, documentIds, frequencies);
  }

  static fromJSON(data: SerializedBm25): Bm25Index {
    return new Bm25Index(
      data.documentCount,
      data.terms,
      Uint32Array.from(data.offsets),
      fromBase64(data.documents, (buffer) => new Uint32Array(buffer)),
      fromBase64(data.frequencies, (buffer) => new Float32Array(buffer)),
    );
  }

  toJSON(): SerializedBm25 {
    return {
      documentCount: this.documentCount,
      terms: this.terms,
      offsets: [...this.offsets],
      documents: toBase64(this.documents),
      frequencies: toBase64(this.frequencies),
    };
  }

  /** How many documents contain the term. */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }

  idf(term: string): number {
    const frequency = this.documentFrequency(term);
    return Math.log(1 + (this.documentCount - frequency + 0.5) / (frequency + 0.5));
  }

  /** Every term of the vocabulary (for fuzzy look-ups). */
  vocabulary(): readonly string[] {
    return this.terms;
  }

  /** BM25 score of every document that holds at least one query word (unsorted). */
  score(words: readonly QueryWord[], k1: number): ScoredDocument[] {
    const accumulator = this.accumulator;
    const touched: number[] = [];
    const add = (document: number, value: number) => {
      if (accumulator[document] === 0) touched.push(document);
      accumulator[document] = accumulator[document]! + value;
    };
    for (const word of words) {
      const ids = word.terms.map((term) => this.termIds.get(term)).filter((id): id is number => id !== undefined);
      if (ids.length === 1) this.eachPosting(ids[0]!, word.weight, k1, add);
      else if (ids.length > 1) {
        // Alternative stems of one word: a document counts the best of them, once.
        const best = new Map<number, number>();
        for (const id of ids) this.eachPosting(id, word.weight, k1, (document, value) => best.set(document, Math.max(best.get(document) ?? 0, value)));
        for (const [document, value] of best) add(document, value);
      }
    }
    const scored = touched.map((document) => ({ index: document, score: accumulator[document]! }));
    for (const document of touched) accumulator[document] = 0;
    return scored;
  }

  private eachPosting(id: number, weight: number, k1: number, visit: (document: number, value: number) => void): void {
    const start = this.offsets[id]!;
    const end = this.offsets[id + 1]!;
    const idf = Math.log(1 + (this.documentCount - (end - start) + 0.5) / (end - start + 0.5));
    for (let position = start; position < end; position += 1) {
      const frequency = this.frequencies[position]!;
      visit(this.documents[position]!, (weight * idf * frequency * (k1 + 1)) / (k1 + frequency));
    }
  }
}
