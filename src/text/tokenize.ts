import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { foldAccents } from './normalize.ts';

/**
 * Changes when a passage may get other terms than before (a word's terms; 4: a file without a title is
 * matched on its opening sentence; 5: a camelCase word gets its words' terms too; 6: a soft hyphen or a
 * zero-width character inside a word no longer splits it, and words are read in their compatibility form): an index whose terms came from another version is rebuilt.
 */
export const TOKENIZER_VERSION = 6;

export interface Token {
  /** The token as written. */
  raw: string;
  /** Offset of the token in the text it came from. */
  start: number;
}

/**
 * Characters that do not show and do not end a word: a soft hyphen (where a web page or a PDF may break
 * "en­tre­prises"), zero-width spaces and joiners, the word joiner. A word is read without them.
 */
const INVISIBLE_IN_WORD = /[\u00AD\u200B-\u200D\u2060]/u;
const INVISIBLE_IN_WORDS = new RegExp(INVISIBLE_IN_WORD.source, 'gu');

/** A word as read: without invisible characters, and in its compatibility form (full-width "ＮＡＴＯ" is "NATO", the ligature "ﬁ" is "fi"). */
function readable(word: string): string {
  return word.replace(INVISIBLE_IN_WORDS, '').normalize('NFKC');
}

/** A number whose thousands are grouped by a space, a no-break or a narrow no-break space ("10 000", "1 234,5"). */
const SPACE_GROUPED_NUMBER = String.raw`\p{N}{1,3}(?:[ \u00A0\u202F]\p{N}{3})+(?:[.,]\p{N}+)?`;

/**
 * Words, and numbers whole: with their decimal part ("3,5" and "3.5" are one token) or their groups
 * of thousands ("10 000", "10,000"). An English negative contraction stays one word ("doesn't",
 * "won’t"), so that it is not read as "doesn" or "won".
 */
const TOKEN_PATTERN = new RegExp(
  String.raw`${SPACE_GROUPED_NUMBER}(?!\p{N})|\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:${INVISIBLE_IN_WORD.source}[\p{L}\p{M}\p{N}]+)*(?:(?<=[nN])['’][tT](?![\p{L}\p{M}\p{N}]))?`,
  'gu',
);

/** "don't", "isn’t", "can't": an auxiliary or a modal with its negation, never a topic. */
const NEGATIVE_CONTRACTION = /n['’]t$/u;

/** Question words and chat filler: frequent in questions, meaningless for retrieval. */
const QUESTION_WORDS = [
  'combien', 'quand', 'comment', 'pourquoi', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'lequel',
  'laquelle', 'est-ce', 'dit', 'dire', 'selon', 'parle', 'corpus', 'article', 'articles', 'texte',
  'many', 'much', 'say', 'says', 'said', 'tell', 'explain', 'corpus', 'text', 'article', 'articles',
  'hashtag', 'please', 'svp', 'stp',
  // Modal and auxiliary verbs ("que faut-il faire", "peut-on", "doit-il être"): how a question is put, not what it is about.
  'peut', 'peuvent', 'pouvoir', 'doit', 'doivent', 'devoir', 'faut', 'falloir', 'être', 'avoir', 'faire', 'si',
  // Function words that the stopword lists give only without their accent ("ou", "la", "des").
  'où', 'là', 'dès',
];

/**
 * What is left of a contraction once its apostrophe splits it: "they're" is "they" and "re", "jusqu'à"
 * is "jusqu" and "à". Not words of any topic, and unknown to most corpora (an unknown word lowers a coverage).
 */
const CONTRACTION_PARTS = ['re', 've', 'll', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu'];

const STOPWORD_LIST = [...frenchStopwords, ...englishStopwords, ...QUESTION_WORDS, ...CONTRACTION_PARTS].map((word) => word.toLowerCase());
/** Stopwords as written ("été", "ne"): an accented word is a stopword only as itself, so "né" (born) is not "ne". */
const STOPWORDS = new Set(STOPWORD_LIST);
/** Stopwords without their accents, for words written without any ("etait"). */
const FOLDED_STOPWORDS = new Set(STOPWORD_LIST.map(foldAccents));

function isStopword(lower: string, folded: string): boolean {
  return STOPWORDS.has(lower) || (lower === folded && FOLDED_STOPWORDS.has(folded));
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    tokens.push({ raw: match[0], start: match.index });
  }
  return tokens;
}

function isNumber(word: string): boolean {
  return /^\p{N}/u.test(word);
}

const SPACE_GROUPED = new RegExp(`^${SPACE_GROUPED_NUMBER}$`, 'u');
const SEPARATOR_GROUPED = /^\p{N}{1,3}(?:[.,]\p{N}{3})+$/u;

/**
 * A number's terms: "10 000", "10,000" and "10000" share "10000"; "3,5" and "3.5" are "3.5", "1 234,5"
 * is "1234.5". One separator before three digits is read both ways ("1,500": 1500 in English, 1.5 in French).
 */
function termsOfNumber(number: string): string[] {
  const decimal = number.replace(',', '.');
  if (SPACE_GROUPED.test(number)) return [decimal.replace(/\s/gu, '')];
  if (!SEPARATOR_GROUPED.test(number)) return [decimal];
  const whole = number.replace(/[.,]/g, '');
  return /^\p{N}+[.,]\p{N}+$/u.test(number) ? [decimal, whole] : [whole];
}

/** Which stemmer a text's words go through; a text whose language is unknown gets both. */
export type StemLanguage = 'fr' | 'en';

/**
 * The index terms of one word: its accent-folded stem in `language`, or, when the language is not
 * given (a question, which may be in the other language than the text it should find), its French
 * and English stems (one or two terms). None for stopwords and single letters.
 */
export function termsOfWord(word: string, language?: StemLanguage): string[] {
  return cachedTerms(`${language ?? '*'}:${word}`, () => computeTermsOfWord(word, language));
}

/**
 * A question's word's terms: a camelCase identifier is looked up whole (its words are terms of the
 * passages that write it, for questions that spell them out; a question naming it means it).
 */
function termsOfQuestionWord(word: string): string[] {
  return cachedTerms(`?:${word}`, () => termsOfPlainWord(word));
}

function cachedTerms(key: string, compute: () => string[]): string[] {
  let terms = termsOfWordCache.get(key);
  if (terms === undefined) {
    terms = compute();
    if (termsOfWordCache.size >= TERMS_OF_WORD_CACHE_SIZE) termsOfWordCache.clear();
    termsOfWordCache.set(key, terms);
  }
  return terms.slice();
}

/**
 * A word's terms, kept: stemming is most of the time of a question (every sentence of every passage
 * shown is weighed word by word for its highlight, again for each question), and a corpus and its
 * questions reuse a few thousand words. Bounded: emptied when full.
 */
const TERMS_OF_WORD_CACHE_SIZE = 50_000;
const termsOfWordCache = new Map<string, string[]>();

/** Where a small letter meets a capital: "maxConnections", "getElementById" (not inside an acronym: "HNSWlib", "APIs"). */
const CAMEL_CASE_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})/u;

/**
 * A camelCase identifier's terms: its own, then those of each of its words, so that "max connections"
 * finds `maxConnections` in a passage (and a question naming the identifier still finds it whole).
 */
function computeTermsOfWord(written: string, language?: StemLanguage): string[] {
  const word = readable(written);
  const parts = word.split(CAMEL_CASE_BOUNDARY);
  if (parts.length === 1) return termsOfPlainWord(word, language);
  return [...new Set([word, ...parts].flatMap((part) => termsOfPlainWord(part, language)))];
}

function termsOfPlainWord(word: string, language?: StemLanguage): string[] {
  const lower = readable(word).toLowerCase();
  if (isNumber(lower)) return termsOfNumber(lower);
  const folded = foldAccents(lower);
  if (folded.length < 2 || isStopword(lower, folded) || NEGATIVE_CONTRACTION.test(lower)) return [];
  if (language === 'fr') return [foldAccents(frenchStemmer(lower))];
  if (language === 'en') return [foldAccents(englishStemmer(folded))];
  const french = foldAccents(frenchStemmer(lower));
  const english = foldAccents(englishStemmer(folded));
  return french === english ? [french] : [french, english];
}

/** The words of a text, in order, as `tokenize` finds them (strings only: the fast path of indexing). */
export function wordsOf(text: string): string[] {
  return text.match(TOKEN_PATTERN) ?? [];
}

/** Terms of the words already seen, per stemming language: stemming is most of the cost of indexing, and a corpus repeats its words. */
const seenWords = { fr: new Map<string, readonly string[]>(), en: new Map<string, readonly string[]>(), both: new Map<string, readonly string[]>() };
/** Past this many words a cache starts again, so that memory stays bounded. */
const SEEN_WORDS_LIMIT = 200_000;

function cachedTermsOfWord(word: string, language?: StemLanguage): readonly string[] {
  const cache = seenWords[language ?? 'both'];
  let terms = cache.get(word);
  if (terms === undefined) {
    if (cache.size >= SEEN_WORDS_LIMIT) cache.clear();
    terms = termsOfWord(word, language);
    cache.set(word, terms);
  }
  return terms;
}

/** Every index term of a text, in order (duplicates kept). */
export function termsOf(text: string, language?: StemLanguage): string[] {
  const terms: string[] = [];
  for (const word of wordsOf(text)) {
    for (const term of cachedTermsOfWord(word, language)) terms.push(term);
  }
  return terms;
}

/** The distinct content words of a question, each with its index terms. */
export function queryWords(text: string): QueryWordOfText[] {
  const seen = new Set<string>();
  const words: QueryWordOfText[] = [];
  tokenize(text).forEach((token, position) => {
    const terms = termsOfQuestionWord(token.raw);
    const key = terms.join('|');
    if (terms.length === 0 || seen.has(key)) return;
    seen.add(key);
    words.push({ word: token.raw, terms, identifier: isIdentifier(token.raw, position) });
  });
  return words;
}

export interface QueryWordOfText {
  word: string;
  terms: string[];
  /** A name, acronym or number: what identifies a topic rather than describes it. */
  identifier: boolean;
}

/** "Beyoncé", "OTAN", "1789" (a capital not at the start of the text, or a digit). */
function isIdentifier(word: string, position: number): boolean {
  return /\p{N}/u.test(word) || (position > 0 && /^\p{Lu}/u.test(word)) || isAcronym(word);
}

/** "OTAN", "HNSW", "BM25": capitals, maybe digits, no small letter. */
export function isAcronym(word: string): boolean {
  return /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(word);
}
