import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { foldAccents } from './normalize.ts';

export interface Token {
  /** The token as written. */
  raw: string;
  /** Offset of the token in the text it came from. */
  start: number;
}

/** Words, and numbers with their decimal part ("3,5" and "3.5" are one token). */
const TOKEN_PATTERN = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*/gu;

/** Question words and chat filler: frequent in questions, meaningless for retrieval. */
const QUESTION_WORDS = [
  'combien', 'quand', 'comment', 'pourquoi', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'lequel',
  'laquelle', 'est-ce', 'dit', 'dire', 'selon', 'parle', 'corpus', 'article', 'articles', 'texte',
  'many', 'much', 'say', 'says', 'said', 'tell', 'explain', 'corpus', 'text', 'article', 'articles',
  'hashtag', 'please', 'svp', 'stp',
];

const STOPWORDS = new Set(
  [...frenchStopwords, ...englishStopwords, ...QUESTION_WORDS].map((word) => foldAccents(word.toLowerCase())),
);

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

/**
 * The index terms of one word: accent-folded French and English stems (one or two terms), or none
 * for stopwords and single letters. The corpus and questions mix French and English, so a word is
 * indexed under both stems rather than guessing its language.
 */
export function termsOfWord(word: string): string[] {
  const lower = word.toLowerCase();
  if (isNumber(lower)) return [lower.replace(',', '.')];
  const folded = foldAccents(lower);
  if (folded.length < 2 || STOPWORDS.has(folded)) return [];
  const french = foldAccents(frenchStemmer(lower));
  const english = foldAccents(englishStemmer(folded));
  return french === english ? [french] : [french, english];
}

/** Every index term of a text, in order (duplicates kept). */
export function termsOf(text: string): string[] {
  return tokenize(text).flatMap((token) => termsOfWord(token.raw));
}

/** The distinct content words of a question, each with its index terms. */
export function queryWords(text: string): { word: string; terms: string[] }[] {
  const seen = new Set<string>();
  const words: { word: string; terms: string[] }[] = [];
  for (const token of tokenize(text)) {
    const terms = termsOfWord(token.raw);
    const key = terms.join('|');
    if (terms.length === 0 || seen.has(key)) continue;
    seen.add(key);
    words.push({ word: token.raw, terms });
  }
  return words;
}
