import type { AnswerReply } from '../answer/types.ts';
import { t } from './strings.ts';

/** "What the corpus says", "Quote" or "Briefing", with "(continued)" on a later page. */
export function answerHeading(reply: Pick<AnswerReply, 'command' | 'lang' | 'offset'>): string {
  const key = reply.command === 'quote' ? 'quoteHeading' : reply.command === 'brief' ? 'briefHeading' : 'answerHeading';
  return reply.offset > 0 ? `${t(reply.lang, key)} ${t(reply.lang, 'continued')}` : t(reply.lang, key);
}
