// Today's lexical index before issue 14, kept verbatim (bm25.ts, lexical-store.ts, lexical-ranking.ts as of
// commit 9e66f26) for the scale benchmark's side-by-side figures and the tests' score-equality check: one
// in-memory build, one JSON file, every posting of every query word scored, every matching passage sorted.
import type { QueryWord } from '../../src/index/bm25.ts';
import { nearTerms } from '../../src/index/near-terms.ts';
import type { LexicalRankingSettings, LexicalHit } from '../../src/search/lexical-ranking.ts';
import { proximityScore } from '../../src/search/proximity.ts';
import { queryWords, termsOfWord, tokenize, type StemLanguage } from '../../src/text/tokenize.ts';

interface FieldWeight {
  /** Multiplies the field's term frequencies before saturation. */
  weight: number;
  /** Length normalisation of the field, 0 (none) to 1 (full). */
  b: number;
}

/** A document as the terms of each of its fields, in the order of the index's fields. */
type FieldTerms = readonly (readonly string[])[];


interface ScoredDocument {
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
class LegacyBm25Index {
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

  static build(documents: readonly FieldTerms[], fields: readonly FieldWeight[]): LegacyBm25Index {
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
    return new LegacyBm25Index(documents.length, terms, offsets, documentIds, frequencies);
  }

  static fromJSON(data: SerializedBm25): LegacyBm25Index {
    return new LegacyBm25Index(
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

const LEGACY_FIELDS = [
  { weight: 1, b: 0.75 },
  { weight: 0.5, b: 0.5 },
];

/** Terms of a text as they were computed before issue 14: every word stemmed again (no cache). */
function legacyTermsOf(text: string, language?: StemLanguage): string[] {
  return tokenize(text).flatMap((token) => termsOfWord(token.raw, language));
}

interface SerializedLegacyStore {
  passages: SerializedBm25;
  pages: SerializedBm25;
  pageNames: string[];
  pageOfPassage: number[];
}

export interface LegacyDocument {
  plain: string;
  context: string;
  page: string;
  language: StemLanguage | null;
}

/** LexicalStore before issue 14 (build, JSON, scoring and the part of its API that ranking uses). */
export class LegacyLexicalStore {
  private constructor(
    private readonly passageIndex: LegacyBm25Index,
    private readonly pageIndex: LegacyBm25Index,
    readonly pageNames: readonly string[],
    private readonly pageOfPassage: readonly number[],
  ) {}

  static build(documents: readonly LegacyDocument[], fields: readonly FieldWeight[] = LEGACY_FIELDS): LegacyLexicalStore {
    const pageNames: string[] = [];
    const pageNumber = new Map<string, number>();
    const pageTerms: { text: string[]; context: Set<string> }[] = [];
    const passageTerms = documents.map((document) => {
      let page = pageNumber.get(document.page);
      if (page === undefined) {
        page = pageNames.length;
        pageNumber.set(document.page, page);
        pageNames.push(document.page);
        pageTerms.push({ text: [], context: new Set() });
      }
      const text = legacyTermsOf(document.plain, document.language ?? undefined);
      const context = legacyTermsOf(document.context, document.language ?? undefined);
      pageTerms[page]!.text.push(...text);
      for (const term of context) pageTerms[page]!.context.add(term);
      return [text, context];
    });
    return new LegacyLexicalStore(
      LegacyBm25Index.build(passageTerms, fields),
      LegacyBm25Index.build(pageTerms.map((page) => [page.text, [...page.context]]), fields),
      pageNames,
      documents.map((document) => pageNumber.get(document.page)!),
    );
  }

  static fromJSON(json: string): LegacyLexicalStore {
    const data = JSON.parse(json) as SerializedLegacyStore;
    return new LegacyLexicalStore(LegacyBm25Index.fromJSON(data.passages), LegacyBm25Index.fromJSON(data.pages), data.pageNames, data.pageOfPassage);
  }

  toJSON(): string {
    const data: SerializedLegacyStore = {
      passages: this.passageIndex.toJSON(),
      pages: this.pageIndex.toJSON(),
      pageNames: [...this.pageNames],
      pageOfPassage: [...this.pageOfPassage],
    };
    return JSON.stringify(data);
  }

  get documentCount(): number {
    return this.passageIndex.documentCount;
  }

  pageOf(passage: number): number {
    return this.pageOfPassage[passage]!;
  }

  queryWordsOf(question: string): QueryWord[] {
    return queryWords(question).flatMap(({ terms }): QueryWord[] => {
      if (terms.some((term) => this.passageIndex.documentFrequency(term) > 0)) return [{ terms, weight: 1 }];
      const near = terms.flatMap((term) => nearTerms(term, this.passageIndex.vocabulary()));
      return near.length > 0 ? [{ terms: near, weight: 0.3 }] : [];
    });
  }

  score(words: readonly QueryWord[], k1: number): { passages: ScoredDocument[]; pages: ScoredDocument[] } {
    return { passages: this.passageIndex.score(words, k1), pages: this.pageIndex.score(words, k1) };
  }

  idf(term: string): number {
    return this.passageIndex.idf(term);
  }
}

const byScore = (a: LexicalHit, b: LexicalHit) => b.score - a.score || a.index - b.index;

function passagesAndPages(lexical: LegacyLexicalStore, words: readonly QueryWord[], settings: LexicalRankingSettings): LexicalHit[] {
  const { passages, pages } = lexical.score(words, settings.k1);
  const topPassage = passages.reduce((top, hit) => Math.max(top, hit.score), 0);
  if (topPassage === 0) return [];
  const pageScore = new Map(pages.map((hit) => [hit.index, hit.score]));
  const topPage = pages.reduce((top, hit) => Math.max(top, hit.score), 0);
  const pageFactor = topPage > 0 ? settings.pageWeight / topPage : 0;
  return passages
    .map((hit) => ({ index: hit.index, score: hit.score / topPassage + pageFactor * (pageScore.get(lexical.pageOf(hit.index)) ?? 0) }))
    .sort(byScore);
}

/** rankLexically before issue 14 (without pseudo-relevance feedback, off by default): every matching passage scored and sorted. */
export function legacyRankLexically(
  lexical: LegacyLexicalStore,
  words: readonly QueryWord[],
  settings: LexicalRankingSettings,
  limit: number,
  termsOfPassage: (index: number) => readonly string[],
): LexicalHit[] {
  const ranked = passagesAndPages(lexical, words, settings);
  if (settings.proximityWeight > 0 && words.length > 1) {
    const head = ranked.slice(0, settings.proximityDepth);
    const idfs = words.map((word) => Math.max(0, ...word.terms.map((term) => lexical.idf(term))));
    const closeness = head.map((hit) => proximityScore(words, idfs, termsOfPassage(hit.index)));
    const topCloseness = Math.max(0, ...closeness);
    if (topCloseness > 0) head.forEach((hit, position) => (hit.score += (settings.proximityWeight * closeness[position]!) / topCloseness));
    ranked.splice(0, head.length, ...head.sort(byScore));
  }
  return ranked.slice(0, limit);
}
