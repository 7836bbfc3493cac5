import type { LexicalStore, WeighedQuestion } from '../index/lexical-store.ts';
import { splitSentences, type Span } from '../text/sentences.ts';
import { termsOf } from '../text/tokenize.ts';
import { dot } from './relevance.ts';

const SHORT_SENTENCE = 40;

export interface DenseSentenceScorer {
  query: Float32Array;
  /** The sentences' passage vectors: stored by the build where the index has them (sentence-scorer.ts), else embedded. */
  vectorsOf(sentences: string[]): Promise<Float32Array[]>;
}

const LIST_MARK = /^(?:[-*•–]|\d{1,3}[.)])\s+/u;

function looksLikeProse(sentence: string): boolean {
  return /[.!?…»”"]$/u.test(sentence) && sentence.split(/\s+/u).length >= 5;
}

/** "- L’OTAN renforce…" → "L’OTAN renforce…": a bullet mark is layout, not words to quote. */
function withoutListMark(text: string, span: Span): Span {
  const mark = LIST_MARK.exec(text.slice(span.start, span.end));
  return mark && mark[0].length < span.end - span.start ? { start: span.start + mark[0].length, end: span.end } : { ...span };
}

function argmax(scores: number[]): number {
  let best = 0;
  scores.forEach((score, index) => {
    if (score > scores[best]!) best = index;
  });
  return best;
}

/**
 * The sentence of `text` that best answers the question (weighed by `lexical.weighQuestion`): the one holding the largest idf-weighted
 * share of the question's words; when none holds any (a question in the other language), the one
 * closest in meaning, if a model is loaded. A very short sentence is extended by the next one.
 * `crossLanguage`: the text is in another language than the question (see `LexicalStore.coverageOf`).
 */
export async function bestSentence(weighed: WeighedQuestion, text: string, lexical: LexicalStore, dense?: DenseSentenceScorer, crossLanguage = false): Promise<Span> {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return { start: 0, end: text.length };
  const sentenceTexts = sentences.map((sentence) => text.slice(sentence.start, sentence.end));
  let scores = sentenceTexts.map((sentence) => lexical.coverageOf(weighed, new Set(termsOf(sentence)), crossLanguage));
  if (Math.max(...scores) === 0 && dense && sentences.length > 1) {
    scores = (await dense.vectorsOf(sentenceTexts)).map((vector) => dot(vector, dense.query));
  }
  // On a tie, a full sentence beats a heading or a fragment.
  const best = argmax(scores.map((score, index) => score + (looksLikeProse(sentenceTexts[index]!) ? 1e-6 : 0)));
  const chosen = withoutListMark(text, sentences[best]!);
  const next = sentences[best + 1];
  if (chosen.end - chosen.start < SHORT_SENTENCE && next) chosen.end = next.end;
  return chosen;
}
