import { readFileSync } from 'node:fs';
import type { Lang } from './lang.ts';
import { detectLanguage } from './language.ts';
import { queryWords, termsOfWord, wordsOf, type QueryWordOfText } from './tokenize.ts';

/** English words and their French translations, one word a line: "attack<TAB>attaque, attaquer, agression". */
const LEXICON_FILE = new URL('./en-fr-lexicon.tsv', import.meta.url);

/** Translations by stem, in both directions, as index terms of the other language. */
export interface Lexicon {
  /** English stem → terms of its French translations. */
  frenchOf: ReadonlyMap<string, readonly string[]>;
  /** French stem → terms of the English words it translates. */
  englishOf: ReadonlyMap<string, readonly string[]>;
}

function addAll(map: Map<string, Set<string>>, keys: readonly string[], values: readonly string[]): void {
  for (const key of keys) {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    for (const value of values) if (value !== key) set.add(value);
  }
}

const frozen = (map: Map<string, Set<string>>) => new Map([...map].map(([key, values]) => [key, [...values]]));

/**
 * The lexicon from its lines, keyed by stem so that any inflection finds it ("attacked", "attaques").
 * Only one-word translations count: a word of a phrase says something else alone ("passe" of
 * "mot de passe" is not "password").
 */
export function parseLexicon(text: string): Lexicon {
  const frenchOf = new Map<string, Set<string>>();
  const englishOf = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const [english, french] = line.split('\t');
    if (!english || !french || line.startsWith('#')) continue;
    const englishTerms = termsOfWord(english.trim(), 'en');
    for (const translation of french.split(',')) {
      const words = wordsOf(translation);
      if (words.length !== 1) continue;
      const frenchTerms = termsOfWord(words[0]!, 'fr');
      addAll(frenchOf, englishTerms, frenchTerms);
      addAll(englishOf, frenchTerms, englishTerms);
    }
  }
  return { frenchOf: frozen(frenchOf), englishOf: frozen(englishOf) };
}

let bundledLexicon: Lexicon | undefined;

/** The bundled lexicon, read on first use (a few hundred milliseconds: opening the engine reads it, not the first question). */
export function lexicon(): Lexicon {
  bundledLexicon ??= parseLexicon(readFileSync(LEXICON_FILE, 'utf8'));
  return bundledLexicon;
}

/**
 * The languages a question may be in: the one its function words show; when they do not tell, the
 * corpus's own language if it has one ("list directory contents" on English manual pages is English),
 * else both.
 */
function languagesOf(question: string, corpusLanguages: readonly Lang[]): readonly Lang[] {
  const asFrench = detectLanguage(question, 'fr');
  const asEnglish = detectLanguage(question, 'en');
  if (asFrench === asEnglish) return [asFrench];
  return corpusLanguages.length === 1 ? corpusLanguages : ['fr', 'en'];
}

/** A word's translations from each language it may be in, as index terms of the other language (none for a number). */
function translationsFrom(word: string, from: readonly Lang[], { frenchOf, englishOf }: Lexicon): { source: Lang; term: string }[] {
  if (/^\p{N}/u.test(word)) return [];
  const found: { source: Lang; term: string }[] = [];
  if (from.includes('en')) for (const stem of termsOfWord(word, 'en')) for (const term of frenchOf.get(stem) ?? []) found.push({ source: 'en', term });
  if (from.includes('fr')) for (const stem of termsOfWord(word, 'fr')) for (const term of englishOf.get(stem) ?? []) found.push({ source: 'fr', term });
  return found;
}

/**
 * A word's translations into the other language, as index terms of that language (none for a number),
 * and those of them that are no word of the language translated from: "polici" (French "policier", a
 * translation of "officer") is also the English "policy", and would match an English text wrongly.
 */
function translationsAndForeign(word: string, from: readonly Lang[], given: Lexicon): { all: string[]; foreign: string[] } {
  const found = translationsFrom(word, from, given);
  const known = { en: given.frenchOf, fr: given.englishOf };
  const distinct = (entries: readonly { term: string }[]) => [...new Set(entries.map(({ term }) => term))];
  return { all: distinct(found), foreign: distinct(found.filter(({ source, term }) => !known[source].has(term))) };
}

/** A word's translations into the other language, as index terms of that language (none for a number). */
export function translationsOf(word: string, from: readonly Lang[], given: Lexicon = lexicon()): string[] {
  return translationsAndForeign(word, from, given).all;
}

/** Its translations that are no word of the language translated from (see `translationsAndForeign`). */
export function foreignTranslationsOf(word: string, from: readonly Lang[], given: Lexicon = lexicon()): string[] {
  return translationsAndForeign(word, from, given).foreign;
}

export interface TranslatedQueryWord extends QueryWordOfText {
  /** Terms of the word's translations into the other language (not its own terms). */
  translations: string[];
  /** Those of `translations` that are no word of the language they translate from (see `foreignTranslationsOf`). */
  foreignTranslations: string[];
}

/**
 * The question's content words (see `queryWords`), each with its translations: a corpus may hold the
 * answer in the other language, where no word is spelt as in the question but names, numbers and cognates.
 */
export function translatedQueryWords(question: string, into: readonly Lang[] = ['fr', 'en']): TranslatedQueryWord[] {
  const from = languagesOf(question, into).filter((language) => into.includes(language === 'fr' ? 'en' : 'fr'));
  return queryWords(question).map((word) => {
    if (from.length === 0) return { ...word, translations: [], foreignTranslations: [] };
    const notOwn = (term: string) => !word.terms.includes(term);
    const { all, foreign } = translationsAndForeign(word.word, from, lexicon());
    return { ...word, translations: all.filter(notOwn), foreignTranslations: foreign.filter(notOwn) };
  });
}
