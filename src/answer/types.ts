/**
 * The one answer model every adapter renders. Nothing here knows a chat platform.
 * Every `text`, `highlight` and `quote.text` is verbatim from a corpus file.
 */

import type { Lang } from '../text/lang.ts';
import type { Passage, SearchMode, SourceRef } from '../search/types.ts';

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
  /** The file's first sentence, verbatim (null when it has none). */
  opening: string | null;
}

export interface ReplyBase {
  lang: Lang;
  mode: SearchMode;
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
  /** A follow-up in a conversation: the earlier question it builds on (absent or null for a question asked alone). */
  followsUp?: string | null;
  /** The document set it was answered from (citebot.yml), so that "More" stays inside it. */
  folders?: string[];
}

export interface SourceSummary {
  file: string;
  title: string;
  url: string | null;
  date: string | null;
  chunks: number;
  /** The file's first sentence, verbatim (null when it has none). */
  opening: string | null;
}

export interface SourcesReply extends ReplyBase {
  kind: 'sources';
  sources: SourceSummary[];
  indexBuiltAt: string;
  model: string | null;
}

export interface StatusReply extends ReplyBase {
  kind: 'status';
  /** Why the mode is lexical-only, null in dense+lexical mode. It names server folders: for admins only. */
  modeReason: string | null;
  model: string | null;
  indexBuiltAt: string;
  files: number;
  chunks: number;
  /** Why each corpus file left out of the index was left out ("x.txt is not valid UTF-8 text: skipped …"), as the build said. */
  skipped: string[];
  startedAt: string;
}

export interface HelpEntry {
  command: string;
  /** The option the command's text goes in ("question", "topic"), null for commands without text. */
  textOption: string | null;
  description: string;
}

export interface HelpReply extends ReplyBase {
  kind: 'help';
  entries: HelpEntry[];
}

/** A failure as a code; the presentation layer says it in the user's language and the surface's syntax. */
export interface ErrorReply extends ReplyBase {
  kind: 'error';
  code: 'empty' | 'too-long' | 'unknown-command' | 'index-unavailable' | 'internal';
  /** The command asked for (as typed, for unknown-command). */
  command: string;
  /** For `empty`: the option the text goes in. */
  textOption?: string | null;
  /** For `too-long`: the longest text accepted, in characters. */
  maxChars?: number;
}

export type Reply = AnswerReply | SourcesReply | StatusReply | HelpReply | ErrorReply;
