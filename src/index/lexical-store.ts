import MiniSearch, { type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { queryWords, termsOf, termsOfWord, tokenize } from '../text/tokenize.ts';

export interface LexicalDocument {
  id: number;
  plain: string;
  title: string;
}

/** MiniSearch set-up of the product's BM25 index (the benchmarks reuse it). */
export const miniSearchOptions: Options<LexicalDocument> = {
  idField: 'id',
  fields: ['plain', 'title'],
  storeFields: [],
  tokenize: (text) => tokenize(text).map((token) => token.raw),
  processTerm: (term) => termsOfWord(term),
  searchOptions: { boost: { plain: 1, title: 0.2 }, combineWith: 'OR' },
};

/** Per-query options: fuzzy matching for long terms (typos), weighted below exact matches. */
export const lexicalQueryOptions: SearchOptions = {
  fuzzy: (term) => (term.length >= 7 ? 0.15 : false),
  weights: { fuzzy: 0.3, prefix: 0.3 },
};

export interface LexicalHit {
  /** Position of the chunk in the chunk store. */
  index: number;
  bm25: number;
}

/** BM25 (MiniSearch) over accent-folded French and English stems, plus document frequencies. */
export class LexicalStore {
  private constructor(
    private readonly search: MiniSearch<LexicalDocument>,
    /** Document frequency of every term in chunk texts. */
    private readonly documentFrequency: Map<string, number>,
    readonly documentCount: number,
  ) {}

  static build(documents: LexicalDocument[]): LexicalStore {
    const search = new MiniSearch<LexicalDocument>(miniSearchOptions);
    search.addAll(documents);
    const frequency = new Map<string, number>();
    for (const document of documents) {
      for (const term of new Set(termsOf(document.plain))) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    }
    return new LexicalStore(search, frequency, documents.length);
  }

  static fromJSON(json: string): LexicalStore {
    const data = JSON.parse(json) as { search: unknown; documentFrequency: [string, number][]; documentCount: number };
    const search = MiniSearch.loadJS<LexicalDocument>(data.search as Parameters<typeof MiniSearch.loadJS>[0], miniSearchOptions);
    return new LexicalStore(search, new Map(data.documentFrequency), data.documentCount);
  }

  toJSON(): string {
    return JSON.stringify({
      search: this.search.toJSON(),
      documentFrequency: [...this.documentFrequency],
      documentCount: this.documentCount,
    });
  }

  /** BM25 ranking of chunk positions for a query. */
  query(text: string, limit: number): LexicalHit[] {
    const results: SearchResult[] = this.search.search(text, lexicalQueryOptions);
    return results.slice(0, limit).map((result) => ({ index: Number(result.id), bm25: result.score }));
  }

  /** Inverse document frequency (BM25's form), highest for terms the corpus never uses. */
  idf(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.documentCount - frequency + 0.5) / (frequency + 0.5));
  }

  /** Whether any chunk contains the term. */
  has(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /** The question's content words with their weights, computed once per question (see `coverageOf`). */
  weighQuestion(question: string): WeighedQuestion {
    const words = queryWords(question);
    const known = words.map(({ terms }) => terms.filter((term) => this.has(term)));
    const knownWeights = known.filter((terms) => terms.length > 0).map((terms) => Math.max(...terms.map((term) => this.idf(term))));
    const unknownWeight = knownWeights.length > 0 ? knownWeights.reduce((sum, weight) => sum + weight, 0) / knownWeights.length : 1;
    return words.map(({ terms }, index) => {
      const present = known[index]!;
      return { terms: present, weight: present.length > 0 ? Math.max(...present.map((term) => this.idf(term))) : unknownWeight };
    });
  }

  /**
   * How much of the question's information a text holds: the idf-weighted share of the question's
   * content words that occur in it (0..1). A word the corpus never uses weighs as much as the
   * question's average known word: enough that a question about something absent scores low, not
   * so much that one ordinary word the corpus happens to lack ("lieu", "pense") sinks a good match.
   */
  coverageOf(question: WeighedQuestion, textTerms: ReadonlySet<string>): number {
    let total = 0;
    let matched = 0;
    for (const word of question) {
      total += word.weight;
      if (word.terms.some((term) => textTerms.has(term))) matched += word.weight;
    }
    return total === 0 ? 0 : matched / total;
  }

  coverage(question: string, text: string): number {
    return this.coverageOf(this.weighQuestion(question), new Set(termsOf(text)));
  }
}

/** Per content word of a question: its index terms found in the corpus (none for an unknown word) and its weight. */
export type WeighedQuestion = { terms: string[]; weight: number }[];
