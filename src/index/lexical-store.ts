import type { Lang } from '../text/lang.ts';
import { questionLanguages, translatedQueryWords, type TranslatedQueryWord } from '../text/translations.ts';
import { isAcronym, termsOf, termsOfWord, wordsOf, type StemLanguage } from '../text/tokenize.ts';
import { foldAccents } from '../text/normalize.ts';
import { Bm25Index, idfOf, type FieldWeight, type QueryWord, type ScoredDocument } from './bm25.ts';
import { topDocuments, type RankedDocument } from './max-score.ts';
import { nearTerms, prefixedTerms, termsStartingWith } from './near-terms.ts';
import { SegmentBuilder, type Segment } from './segment.ts';
import { numbering, type LiveSegment } from './segment-numbering.ts';

export type { LiveSegment } from './segment-numbering.ts';

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

/**
 * In a question in another language than the text, a word the lexicon does not have that is missing
 * (unknown to the corpus, or known but not in this text; not a name or number) weighs this share of a known word (squared idf).
 */
const CROSS_LANGUAGE_UNKNOWN_SHARE = 0.25;
/** A question word found in a text through a translation only counts this share of its weight (see `coverageOf`). */
const TRANSLATED_MATCH_SHARE = 0.75;

/** Letters a term keeps when it stands for its word family (a truncating stemmer's length; see `conflatedWordsOf`). */
const CONFLATION_PREFIX = 5;
/**
 * Word families are matched in titles and headings as much as in the text (twice the weight the index gives
 * them): a family is looser than a stem, and the title is where a page names the words of its topic.
 */
const CONFLATION_CONTEXT_BOOST = 2;

export interface LexicalScores {
  passages: ScoredDocument[];
  pages: ScoredDocument[];
}

/** The terms of passages, stemmed, as one segment (the passages of a page one after the other). */
export function lexicalSegmentOf(documents: Iterable<LexicalDocument>): Segment {
  const builder = new SegmentBuilder();
  // Each distinct word is stemmed and numbered once, per stemming language: most of the cost of indexing otherwise.
  const seen = { fr: new Map<string, number[]>(), en: new Map<string, number[]>(), both: new Map<string, number[]>() };
  const idsOf = (text: string, language: StemLanguage | null) => {
    const cache = seen[language ?? 'both'];
    const ids: number[] = [];
    for (const word of wordsOf(text)) {
      let wordIds = cache.get(word);
      if (wordIds === undefined) {
        wordIds = termsOfWord(word, language ?? undefined).map((term) => builder.termId(term));
        cache.set(word, wordIds);
      }
      for (const id of wordIds) ids.push(id);
    }
    return ids;
  };
  for (const document of documents) builder.addIds(idsOf(document.plain, document.language), idsOf(document.context, document.language), document.page);
  return builder.finish();
}

/**
 * BM25F over passages and over whole pages, with the same terms: a passage's own score and its
 * page's score are combined at search time, so that the page a question is about wins. The index
 * is one or more segments (see Segment); statistics are those of all their live documents.
 */
export class LexicalStore {
  private constructor(
    private readonly passageIndex: Bm25Index,
    private readonly pageIndex: Bm25Index,
    readonly pageNames: readonly string[],
    /** Global page number of each local passage, per segment. */
    private readonly passagePages: readonly Uint32Array[],
    /** Global page number of each passage, by global number. */
    private readonly pageOfPassage: Uint32Array,
  ) {}

  static build(documents: readonly LexicalDocument[], fields: LexicalFields = DEFAULT_LEXICAL_FIELDS): LexicalStore {
    return LexicalStore.fromSegments([{ segment: lexicalSegmentOf(documents), deletedPages: new Set() }], fields, null);
  }

  /** The index over these segments; `order`: the pages in chunk-store order (null for one segment numbered as built). */
  static fromSegments(segments: readonly LiveSegment[], fields: LexicalFields, order: readonly string[] | null): LexicalStore {
    const { deleted, pageNames, pageGlobal, passageGlobal } = numbering(segments, order);
    const termIds = segments.map(({ segment }) => new Map(segment.terms.map((term, id) => [term, id])));
    const passageIndex = Bm25Index.open(
      segments.map(({ segment }, part) => ({ termIds: termIds[part]!, postings: segment.passages, deleted: deleted[part]!.passages, globalIds: passageGlobal[part]! })),
      fields.text,
      fields.context,
    );
    const pageIndex = Bm25Index.open(
      segments.map(({ segment }, part) => ({ termIds: termIds[part]!, postings: segment.pages, deleted: deleted[part]!.pages, globalIds: pageGlobal[part]! })),
      fields.text,
      fields.context,
    );
    const passagePages = segments.map(({ segment }, part) => Uint32Array.from(segment.pageOfPassage, (page) => pageGlobal[part]![page]!));
    const pageOfPassage = new Uint32Array(passageIndex.documentCount);
    segments.forEach((_, part) => {
      const passages = deleted[part]!.passages;
      passageGlobal[part]!.forEach((global, passage) => {
        if (!passages?.[passage]) pageOfPassage[global] = passagePages[part]![passage]!;
      });
    });
    return new LexicalStore(passageIndex, pageIndex, pageNames, passagePages, pageOfPassage);
  }

  get documentCount(): number {
    return this.passageIndex.documentCount;
  }

  /** Page number of a passage (an index into `pageNames`). */
  pageOf(passage: number): number {
    return this.pageOfPassage[passage]!;
  }

  /**
   * The question's words as BM25 query words: a name, acronym or number weighs `identifierWeight`,
   * another word 1. With a `translation`, a word also counts by its translations into its languages (see
   * `translationsInCorpus`): as one of its alternatives when the corpus lacks the word itself or has no
   * text in the question's language (the word is then a cognate in the other language's text), else as
   * a word of its own at `translation.weight ×` the word's weight, so that a text in the question's
   * language comes first. An acronym the corpus never uses alone is looked up inside longer names
   * ("HNSW" in "hnswlib"); another unknown word among near spellings (a typo), at a lower weight.
   */
  queryWordsOf(question: string, identifierWeight = 1, translation?: QuestionTranslation): QueryWord[] {
    const into = translation?.into ?? [];
    const languages = questionLanguages(question, into);
    const questionLanguageInCorpus = languages.some((language) => into.includes(language));
    return translatedQueryWords(question, into, languages).flatMap((word): QueryWord[] => {
      const weight = word.identifier ? identifierWeight : 1;
      const ownInCorpus = word.terms.some((term) => this.has(term));
      const inCorpus = this.translationsInCorpus(word, ownInCorpus);
      const translated = this.translationTerms(inCorpus);
      if (ownInCorpus) {
        // No text of the question's language to put first: the word found is a cognate in the other language's
        // text, and no translation can match a text of the question's language wrongly.
        if (!questionLanguageInCorpus && translation) {
          const all = this.translationTerms({ ...inCorpus, terms: [...inCorpus.terms, ...inCorpus.otherLanguageOnly] });
          return [{ terms: [...new Set([...word.terms, ...all])], weight }];
        }
        if (translated.length === 0 || !translation) return [{ terms: word.terms, weight }];
        return [{ terms: word.terms, weight }, { terms: translated, weight: weight * translation.weight }];
      }
      if (translated.length > 0) return [{ terms: [...word.terms, ...translated], weight }];
      const longer = this.longerNames(word.word);
      if (longer.length > 0) return [{ terms: longer, weight: identifierWeight }];
      const near = word.terms.flatMap((term) => nearTerms(term, this.passageIndex.vocabulary()));
      return near.length > 0 ? [{ terms: near, weight: FUZZY_WEIGHT }] : [];
    });
  }

  /**
   * A question word's translations that the corpus holds (a text in the other language says it so):
   * one-word ones, and phrases whose every word it holds. Where the corpus also holds the word itself, a
   * text in the question's language may be the one that answers, and a translation spelt as a word of
   * that language would match it wrongly: those are kept apart, for texts of the other language only
   * ("policier" is no translation of "office" in an English text about a policy, but is one in a French
   * text). A name the corpus spells as the question does is not translated ("Mark" is not "marque"),
   * but an acronym is: "NATO" is "OTAN" in French text.
   */
  private translationsInCorpus(word: TranslatedQueryWord, ownInCorpus: boolean): TranslationsInCorpus {
    if (word.identifier && !isAcronym(word.word) && ownInCorpus) return { terms: [], otherLanguageOnly: [], phrases: [] };
    const all = word.translations.filter((term) => this.has(term));
    const terms = ownInCorpus ? all.filter((term) => word.foreignTranslations.includes(term)) : all;
    return {
      terms,
      otherLanguageOnly: all.filter((term) => !terms.includes(term)),
      phrases: word.phrases.filter((phrase) => phrase.every((term) => this.has(term))),
    };
  }

  /** The terms that find a word's translations: its one-word translations', and each phrase's rarest. */
  private translationTerms({ terms, phrases }: TranslationsInCorpus): string[] {
    return [...new Set([...terms, ...phrases.map((phrase) => this.rarestOf(phrase))])];
  }

  /** The term that the fewest passages hold: what a phrase is most specifically about ("aerien" of "espace aérien"). */
  private rarestOf(terms: readonly string[]): string {
    return terms.reduce((rarest, term) => (this.passageIndex.documentFrequency(term) < this.passageIndex.documentFrequency(rarest) ? term : rarest));
  }

  /** BM25 of every passage and every page that holds a query word (unsorted). */
  score(words: readonly QueryWord[], k1: number): LexicalScores {
    return { passages: this.passageIndex.score(words, k1), pages: this.pageIndex.score(words, k1) };
  }

  /**
   * The `depth` best passages by bm25(passage) / max bm25(passage) + pageWeight · bm25(page) / max bm25(page),
   * best first (ties by position), exactly as ranking every passage of `score` would order them, without scoring
   * every posting of common words (MaxScore). Empty when no passage scores above 0.
   */
  rank(words: readonly QueryWord[], k1: number, pageWeight: number, depth: number): RankedDocument[] {
    const pages = this.pageIndex.denseScores(words, k1);
    const passageOnly = { divisor: 1, pageFactor: 0, pageScores: null, topPageScore: 0, pageOf: this.passagePages };
    const topPassage = topDocuments(this.passageIndex, words, k1, 1, passageOnly)[0]?.score ?? 0;
    if (topPassage === 0) return [];
    const pageFactor = pages.top > 0 ? pageWeight / pages.top : 0;
    return topDocuments(this.passageIndex, words, k1, depth, {
      divisor: topPassage,
      pageFactor,
      pageScores: pages.scores,
      topPageScore: pages.top,
      pageOf: this.passagePages,
    });
  }

  /**
   * The query words widened to their word family, as a stemmer that truncates words to their first
   * CONFLATION_PREFIX letters would conflate them: a term that long or longer stands for every term of the
   * corpus that starts with the same letters ("constitu": "constitution", "constituant", "constitutionnel");
   * shorter terms and numbers stand for themselves.
   */
  conflatedWordsOf(words: readonly QueryWord[]): QueryWord[] {
    const vocabulary = this.passageIndex.vocabulary();
    const familyOf = (term: string) =>
      term.length < CONFLATION_PREFIX || /^\p{N}/u.test(term) ? [term] : termsStartingWith(term.slice(0, CONFLATION_PREFIX), vocabulary);
    return words.map((word) => ({ terms: [...new Set(word.terms.flatMap(familyOf))], weight: word.weight }));
  }

  /**
   * Conflated words' BM25 (each word's terms pooled as one, see `Bm25Index.pooledScore`) of these passages:
   * bm25(passage) / max bm25(passage) + pageWeight · bm25(page) / max bm25(page), the maxima among them.
   */
  pooledScores(words: readonly QueryWord[], k1: number, pageWeight: number, passages: readonly number[]): number[] {
    const pagesOf = passages.map((passage) => this.pageOf(passage));
    const pages = [...new Set(pagesOf)];
    const passageScores = this.passageIndex.pooledScore(words, k1, CONFLATION_CONTEXT_BOOST, passages);
    const pageScores = this.pageIndex.pooledScore(words, k1, CONFLATION_CONTEXT_BOOST, pages);
    const pageScore = new Map(pages.map((page, position) => [page, pageScores[position]!]));
    const topPassage = passageScores.reduce((top, score) => Math.max(top, score), 0);
    const topPage = pageScores.reduce((top, score) => Math.max(top, score), 0);
    return passages.map(
      (_, position) =>
        (topPassage > 0 ? passageScores[position]! / topPassage : 0) + (topPage > 0 ? (pageWeight * pageScore.get(pagesOf[position]!)!) / topPage : 0),
    );
  }

  /** BM25 of each of these pages (repeats allowed), as `score` gives it, by page number. */
  pageScoresOf(words: readonly QueryWord[], k1: number, pages: readonly number[]): Map<number, number> {
    const distinct = [...new Set(pages)];
    const scores = this.pageIndex.scoresOf(words, k1, distinct);
    return new Map(distinct.map((page, position) => [page, scores[position]!]));
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
    return idfOf(this.documentCount, frequency);
  }

  /** Whether any passage contains the term. */
  has(term: string): boolean {
    return this.passageIndex.documentFrequency(term) > 0;
  }

  /**
   * Terms of the corpus that begin with an acronym ("HNSW": "hnswlib"), when few do (see `prefixedTerms`).
   * Acronyms only: the start of another name is more often a derived word ("Ouganda", "ougandais") than the same thing.
   */
  private longerNames(word: string): string[] {
    return isAcronym(word) ? prefixedTerms(foldAccents(word.toLowerCase()), this.passageIndex.vocabulary()) : [];
  }

  /** The question's content words with their idf, computed once per question (see `coverageOf`); an acronym found only inside longer names counts as found. */
  weighQuestion(question: string, into: readonly Lang[] = []): WeighedQuestion {
    return translatedQueryWords(question, into).map((word) => {
      const own = word.terms.filter((term) => this.has(term));
      const translated = this.translationsInCorpus(word, own.length > 0);
      let present = [...own, ...this.translationTerms(translated)];
      if (present.length === 0) present = this.longerNames(word.word);
      return {
        word: word.word,
        terms: present,
        identifier: word.identifier,
        idf: present.length > 0 ? this.idfOfAny(present) : null,
        translatable: word.translations.length > 0 || word.phrases.length > 0,
        translatedTerms: translated.terms,
        otherLanguageTerms: translated.otherLanguageOnly,
        translatedPhrases: translated.phrases,
      };
    });
  }

  /**
   * How much of the question's information a text holds (0..1): the share of the question's
   * content words found in it, each weighted by idf², so that the rare words that name the topic
   * decide. A word the corpus never uses is a sign that the corpus is about something else, and
   * weighs as much as the question's rarest known word (not more: an ordinary word the corpus
   * happens to lack, "lieu" or "pense", must not sink a good match); an unknown name, acronym or
   * number weighs as the rarest possible word, since it names what the question is about.
   *
   * A word found only through a translation counts `TRANSLATED_MATCH_SHARE` of its weight: a
   * translation matches a sense of the word, maybe not the question's. When the question is in
   * another language than the text (`crossLanguage`), a word the lexicon does not have is expected
   * to be missing (said otherwise, not a sign of another topic): it weighs `CROSS_LANGUAGE_UNKNOWN_SHARE`
   * of the known words' average when missing, unless it is a name or number, which weighs at least as
   * the rarest known word (the name may just be spelt otherwise), and as the rarest possible word when
   * the corpus never uses it (a name is mostly spelt alike in both languages). A word the lexicon has but whose
   * translations the text lacks counts as in the question's own language. A phrase translation is
   * found where the text holds all its terms.
   */
  coverageOf(question: WeighedQuestion, textTerms: ReadonlySet<string>, crossLanguage = false): number {
    const known = question.filter((word) => word.idf !== null);
    const rarestKnown = known.length > 0 ? Math.max(...known.map((word) => word.idf! ** 2)) : 1;
    const rarestPossible = this.idf('') ** 2;
    const lenientIdf = known.length > 0 ? (CROSS_LANGUAGE_UNKNOWN_SHARE * known.reduce((sum, word) => sum + word.idf! ** 2, 0)) / known.length : 1;
    let total = 0;
    let matched = 0;
    for (const word of question) {
      const isTranslation = (term: string) => word.translatedTerms.includes(term) || word.translatedPhrases.some((phrase) => phrase.includes(term));
      const ownFound = word.terms.some((term) => textTerms.has(term) && !isTranslation(term));
      const found =
        ownFound ||
        word.translatedTerms.some((term) => textTerms.has(term)) ||
        (crossLanguage && word.otherLanguageTerms.some((term) => textTerms.has(term))) ||
        word.translatedPhrases.some((phrase) => phrase.every((term) => textTerms.has(term)));
      // A name the corpus never uses, which the lexicon does not translate, is spelt alike in both languages: as absent as in one.
      const lenient = crossLanguage && !word.translatable && !(word.idf === null && word.identifier);
      let weight: number;
      if (word.idf !== null) weight = word.idf ** 2;
      else if (!lenient) weight = word.identifier ? Math.max(rarestKnown, rarestPossible) : rarestKnown;
      else weight = word.identifier ? Math.max(lenientIdf, rarestKnown) : lenientIdf;
      // Even a word the corpus knows (from an English title quoted in French text, say, where it is rare and
      // would weigh the most) is likely said otherwise: only names and numbers weigh in full when missing.
      if (lenient && !found && !word.identifier) weight = Math.min(weight, lenientIdf);
      total += weight;
      if (found) matched += ownFound ? weight : TRANSLATED_MATCH_SHARE * weight;
    }
    return total === 0 ? 0 : matched / total;
  }

  coverage(question: string, text: string, language?: StemLanguage): number {
    return this.coverageOf(this.weighQuestion(question, ['fr', 'en']), new Set(termsOf(text, language)));
  }
}

/** A question word's translations that the corpus holds (see `LexicalStore.translationsInCorpus`). */
interface TranslationsInCorpus {
  /** One-word translations that find it in any text. */
  terms: string[];
  /** One-word translations that are also words of the question's language: for a text in the other language only. */
  otherLanguageOnly: string[];
  /** Phrase translations whose every term the corpus holds. */
  phrases: string[][];
}

/** How a question is translated: into which languages (those of the corpus), and the weight of a translation where the corpus also holds the word. */
export interface QuestionTranslation {
  weight: number;
  into: readonly Lang[];
}

/** Per content word of a question: its index terms found in the corpus (none for an unknown word) and their best idf (null: unknown). */
export type WeighedQuestion = {
  word: string;
  /** Its terms found in the corpus, its translations' included. */
  terms: string[];
  /** Those of `terms` that come from a one-word translation only. */
  translatedTerms: string[];
  /**
   * Its translations that are also words of the question's language ("part", for "share"), where the corpus
   * holds the word itself: found only in a text of the other language (`coverageOf`'s `crossLanguage`).
   */
  otherLanguageTerms: string[];
  /** Its phrase translations that the corpus holds word by word: found only where all their terms are (their rarest term is in `terms`). */
  translatedPhrases: string[][];
  /** The lexicon translates it otherwise than alike, by a word or a phrase. */
  translatable: boolean;
  identifier: boolean;
  idf: number | null;
}[];
