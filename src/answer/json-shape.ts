import type { AnswerReply } from './types.ts';

/** Builds a citation's link (the url opened at the quoted words, or a PDF at its page); given by the caller, which may read the presentation layer. */
export type LinkOf = (source: AnswerReply['passages'][number]['source']) => string | null;

/** The stable JSON shape outside tools rely on (`npm run ask -- --json`). */
export interface AnswerJson {
  query: string;
  lang: string;
  mode: string;
  noAnswer: boolean;
  passages: {
    rank: number;
    text: string;
    highlight: string;
    score: number;
    source: {
      file: string;
      title: string;
      url: string | null;
      /** The url opened at the quoted words (a text fragment) or, for a PDF, at its page; null without a url. */
      link: string | null;
      /** PDF: the page the passage starts on; absent for other formats. */
      page?: number;
      paragraph: number;
      start: number;
      end: number;
    };
  }[];
  /** Only for `--command quote`: the quotation (verbatim) and its speaker, when the text names one. */
  quote?: { text: string; isQuotation: boolean; speaker: string | null; start: number; end: number };
}

export function toAnswerJson(reply: AnswerReply, linkOf: LinkOf = (source) => source.url): AnswerJson {
  const json: AnswerJson = {
    query: reply.query,
    lang: reply.lang,
    mode: reply.mode,
    noAnswer: reply.noAnswer,
    passages: reply.passages.map((passage) => ({
      rank: passage.rank,
      text: passage.text,
      highlight: passage.highlight,
      score: passage.score,
      source: {
        file: passage.source.file,
        title: passage.source.title,
        url: passage.source.url,
        link: linkOf(passage.source),
        ...(passage.source.page !== undefined ? { page: passage.source.page } : {}),
        paragraph: passage.source.paragraph,
        start: passage.source.start,
        end: passage.source.end,
      },
    })),
  };
  if (reply.quote) {
    const { text, isQuotation, speaker, start, end } = reply.quote;
    json.quote = { text, isQuotation, speaker, start, end };
  }
  return json;
}
