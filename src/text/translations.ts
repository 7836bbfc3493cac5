import { readFileSync } from 'node:fs';
import type { Lang } from './lang.ts';
import { detectLanguage } from './language.ts';
import { queryWords, termsOf, termsOfWord, type QueryWordOfText } from './tokenize.ts';

/** English words and their French translations, one word a line: "attack<TAB>attaque, attaquer, agression". */
const LEXICON_FILE = new URL('./en-fr-lexicon.tsv', import.meta.url);

/** A translation as the index terms of its content words: one term for a word, more for a phrase ("espace aérien": espac, aerien). */
export type TranslationTerms = readonly string[];

/** The lexicon in one direction: from the words and phrases of one language to the other's. */
export interface LexiconDirection {
  /** A word's stem → its translations. */
  ofWord: ReadonlyMap<string, readonly TranslationTerms[]>;
  /** A phrase (its terms joined by spaces) → its translations. */
  ofPhrase: ReadonlyMap<string, readonly TranslationTerms[]>;
  /** Terms in the longest phrase of `ofPhrase`. */
  longestPhrase: number;
  /** Stems of every word the lexicon has in this language (phrases' words excepted), those translated alike ("vaccine", "vaccin") included: what is a word of this language. */
  headwords: ReadonlySet<string>;
}

/** Translations in both directions, by the language translated from. */
export type Lexicon = Readonly<Record<Lang, LexiconDirection>>;

class DirectionBuilder {
  private readonly ofWord = new Map<string, Map<string, TranslationTerms>>();
  private readonly ofPhrase = new Map<string, Map<string, TranslationTerms>>();
  private readonly headwords = new Set<string>();
  private longestPhrase = 0;

  add(source: TranslationTerms, target: TranslationTerms): void {
    if (source.length === 1) this.headwords.add(source[0]!);
    // A word translated alike needs no translation: its own term finds it.
    if (source.length === 1 && target.length === 1 && source[0] === target[0]) return;
    const key = source.join(' ');
    const map = source.length === 1 ? this.ofWord : this.ofPhrase;
    let translations = map.get(key);
    if (!translations) map.set(key, (translations = new Map()));
    translations.set(target.join(' '), target);
    this.longestPhrase = Math.max(this.longestPhrase, source.length > 1 ? source.length : 0);
  }

  finish(): LexiconDirection {
    const frozen = (map: Map<string, Map<string, TranslationTerms>>) => new Map([...map].map(([key, values]) => [key, [...values.values()]]));
    return { ofWord: frozen(this.ofWord), ofPhrase: frozen(this.ofPhrase), longestPhrase: this.longestPhrase, headwords: this.headwords };
  }
}

/**
 * The lexicon from its lines ("airspace<TAB>espace aérien"), keyed by stem so that any inflection
 * finds it ("attacked", "attaques"). Each side is taken as its content words' terms: a phrase stays a
 * phrase, matched only where all its words are ("passe" of "mot de passe" is not "password"), and a
 * phrase with one content word is that word ("se comporter": comport).
 */
export function parseLexicon(text: string): Lexicon {
  const fromEnglish = new DirectionBuilder();
  const fromFrench = new DirectionBuilder();
  for (const line of text.split('\n')) {
    const [english, french] = line.split('\t');
    if (!english || !french || line.startsWith('#')) continue;
    const englishTerms = termsOf(english, 'en');
    if (englishTerms.length === 0) continue;
    for (const translation of french.split(',')) {
      const frenchTerms = termsOf(translation, 'fr');
      if (frenchTerms.length === 0) continue;
      fromEnglish.add(englishTerms, frenchTerms);
      fromFrench.add(frenchTerms, englishTerms);
    }
  }
  return { en: fromEnglish.finish(), fr: fromFrench.finish() };
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
export function questionLanguages(question: string, corpusLanguages: readonly Lang[]): readonly Lang[] {
  const asFrench = detectLanguage(question, 'fr');
  const asEnglish = detectLanguage(question, 'en');
  if (asFrench === asEnglish) return [asFrench];
  return corpusLanguages.length === 1 ? corpusLanguages : ['fr', 'en'];
}

/** The first term of each word in `language` (null for a word without one). */
function stemsOf(words: readonly QueryWordOfText[], language: Lang): (string | null)[] {
  return words.map((word) => termsOfWord(word.word, language)[0] ?? null);
}

/**
 * Each word's translations from `language`: its own (none for a number), and those of every lexicon
 * phrase it is part of, the phrase's words being consecutive content words of the question
 * ("mot de passe": "mot" and "passe" both translate as "password").
 */
function translationsFrom(words: readonly QueryWordOfText[], language: Lang, direction: LexiconDirection): TranslationTerms[][] {
  const stems = stemsOf(words, language);
  const result = words.map((word, position): TranslationTerms[] => {
    const stem = stems[position] ?? null;
    return stem === null || /^\p{N}/u.test(word.word) ? [] : [...(direction.ofWord.get(stem) ?? [])];
  });
  for (let start = 0; start < words.length; start++) {
    for (let length = 2; length <= direction.longestPhrase && start + length <= words.length; length++) {
      const phrase = stems.slice(start, start + length);
      if (phrase.includes(null)) break;
      const translations = direction.ofPhrase.get(phrase.join(' '));
      if (!translations) continue;
      for (let position = start; position < start + length; position++) result[position]!.push(...translations);
    }
  }
  return result;
}

/** Translations of one word, without phrase context (see `translatedQueryWords`). */
function translationsOfWord(word: string, from: readonly Lang[], given: Lexicon): TranslatedTerms {
  const words = [{ word, terms: termsOfWord(word), identifier: false }];
  return translatedTermsOf(words, from, given)[0]!;
}

interface TranslatedTerms {
  /** One-word translations, as index terms of the other language. */
  translations: string[];
  /** Those of `translations` that are no word of the language translated from (see `foreignTranslationsOf`). */
  foreignTranslations: string[];
  /** Translations of two words or more, each as its terms. */
  phrases: string[][];
}

/**
 * The words' translations from each language they may be in. A one-word translation is foreign when it is no
 * word of the language translated from: "polici" (French "policier", a translation of "officer") is also the
 * English "policy", and would match an English text wrongly.
 */
function translatedTermsOf(words: readonly QueryWordOfText[], from: readonly Lang[], given: Lexicon): TranslatedTerms[] {
  const perLanguage = from.map((language) => ({ language, found: translationsFrom(words, language, given[language]) }));
  return words.map((word, position) => {
    const translations = new Set<string>();
    const foreign = new Set<string>();
    const phrases = new Map<string, string[]>();
    for (const { language, found } of perLanguage) {
      for (const terms of found[position]!) {
        if (terms.length > 1) phrases.set(terms.join(' '), [...terms]);
        else if (!word.terms.includes(terms[0]!)) {
          translations.add(terms[0]!);
          if (!given[language].headwords.has(terms[0]!)) foreign.add(terms[0]!);
        }
      }
    }
    return { translations: [...translations], foreignTranslations: [...foreign], phrases: [...phrases.values()] };
  });
}

/** A word's one-word translations into the other language, as index terms of that language (none for a number). */
export function translationsOf(word: string, from: readonly Lang[], given: Lexicon = lexicon()): string[] {
  return translationsOfWord(word, from, given).translations;
}

/** Its translations that are no word of the language translated from (see `translatedTermsOf`). */
export function foreignTranslationsOf(word: string, from: readonly Lang[], given: Lexicon = lexicon()): string[] {
  return translationsOfWord(word, from, given).foreignTranslations;
}

/** A word's translations of two words or more, each as its terms ("airspace": espac, aerien). */
export function phraseTranslationsOf(word: string, from: readonly Lang[], given: Lexicon = lexicon()): string[][] {
  return translationsOfWord(word, from, given).phrases;
}

export interface TranslatedQueryWord extends QueryWordOfText, TranslatedTerms {}

/**
 * The question's content words (see `queryWords`), each with its translations: a corpus may hold the
 * answer in the other language, where no word is spelt as in the question but names, numbers and cognates.
 * `languages`: those the question may be in, when the caller has them already (see `questionLanguages`).
 */
export function translatedQueryWords(question: string, into: readonly Lang[] = ['fr', 'en'], languages = questionLanguages(question, into)): TranslatedQueryWord[] {
  const from = languages.filter((language) => into.includes(language === 'fr' ? 'en' : 'fr'));
  const words = queryWords(question);
  if (from.length === 0) return words.map((word) => ({ ...word, translations: [], foreignTranslations: [], phrases: [] }));
  const translated = translatedTermsOf(words, from, lexicon());
  return words.map((word, position) => ({ ...word, ...translated[position]! }));
}
