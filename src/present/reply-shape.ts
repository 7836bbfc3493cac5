import type { AnswerReply, Reply } from '../answer/types.ts';

/** What an answer shows, decided once for every surface. */
export type AnswerShape = 'no-more' | 'no-answer' | 'quote' | 'brief' | 'passages';

/**
 * "No more passages" for a later page that came back empty; the no-answer message (with the closest
 * topics) when nothing is relevant; else the quote, the briefing grouped by source, or the passages.
 */
export function answerShape(reply: AnswerReply): AnswerShape {
  if (reply.offset > 0 && reply.passages.length === 0) return 'no-more';
  if (reply.noAnswer || (reply.passages.length === 0 && !reply.quote)) return 'no-answer';
  if (reply.command === 'quote' && reply.quote) return 'quote';
  if (reply.command === 'brief' && reply.groups && reply.groups.length > 0) return 'brief';
  return 'passages';
}

/** One renderer per reply kind: a surface fills these in, and a new kind fails to compile until each surface has one. */
export type ReplyRenderers<T> = { [Kind in Reply['kind']]: (reply: Extract<Reply, { kind: Kind }>) => T };

export function renderWith<T>(reply: Reply, renderers: ReplyRenderers<T>): T {
  return (renderers[reply.kind] as (reply: Reply) => T)(reply);
}
