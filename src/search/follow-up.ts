/**
 * A follow-up question is searched with its conversation's earlier questions: their content words
 * join the query, each weighted below the new question's own words. And a scoped search (a
 * channel's document set) keeps the passages of the allowed folders only.
 */
import type { QueryWord } from '../index/bm25.ts';
import type { LexicalStore, QuestionTranslation, WeighedQuestion } from '../index/lexical-store.ts';
import type { Lang } from '../text/lang.ts';

/** An earlier question of the conversation and how much its words count (0 < weight < 1). */
export interface ContextQuestion {
  question: string;
  weight: number;
}

/** The key of a word's terms, to tell a word already asked from a new one. */
const keyOf = (terms: readonly string[]): string => [...terms].sort().join('|');

/**
 * The new question's BM25 words, then each earlier question's words that the new question does not
 * already have, at `weight × their own weight` (a typo's near spellings stay below an exact word).
 * A word in two earlier questions counts once, at the larger weight.
 */
export function withContextWords(
  lexical: LexicalStore,
  words: QueryWord[],
  context: readonly ContextQuestion[] | undefined,
  identifierWeight = 1,
  translation?: QuestionTranslation,
): QueryWord[] {
  if (!context || context.length === 0) return words;
  const seen = new Set(words.map((word) => keyOf(word.terms)));
  const extra = new Map<string, QueryWord>();
  for (const { question, weight } of context) {
    const factor = Math.min(1, Math.max(0, weight));
    if (factor === 0) continue;
    for (const word of lexical.queryWordsOf(question, identifierWeight, translation)) {
      const key = keyOf(word.terms);
      if (seen.has(key)) continue;
      const weighted = { terms: word.terms, weight: word.weight * factor };
      if ((extra.get(key)?.weight ?? 0) < weighted.weight) extra.set(key, weighted);
    }
  }
  return [...words, ...extra.values()];
}

/**
 * The question's content words for the answer decision (coverage), with the earlier questions' known
 * words added so that each weighs `weight ×` its idf² (idf scaled by √weight). Words the corpus never
 * uses are left out of the context: they could only lower the coverage of a follow-up.
 */
export function withContextWeighed(lexical: LexicalStore, weighed: WeighedQuestion, context: readonly ContextQuestion[] | undefined, into: readonly Lang[] = []): WeighedQuestion {
  if (!context || context.length === 0) return weighed;
  const seen = new Set(weighed.map((word) => keyOf(word.terms)));
  const extra: WeighedQuestion = [];
  for (const { question, weight } of context) {
    const scale = Math.sqrt(Math.min(1, Math.max(0, weight)));
    for (const word of lexical.weighQuestion(question, into)) {
      const key = keyOf(word.terms);
      if (word.idf === null || scale === 0 || seen.has(key)) continue;
      seen.add(key);
      extra.push({ ...word, idf: word.idf * scale });
    }
  }
  return [...weighed, ...extra];
}

/** What the dense retriever embeds for a follow-up: the earlier questions, then the new one. */
export function withContextText(question: string, context: readonly ContextQuestion[] | undefined): string {
  if (!context || context.length === 0) return question;
  return [...context.map((turn) => turn.question).reverse(), question].join(' ');
}

/** Folders as prefixes: "rh", "rh/" and "/rh/" all mean the files under corpus/rh/. */
export function folderPrefixes(folders: readonly string[]): string[] {
  return folders.map((folder) => folder.replace(/\\/g, '/').replace(/^\.?\/+/, '').replace(/\/*$/, '/')).filter((prefix) => prefix !== '/');
}

/** True when `file` (relative to the corpus, forward slashes) is in one of the folders; any file when none are given. */
export function inFolders(file: string, folders: readonly string[] | undefined): boolean {
  if (!folders || folders.length === 0) return true;
  return folderPrefixes(folders).some((prefix) => file.startsWith(prefix));
}

/** How much each earlier question counts, most recent first: half the new words', then a quarter, an eighth. */
export const CONTEXT_WEIGHTS: readonly number[] = [0.5, 0.25, 0.125];

/** Earlier questions (most recent first) as context, weighted by CONTEXT_WEIGHTS. */
export function contextOf(previous: readonly string[]): ContextQuestion[] {
  return previous.slice(0, CONTEXT_WEIGHTS.length).map((question, position) => ({ question, weight: CONTEXT_WEIGHTS[position]! }));
}

/** Words that open a question leaning on the one before ("et en 2024 ?", "and who said that?", "more about…"). */
const CONTINUATION = /^\s*(?:et|and|also|aussi|mais|but|or|ou|alors|then|so|donc|plus|more|encore|what about|how about|et pour|et si|idem)\b/iu;

/**
 * Whether a question in a conversation builds on the earlier ones (most recent first) or starts a new
 * topic. It builds on them when it opens with a continuation word, when it shares a content word with
 * them, or when it names fewer than two content words the corpus knows ("who said that?"). A question
 * with two or more known content words of its own, none shared, is a new topic.
 */
export function isFollowUp(lexical: LexicalStore, question: string, previous: readonly string[]): boolean {
  if (previous.length === 0) return false;
  if (CONTINUATION.test(question)) return true;
  const own = lexical.weighQuestion(question).filter((word) => word.idf !== null);
  const earlier = new Set(previous.flatMap((text) => lexical.weighQuestion(text).flatMap((word) => word.terms)));
  if (own.some((word) => word.terms.some((term) => earlier.has(term)))) return true;
  return own.length < 2;
}
