import type { AnswerReply } from './types.ts';

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
    source: { file: string; title: string; url: string | null; paragraph: number; start: number; end: number };
  }[];
  /** Only for `--command quote`: the quotation (verbatim) and its speaker, when the text names one. */
  quote?: { text: string; isQuotation: boolean; speaker: string | null; start: number; end: number };
}

export function toAnswerJson(reply: AnswerReply): AnswerJson {
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
