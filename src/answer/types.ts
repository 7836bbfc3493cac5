/**
 * The one answer model every adapter renders. Nothing here knows a chat platform.
 * Every `text`, `highlight` and `quote.text` is verbatim from a corpus file.
 */

import type { Lang } from '../text/language.ts';

export type { Lang };

/** "dense+lexical" when a model embedded the corpus and the query; "lexical-only" otherwise. */
export type SearchMode = 'dense+lexical' | 'lexical-only';

export interface SourceRef {
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  title: string;
  url: string | null;
  /** ISO date from front matter, when the file has one. */
  date: string | null;
  /** Headings the passage sits under, outermost first (a breadcrumb; absent or empty when none). */
  headings?: string[];
  /** Paragraph number as a reader counts it (1-based, furniture not counted). */
  paragraph: number;
  /** 1-based line of the source file where the passage starts. */
  line: number;
  /** Character range of the passage in the source file (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
}

export interface Passage {
  rank: number;
  /** Stable ids of the chunks merged into this passage. */
  chunkIds: string[];
  /** Verbatim passage text: exactly `source file text.slice(start, end)`. */
  text: string;
  /** The sentence(s) of `text` that best answer the question (verbatim, a substring of `text`). */
  highlight: string;
  /** Where `highlight` sits inside `text` (end exclusive). */
  highlightStart: number;
  highlightEnd: number;
  /** Relevance in [0, 1]; higher is better. Never invented: derived from the actual retrieval scores. */
  score: number;
  source: SourceRef;
}

export interface Quotation {
  /** Verbatim sentence or quotation (without surrounding quote marks when it is one). */
  text: string;
  /** True when `text` is a quotation found inside « », “ ” or " " in the corpus. */
  isQuotation: boolean;
  /** Who said it, when the passage names the speaker. */
  speaker: string | null;
  source: SourceRef;
  /** Range of `text` in the source file. */
  start: number;
  end: number;
}

export interface BriefGroup {
  source: Omit<SourceRef, 'paragraph' | 'line' | 'start' | 'end'>;
  passages: Passage[];
}

export interface TopicSuggestion {
  title: string;
  file: string;
}

interface ReplyBase {
  lang: Lang;
  mode: SearchMode;
  /** Why the mode is lexical-only (model missing, ...); null in dense+lexical mode. */
  modeReason: string | null;
}

export interface AnswerReply extends ReplyBase {
  kind: 'answer';
  command: 'ask' | 'quote' | 'brief';
  query: string;
  noAnswer: boolean;
  /** Ranked passages (for `brief`, the same passages as in `groups`, in rank order). */
  passages: Passage[];
  /** Index of the first passage in the full ranking (0 for a first answer, > 0 for "More"). */
  offset: number;
  /** True when asking again with `offset + passages.length` would return more passages. */
  hasMore: boolean;
  /** For `quote`: the single best quotable sentence. */
  quote: Quotation | null;
  /** For `brief`: passages grouped by source, newest source first where dates are known. */
  groups: BriefGroup[] | null;
  /** For a no-answer: the topics the corpus does cover that came closest. */
  suggestions: TopicSuggestion[];
}

export interface SourceSummary {
  file: string;
  title: string;
  url: string | null;
  date: string | null;
  chunks: number;
}

export interface SourcesReply extends ReplyBase {
  kind: 'sources';
  sources: SourceSummary[];
  indexBuiltAt: string;
  model: string | null;
}

export interface StatusReply extends ReplyBase {
  kind: 'status';
  model: string | null;
  indexBuiltAt: string;
  files: number;
  chunks: number;
  startedAt: string;
}

export interface HelpEntry {
  command: string;
  usage: string;
  description: string;
}

export interface HelpReply extends ReplyBase {
  kind: 'help';
  entries: HelpEntry[];
}

/** A user-facing error in the user's language (empty question, question too long, ...). */
export interface ErrorReply extends ReplyBase {
  kind: 'error';
  code: 'empty' | 'too-long' | 'unknown-command' | 'index-unavailable' | 'internal';
  message: string;
}

export interface BriefingTopic {
  topic: string;
  noAnswer: boolean;
  /** The best passages on the topic, across distinct sources. */
  passages: Passage[];
}

/** A scheduled (or previewed) briefing: several topics in one message. */
export interface BriefingReply extends ReplyBase {
  kind: 'briefing';
  name: string;
  /** The scheduled time (ISO, UTC) this briefing is for; the render shows it in `timezone`. */
  scheduledFor: string;
  timezone: string;
  topics: BriefingTopic[];
  /** Chunk ids of the passages whose file was added or changed since the previous briefing: mark them new. */
  newChunkIds: string[];
  nothingNew: boolean;
  /** True for `/briefing preview`: shown to the admin only, state unchanged. */
  preview: boolean;
}

export type Reply = AnswerReply | SourcesReply | StatusReply | HelpReply | ErrorReply;
