import type { AnswerReply } from '../answer/types.ts';
import { t } from './strings.ts';
import { truncate } from './cut.ts';

/** "What the corpus says", "Quote" or "Briefing", with "(continued)" on a later page. */
export function answerHeading(reply: Pick<AnswerReply, 'command' | 'lang' | 'offset'>): string {
  const key = reply.command === 'quote' ? 'quoteHeading' : reply.command === 'brief' ? 'briefHeading' : 'answerHeading';
  return reply.offset > 0 ? `${t(reply.lang, key)} ${t(reply.lang, 'continued')}` : t(reply.lang, key);
}

/** "Following up on “earlier question”" under a follow-up's answer (null for a question asked alone). */
export function followUpLine(reply: Pick<AnswerReply, 'lang' | 'followsUp'>): string | null {
  if (!reply.followsUp) return null;
  return t(reply.lang, 'followsUp', { question: truncate(reply.followsUp.replace(/\s+/g, ' ').trim(), 200) });
}
