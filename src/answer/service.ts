import type { LoadedIndex } from '../index/load.ts';
import type { Retriever, SearchOutcome, SearchRequest } from '../search/search.ts';
import { citeAt, citePassage } from './cite.ts';
import { openingSentence } from '../corpus/opening.ts';
import { findQuotations, withAnnouncedWords } from './quotations.ts';
import { findSpeaker, speakerOfLeadIn } from './speaker.ts';
import type { AnswerReply, BriefGroup, Quotation, SourcesReply, StatusReply, TopicSuggestion } from './types.ts';
import type { Lang } from '../text/lang.ts';
import type { Passage, SearchMode } from '../search/types.ts';
import { contextOf, inFolders, isFollowUp } from '../search/follow-up.ts';

export interface AnswerSettings {
  defaultCount: number;
  maxCount: number;
  /** How many passages `quote` and `brief` look through. */
  poolSize: number;
}

/** The engine as the commands see it: one loaded index, one retriever, the answers built from them. */
export class AnswerService {
  readonly startedAt = new Date().toISOString();

  constructor(
    readonly index: LoadedIndex,
    private readonly retriever: Retriever,
    /** Why search is lexical-only, null in dense+lexical mode. */
    readonly modeReason: string | null,
    readonly settings: AnswerSettings,
  ) {}

  get mode(): SearchMode {
    return this.retriever.mode;
  }

  private base(lang: Lang) {
    return { lang, mode: this.mode };
  }

  private suggestions(outcome: SearchOutcome, folders?: string[]): TopicSuggestion[] {
    const documents = this.index.manifest.documents.filter((document) => inFolders(document.file, folders));
    const nearest = outcome.nearestFiles
      .map((file) => documents.find((document) => document.file === file))
      .filter((document) => document !== undefined);
    const chosen = nearest.length > 0 ? nearest : documents;
    return chosen.slice(0, 3).map((document) => ({ title: document.title, file: document.file, opening: this.opening(document.file) }));
  }

  /** The retriever's outcome with each passage cited at its page and quoted words. */
  private async search(request: SearchRequest): Promise<SearchOutcome> {
    const outcome = await this.retriever.search(request);
    return { ...outcome, passages: outcome.passages.map((passage) => citePassage(passage, this.index)) };
  }

  private opening(file: string): string | null {
    const text = this.index.sources.get(file);
    return text === undefined ? null : openingSentence(text);
  }

  private answer(command: AnswerReply['command'], query: string, lang: Lang, outcome: SearchOutcome, offset: number, passages: Passage[], folders?: string[]): AnswerReply {
    const noAnswer = offset === 0 && (outcome.noAnswer || passages.length === 0);
    return {
      kind: 'answer',
      command,
      query,
      ...this.base(lang),
      noAnswer,
      passages: noAnswer ? [] : passages,
      offset,
      hasMore: !noAnswer && offset + passages.length < outcome.total,
      quote: null,
      groups: null,
      suggestions: noAnswer ? this.suggestions(outcome, folders) : [],
      ...(folders && folders.length > 0 ? { folders } : {}),
    };
  }

  /**
   * In a conversation (`previous`: its earlier questions, most recent first), a follow-up is searched
   * with their words weighted below its own, and says which question it builds on; a new topic is
   * searched alone. `folders` keeps the answer inside a document set.
   */
  async ask(query: string, lang: Lang, count: number, offset: number, scope: { previous?: string[] | undefined; folders?: string[] | undefined } = {}): Promise<AnswerReply> {
    const previous = scope.previous ?? [];
    const followUp = isFollowUp(this.index.lexical, query, previous);
    const outcome = await this.search({
      question: query,
      limit: count,
      offset,
      ...(followUp ? { context: contextOf(previous) } : {}),
      ...(scope.folders && scope.folders.length > 0 ? { folders: scope.folders } : {}),
    });
    return { ...this.answer('ask', query, lang, outcome, offset, outcome.passages, scope.folders), followsUp: followUp ? previous[0]! : null };
  }

  /**
   * The single best quotable sentence on a topic: a quotation (« », “ ”, " ") from a relevant
   * passage when there is one, with its speaker where the text names one; else the passage's best sentence.
   */
  async quote(topic: string, lang: Lang, folders?: string[]): Promise<AnswerReply> {
    const outcome = await this.search({ question: topic, limit: this.settings.poolSize, offset: 0, ...(folders && folders.length > 0 ? { folders } : {}) });
    const reply = this.answer('quote', topic, lang, outcome, 0, outcome.passages.slice(0, 1), folders);
    if (reply.noAnswer) return reply;
    let best: { quotation: Quotation; passage: Passage; score: number } | null = null;
    // A quotation is preferred only when it is as much on the topic as the best sentence found.
    const sentenceCoverage = this.index.lexical.coverage(topic, outcome.passages[0]!.highlight);
    for (const passage of outcome.passages) {
      const source = this.index.sources.get(passage.source.file) ?? '';
      for (const found of findQuotations(passage.text)) {
        const onTopic = this.index.lexical.coverage(topic, found.text);
        const score = 0.6 * onTopic + 0.4 * passage.score;
        if ((onTopic === 0 || onTopic < sentenceCoverage) && this.mode === 'lexical-only') continue;
        if (best && score <= best.score) continue;
        const start = passage.source.start + found.start;
        best = {
          passage,
          score,
          quotation: {
            text: found.text,
            isQuotation: true,
            speaker: findSpeaker(passage.text, found, source.slice(0, passage.source.start)),
            source: citeAt(passage.source, this.index, start, start + found.text.length),
            start,
            end: start + found.text.length,
          },
        };
      }
    }
    const top = outcome.passages[0]!;
    const quotation: Quotation = best?.quotation ?? this.bestSentence(top);
    return { ...reply, hasMore: false, passages: [best?.passage ?? top], quote: quotation };
  }

  /**
   * The passage's best sentence as a quote. A lead-in ending with ":" is quoted with the words it
   * announces (its list, or the quotation on the next line), and with the speaker it names.
   */
  private bestSentence(passage: Passage): Quotation {
    const span = withAnnouncedWords(passage.text, { start: passage.highlightStart, end: passage.highlightEnd });
    const announced = span.end > passage.highlightEnd;
    const leadIn = passage.text.slice(span.start, passage.highlightEnd);
    const before = (this.index.sources.get(passage.source.file) ?? '').slice(0, passage.source.start) + passage.text.slice(0, span.start);
    const start = passage.source.start + span.start;
    const end = passage.source.start + span.end;
    return {
      text: passage.text.slice(span.start, span.end),
      isQuotation: false,
      speaker: announced ? speakerOfLeadIn(leadIn, before) : null,
      source: citeAt(passage.source, this.index, start, end),
      start,
      end,
    };
  }

  /** A briefing: the best passages across distinct sources, grouped by source, newest source first. */
  async brief(topic: string, lang: Lang, count: number, folders?: string[]): Promise<AnswerReply> {
    const outcome = await this.search({ question: topic, limit: this.settings.poolSize, offset: 0, ...(folders && folders.length > 0 ? { folders } : {}) });
    const perSource = new Map<string, Passage[]>();
    const chosen: Passage[] = [];
    // First the best passage of each source, then second-best ones, until `count` are chosen.
    for (let round = 0; round < 2 && chosen.length < count; round += 1) {
      for (const passage of outcome.passages) {
        if (chosen.length >= count) break;
        const taken = perSource.get(passage.source.file) ?? [];
        if (taken.length !== round || chosen.includes(passage)) continue;
        taken.push(passage);
        perSource.set(passage.source.file, taken);
        chosen.push(passage);
      }
    }
    const groups: BriefGroup[] = [...perSource.values()]
      .map((passages) => {
        const { file, title, url, date } = passages[0]!.source;
        return { source: { file, title, url, date }, passages: passages.sort((a, b) => a.rank - b.rank) };
      })
      .sort((a, b) => (b.source.date ?? '').localeCompare(a.source.date ?? '') || a.passages[0]!.rank - b.passages[0]!.rank);
    const ordered = groups.flatMap((group) => group.passages);
    const reply = this.answer('brief', topic, lang, outcome, 0, ordered, folders);
    return { ...reply, hasMore: false, groups: reply.noAnswer ? null : groups };
  }

  sources(lang: Lang, folders?: string[]): SourcesReply {
    const { manifest } = this.index;
    return {
      kind: 'sources',
      ...this.base(lang),
      sources: manifest.documents.filter((document) => inFolders(document.file, folders)).map((document) => ({ ...document, opening: this.opening(document.file) })),
      indexBuiltAt: manifest.builtAt,
      model: this.mode === 'dense+lexical' ? (manifest.model?.id ?? null) : null,
    };
  }

  status(lang: Lang): StatusReply {
    const { manifest } = this.index;
    return {
      kind: 'status',
      ...this.base(lang),
      modeReason: this.mode === 'lexical-only' ? this.modeReason : null,
      model: this.mode === 'dense+lexical' ? (manifest.model?.id ?? null) : null,
      indexBuiltAt: manifest.builtAt,
      files: manifest.counts.documents,
      chunks: manifest.counts.chunks,
      skipped: manifest.warnings,
      startedAt: this.startedAt,
    };
  }
}
