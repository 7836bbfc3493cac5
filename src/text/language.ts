import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import type { Lang } from './lang.ts';

const FRENCH_ONLY = new Set(frenchStopwords.filter((word) => !englishStopwords.includes(word)));
const ENGLISH_ONLY = new Set(englishStopwords.filter((word) => !frenchStopwords.includes(word)));
const FRENCH_QUESTION_WORDS = new Set(['combien', 'quand', 'comment', 'pourquoi', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'où']);
const ENGLISH_QUESTION_WORDS = new Set(['how', 'what', 'when', 'where', 'why', 'who', 'which', 'many', 'much']);

/**
 * Votes for each language in a text: its function words, elisions ("l’", "qu’"), accents and French
 * typography. `shortestWord`: shorter words do not vote (in a passage, one letter is more often a
 * variable, an option or a unit of a table than the French "y" or "t").
 */
function languageVotes(text: string, shortestWord = 1): { french: number; english: number } {
  let french = 0;
  let english = 0;
  for (const word of text.toLowerCase().match(/[\p{L}’']+/gu) ?? []) {
    const bare = word.replace(/^[ldjmnstc]['’]/, '');
    if (bare.length < shortestWord) continue;
    if (word !== bare) french += 1;
    if (FRENCH_ONLY.has(bare) || FRENCH_QUESTION_WORDS.has(bare)) french += 1;
    if (ENGLISH_ONLY.has(bare) || ENGLISH_QUESTION_WORDS.has(bare)) english += 1;
  }
  if (/[éèêàùçœâîôû]/i.test(text)) french += 1;
  if (/\s[?!:;»]/.test(text) || text.includes('«')) french += 1;
  return { french, english };
}

/**
 * French or English, from function words, accents and French typography. Two languages only, so a
 * vote over stopwords is more reliable on short questions than a general language identifier.
 */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  const { french, english } = languageVotes(text);
  if (french === english) return fallback;
  return french > english ? 'fr' : 'en';
}

/** Votes a language needs, and their ratio to the other's, to be the clear language of a passage. */
const CLEAR_VOTES = 3;
const CLEAR_RATIO = 2;

/**
 * The language of a passage where its own words clearly show it (at least CLEAR_VOTES votes and
 * CLEAR_RATIO times the other language's), else `fallback` (its file's): an English paragraph of a
 * French page (a quoted press release) is English, a short list item or a name keeps its page's.
 */
export function passageLanguage(text: string, fallback: Lang): Lang {
  const { french, english } = languageVotes(text, 2);
  if (french >= CLEAR_VOTES && french >= CLEAR_RATIO * english) return 'fr';
  if (english >= CLEAR_VOTES && english >= CLEAR_RATIO * french) return 'en';
  return fallback;
}
