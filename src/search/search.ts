import type { Passage, SearchMode } from './types.ts';
import type { Embedder } from '../embed/types.ts';
import type { ChunkStore, LoadedChunk } from '../index/chunk-store.ts';
import type { Lang } from '../text/lang.ts';
import type { QuestionTranslation } from '../index/lexical-store.ts';
import type { LoadedIndex } from '../index/load.ts';
import { BoundedMap } from '../text/bounded-map.ts';
import { foldWhitespace } from '../text/normalize.ts';
import { detectLanguage } from '../text/language.ts';
import { ChunkTerms } from './chunk-terms.ts';
import { fuse, type FusionSettings } from './fusion.ts';
import { rankLexically, type LexicalRankingSettings } from './lexical-ranking.ts';
import { bestSentence } from './highlight.ts';
import { sentenceScorer } from './sentence-scorer.ts';
import { dot, relevance } from './relevance.ts';
import { inFolders, withContextText, withContextWeighed, withContextWords, type ContextQuestion } from './follow-up.ts';

export interface SearchSettings {
  fusion: FusionSettings;
  lexical: LexicalRankingSettings;
  /** The question is answered when the best evidence among the top candidates reaches this relevance. */
  noAnswerThreshold: number;
  /** Once answered, a passage whose relevance is below this share of the best one's is not shown (unless dense ranks it top 3). */
  relativeFloor: number;
  /** Cosine similarity that counts as zero relevance (see relevance.ts). */
  similarityFloor: number;
  /** How many candidates each retriever contributes before fusion. */
  candidates: number;
  /** How many of the best-ranked candidates the no-answer decision looks at. */
  evidenceDepth: number;
  /**
   * Weight of a question word's translations (see text/translations.ts) where the corpus also holds the
   * word itself, so that a passage in the question's language comes first; where it does not, they count
   * in full. null: questions are not translated.
   */
  translationWeight: number | null;
}

/** Passages whose duplicate-detection text is kept between questions. */
const CACHED_DUPLICATE_KEYS = 20_000;

/** A passage the dense retriever ranks this high is never dropped by the lexical rules. */
const DENSE_PROTECTED_RANK = 3;

export interface SearchRequest {
  question: string;
  limit: number;
  offset: number;
  /** A follow-up's earlier questions, their words weighted below the new ones' (see follow-up.ts). */
  context?: ContextQuestion[];
  /** A document set: only passages of files under these corpus folders (see follow-up.ts). */
  folders?: string[];
}

export interface SearchOutcome {
  mode: SearchMode;
  /** Passages [offset, offset + limit) of the ranking, with highlights. */
  passages: Passage[];
  /** Total passages in the ranking (for "More"). */
  total: number;
  /** True when the best passage is below the no-answer threshold. */
  noAnswer: boolean;
  /** Relevance of the best passage of the whole ranking. */
  bestRelevance: number;
  /** Files of the nearest candidates, best first, even when none is relevant enough. */
  nearestFiles: string[];
}

interface Candidate {
  chunks: LoadedChunk[];
  fused: number;
  /** 1-based rank in the dense retriever's list, or null. */
  denseRank: number | null;
  relevance: number;
}

function bestRank(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/** Adjacent parts of one split paragraph that were both retrieved become one passage. */
function mergeAdjacent(candidates: Candidate[]): Candidate[] {
  const merged: Candidate[] = [];
  for (const candidate of candidates) {
    const chunk = candidate.chunks[0]!;
    const neighbour = merged.find((other) =>
      other.chunks.some(
        (part) => part.file === chunk.file && part.paragraph === chunk.paragraph && part.part > 0 && Math.abs(part.part - chunk.part) === 1,
      ),
    );
    if (neighbour) {
      neighbour.chunks = [...neighbour.chunks, chunk].sort((a, b) => a.start - b.start);
      neighbour.relevance = Math.max(neighbour.relevance, candidate.relevance);
      neighbour.denseRank = bestRank(neighbour.denseRank, candidate.denseRank);
    } else {
      merged.push({ ...candidate, chunks: [...candidate.chunks] });
    }
  }
  return merged;
}

/** The same passage twice (a file copied into the corpus, a repeated paragraph) is shown once. */
function removeDuplicates(candidates: Candidate[], index: LoadedIndex, keys: Map<string, string>): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    const key = duplicateKey(candidate, index, keys);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The passage's text as compared for duplicates, kept per chunk (folding every candidate's text on every question is slow). */
function duplicateKey(candidate: Candidate, index: LoadedIndex, keys: Map<string, string>): string {
  const folded = () => foldWhitespace(passageText(candidate, index)).toLowerCase();
  if (candidate.chunks.length > 1) return folded();
  const id = candidate.chunks[0]!.id;
  let key = keys.get(id);
  if (key === undefined) {
    key = folded();
    keys.set(id, key);
  }
  return key;
}

function passageRange(candidate: Candidate): { start: number; end: number } {
  return { start: Math.min(...candidate.chunks.map((c) => c.start)), end: Math.max(...candidate.chunks.map((c) => c.end)) };
}

function passageText(candidate: Candidate, index: LoadedIndex): string {
  const first = candidate.chunks[0]!;
  const { start, end } = passageRange(candidate);
  return candidate.chunks.length === 1 ? first.text : (index.sources.get(first.file) ?? first.text).slice(start, end);
}

/** Passages read to tell a corpus's languages. */
const LANGUAGE_SAMPLE = 1_000;
/**
 * A language counts when at least this share of the passages read is in it: a few English files whose
 * language went undecided (a list of references, a table) do not make the corpus French too.
 */
const LANGUAGE_MIN_SHARE = 0.01;

/** The languages of a corpus's passages, read from up to LANGUAGE_SAMPLE of them spread evenly. */
export function corpusLanguages(chunks: Pick<ChunkStore, 'at' | 'length'>): Lang[] {
  const counts = new Map<Lang, number>();
  const step = Math.max(1, Math.floor(chunks.length / LANGUAGE_SAMPLE));
  let read = 0;
  for (let position = 0; position < chunks.length; position += step, read += 1) {
    const { language } = chunks.at(position);
    counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count >= Math.max(1, LANGUAGE_MIN_SHARE * read)).map(([language]) => language);
}

/** How a search translates its questions: into the corpus's languages, at the settings' weight (not at all when it is null). */
export function questionTranslation(settings: Pick<SearchSettings, 'translationWeight'>, into: readonly Lang[]): QuestionTranslation | undefined {
  return settings.translationWeight === null ? undefined : { weight: settings.translationWeight, into };
}

export class Retriever {
  constructor(
    private readonly index: LoadedIndex,
    /** null: lexical-only (no model, or the index was built without one). */
    private readonly embedder: Embedder | null,
    private readonly settings: SearchSettings,
  ) {
    this.terms = new ChunkTerms(index.chunks);
    this.translation = questionTranslation(settings, corpusLanguages(index.chunks));
  }

  /** Into the corpus's languages only: a French question needs no English words where no passage is in English. */
  private readonly translation: QuestionTranslation | undefined;

  private readonly terms: ChunkTerms;
  private readonly duplicateKeys = new BoundedMap<string, string>(CACHED_DUPLICATE_KEYS);

  get mode(): SearchMode {
    return this.embedder && this.index.vectors ? 'dense+lexical' : 'lexical-only';
  }

  async search(request: SearchRequest): Promise<SearchOutcome> {
    const { index, settings } = this;
    const { question } = request;
    // --- follow-up context and document-set hook (follow-up.ts): without them, the plain question ---
    const { context, folders } = request;
    const candidateCount = folders && folders.length > 0 ? settings.candidates * 10 : settings.candidates;
    const inScope = (hit: { index: number }) => inFolders(index.chunks.fileOf(hit.index), folders);
    const { translation } = this;
    const queryWords = withContextWords(index.lexical, index.lexical.queryWordsOf(question, settings.lexical.identifierWeight, translation), context, settings.lexical.identifierWeight, translation);
    // --- end of hook ---
    // Asked first: transformers.js tokenizes the question now, and onnxruntime runs the model (on this thread) once the lexical ranking yields.
    const embedding = this.embedder && index.vectors ? this.embedder.embedQuery(withContextText(question, context)) : null;
    embedding?.catch(() => {}); // awaited below; this only keeps a failure during the lexical ranking from being unhandled
    const lexicalHits = rankLexically(index.lexical, queryWords, settings.lexical, candidateCount, this.terms.inOrder).filter(inScope);
    let queryVector: Float32Array | null = null;
    let denseHits: { index: number; score: number }[] | null = null;
    if (embedding && index.vectors) {
      queryVector = await embedding;
      denseHits = index.vectors.query(queryVector, candidateCount).map((hit) => ({ index: hit.index, score: hit.similarity })).filter(inScope);
    }
    const fused = fuse({ hits: lexicalHits }, denseHits ? { hits: denseHits } : null, settings.fusion);
    const denseRank = new Map((denseHits ?? []).map((hit, rank) => [hit.index, rank + 1]));
    const questionWeights = index.lexical.weighQuestion(question, translation?.into);
    const weighed = withContextWeighed(index.lexical, questionWeights, context, translation?.into);
    // An undecided question (names only) is taken to be in the passage's language.
    const questionLanguage = { fr: detectLanguage(question, 'fr'), en: detectLanguage(question, 'en') };
    const ranked: Candidate[] = [...fused]
      .map(([position, score]) => {
        const chunk = index.chunks.at(position);
        const vector = queryVector ? index.embeddings.at(position) : undefined;
        const similarity = queryVector && vector ? dot(queryVector, vector) : null;
        return {
          chunks: [chunk],
          fused: score,
          denseRank: denseRank.get(position) ?? null,
          relevance: relevance(index.lexical.coverageOf(weighed, this.terms.withContext(position), questionLanguage[chunk.language] !== chunk.language), similarity, settings.similarityFloor),
        };
      })
      .sort((a, b) => b.fused - a.fused || b.relevance - a.relevance);
    const candidates = removeDuplicates(mergeAdjacent(ranked), index, this.duplicateKeys);
    // One decision per question, from the best evidence near the top of the ranking.
    const bestRelevance = Math.max(0, ...candidates.slice(0, settings.evidenceDepth).map((candidate) => candidate.relevance));
    const noAnswer = bestRelevance < settings.noAnswerThreshold;
    const relevant = noAnswer
      ? []
      : candidates.filter(
          (candidate) =>
            candidate.relevance >= settings.relativeFloor * bestRelevance || (candidate.denseRank !== null && candidate.denseRank <= DENSE_PROTECTED_RANK),
        );
    const page = relevant.slice(request.offset, request.offset + request.limit);
    const passages = await Promise.all(
      page.map(async (candidate, position): Promise<Passage> => {
        const first = candidate.chunks[0]!;
        const { start, end } = passageRange(candidate);
        const text = passageText(candidate, index);
        // With a model, the sentence vectors the build stored (sentence-scorer.ts): no embedding at answer time.
        const dense = queryVector && this.embedder ? sentenceScorer(index, this.embedder, queryVector, candidate.chunks) : undefined;
        const highlight = await bestSentence(questionWeights, text, index.lexical, dense, questionLanguage[first.language] !== first.language);
        return {
          rank: request.offset + position + 1,
          chunkIds: candidate.chunks.map((chunk) => chunk.id),
          text,
          highlight: text.slice(highlight.start, highlight.end),
          highlightStart: highlight.start,
          highlightEnd: highlight.end,
          score: Math.round(candidate.relevance * 1000) / 1000,
          source: { file: first.file, title: first.title, url: first.url, date: first.date, headings: first.headings, paragraph: first.paragraph, line: first.line, start, end },
        };
      }),
    );
    return {
      mode: this.mode,
      passages,
      total: relevant.length,
      noAnswer,
      bestRelevance,
      nearestFiles: [...new Set(candidates.map((candidate) => candidate.chunks[0]!.file))],
    };
  }
}
