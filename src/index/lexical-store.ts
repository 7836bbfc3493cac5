import { queryWords, termsOf, type StemLanguage } from '../text/tokenize.ts';
import { Bm25Index, type FieldWeight, type QueryWord, type ScoredDocument } from './bm25.ts';
import { nearTerms } from './near-terms.ts';

/** One passage as the lexical index sees it. */
export interface LexicalDocument {
  /** The passage as plain prose. */
  plain: string;
  /** Its page title and section headings: matched on, weighted below the passage's own words. */
  context: string;
  /** The page (file) it comes from: passages of one page are also scored together. */
  page: string;
  /** Which stemmer its words go through; null: both (the index then holds every word under two stems). */
  language: StemLanguage | null;
}

/** Field weights of the two BM25F indexes (passages and pages): the text itself, then its title and headings. */
export interface LexicalFields {
  text: FieldWeight;
  context: FieldWeight;
}

export const DEFAULT_LEXICAL_FIELDS: LexicalFields = {
  text: { weight: 1, b: 0.75 },
  context: { weight: 0.5, b: 0.5 },
};

/** Terms unknown to the corpus are looked up among near spellings, weighted below exact words (typos). */
const FUZZY_WEIGHT = 0.3;

/** In a question in another language than the text, an unknown word weighs this share of a known word (squared idf). */
const CROSS_LANGUAGE_UNKNOWN_SHARE = 0.25;

export interface LexicalScores {
  passages: ScoredDocument[];
  pages: ScoredDocument[];
}

interface SerializedLexicalStore {
  passages: ReturnType<Bm25Index['toJSON']>;
  pages: ReturnType<Bm25Index['toJSON']>;
  pageNames: string[];
  pageOfPassage: number[];
}

/**
 * BM25F over passages and over whole pages, with the same terms: a passage's own score and its
 * page's score are combined at search time, so that the page a question is about wins.
 */
export class LexicalStore {
  private constructor(
    private readonly passageIndex: Bm25Index,
    private readonly pageIndex: Bm25Index,
    readonly pageNames: readonly string[],
    private readonly pageOfPassage: readonly number[],
  ) {}

  static build(documents: readonly LexicalDocument[], fields: LexicalFields = DEFAULT_LEXICAL_FIELDS): LexicalStore {
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
      const text = termsOf(document.plain, document.language ?? undefined);
      const context = termsOf(document.context, document.language ?? undefined);
      pageTerms[page]!.text.push(...text);
      for (const term of context) pageTerms[page]!.context.add(term);
      return [text, context];
    });
    const fieldList = [fields.text, fields.context];
    return new LexicalStore(
      Bm25Index.build(passageTerms, fieldList),
      Bm25Index.build(pageTerms.map((page) => [page.text, [...page.context]]), fieldList),
      pageNames,
      documents.map((document) => pageNumber.get(document.page)!),
    );
  }

  static fromJSON(json: string): LexicalStore {
    const data = JSON.parse(json) as SerializedLexicalStore;
    return new LexicalStore(Bm25Index.fromJSON(data.passages), Bm25Index.fromJSON(data.pages), data.pageNames, data.pageOfPassage);
  }

  toJSON(): string {
    const data: SerializedLexicalStore = {
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

  /** Page number of a passage (an index into `pageNames`). */
  pageOf(passage: number): number {
    return this.pageOfPassage[passage]!;
  }

  /**
   * The question's words as BM25 query words. A word the corpus never uses is looked up among
   * near spellings (a typo), at a lower weight.
   */
  queryWordsOf(question: string): QueryWord[] {
    return queryWords(question).flatMap(({ terms }): QueryWord[] => {
      if (terms.some((term) => this.has(term))) return [{ terms, weight: 1 }];
      const near = terms.flatMap((term) => nearTerms(term, this.passageIndex.vocabulary()));
      return near.length > 0 ? [{ terms: near, weight: FUZZY_WEIGHT }] : [];
    });
  }

  /** BM25 of every passage and every page that holds a query word (unsorted). */
  score(words: readonly QueryWord[], k1: number): LexicalScores {
    return { passages: this.passageIndex.score(words, k1), pages: this.pageIndex.score(words, k1) };
  }

  /** Inverse document frequency among passages (BM25's form), highest for terms the corpus never uses. */
  idf(term: string): number {
    return this.passageIndex.idf(term);
  }

  /**
   * Idf of a word looked up under several terms (its French and its English stem): from the
   * passages that hold any of them, so that a common word is not taken for a rare one because its
   * other-language stem happens to be rare.
   */
  idfOfAny(terms: readonly string[]): number {
    const frequency = Math.min(this.documentCount, terms.reduce((sum, term) => sum + this.passageIndex.documentFrequency(term), 0));
    return Math.log(1 + (this.documentCount - frequency + 0.5) / (frequency + 0.5));
  }

  /** Whether any passage contains the term. */
  has(term: string): boolean {
    return this.passageIndex.documentFrequency(term) > 0;
  }

  /** The question's content words with their idf, computed once per question (see `coverageOf`). */
  weighQuestion(question: string): WeighedQuestion {
    return queryWords(question).map(({ word, terms, identifier }) => {
      const present = terms.filter((term) => this.has(term));
      return { word, terms: present, identifier, idf: present.length > 0 ? this.idfOfAny(present) : null };
    });
  }

  /**
   * How much of the question's information a text holds (0..1): the share of the question's
   * content words found in it, each weighted by idf², so that the rare words that name the topic
   * decide. A word the corpus never uses is a sign that the corpus is about something else, and
   * weighs as much as the question's rarest known word (not more: an ordinary word the corpus
   * happens to lack, "lieu" or "pense", must not sink a good match); an unknown name, acronym or
   * number weighs as the rarest possible word, since it names what the question is about (in a
   * question in another language, as the rarest known word: the name may just be spelt otherwise). When the question is in
   * another language than the text (`crossLanguage`), unknown words are expected (a translation,
   * not a topic) and weigh a quarter of the known ones' average, so names, numbers and cognates decide.
   */
  coverageOf(question: WeighedQuestion, textTerms: ReadonlySet<string>, crossLanguage = false): number {
    const known = question.filter((word) => word.idf !== null);
    const rarestKnown = known.length > 0 ? Math.max(...known.map((word) => word.idf! ** 2)) : 1;
    const unknownIdf = crossLanguage
      ? known.length > 0 ? (CROSS_LANGUAGE_UNKNOWN_SHARE * known.reduce((sum, word) => sum + word.idf! ** 2, 0)) / known.length : 1
      : rarestKnown;
    // A name or number the corpus never uses identifies a topic it does not hold: as rare as a word
    // can be. In another language it may just be spelt otherwise ("Russia", "Russie"): as rare as the
    // question's rarest known word.
    const unknownIdentifierIdf = crossLanguage ? Math.max(unknownIdf, rarestKnown) : Math.max(unknownIdf, this.idf('') ** 2);
    let total = 0;
    let matched = 0;
    for (const word of question) {
      const weight = word.idf === null ? (word.identifier ? unknownIdentifierIdf : unknownIdf) : word.idf ** 2;
      total += weight;
      if (word.terms.some((term) => textTerms.has(term))) matched += weight;
    }
    return total === 0 ? 0 : matched / total;
  }

  coverage(question: string, text: string, language?: StemLanguage): number {
    return this.coverageOf(this.weighQuestion(question), new Set(termsOf(text, language)));
  }
}

/** Per content word of a question: its index terms found in the corpus (none for an unknown word) and their best idf (null: unknown). */
export type WeighedQuestion = { word: string; terms: string[]; identifier: boolean; idf: number | null }[];
