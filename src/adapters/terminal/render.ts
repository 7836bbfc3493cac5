import type { AnswerReply, Reply } from '../../answer/types.ts';
import { citationOf, citationText, documentLabel } from '../../present/citation.ts';
import { errorText } from '../../present/errors.ts';
import { answerHeading, followUpLine } from '../../present/headings.ts';
import { modeName, modeNotice } from '../../present/mode.ts';
import { quoteMarks } from '../../present/quotation.ts';
import { t } from '../../present/strings.ts';
import { commandUsage } from '../../present/usage.ts';
import type { Passage } from '../../search/types.ts';
import type { Lang } from '../../text/lang.ts';

export interface TerminalStyle {
  bold(text: string): string;
  dim(text: string): string;
}

export const plainStyle: TerminalStyle = { bold: (text) => text, dim: (text) => text };
export const ansiStyle: TerminalStyle = {
  bold: (text) => `\u001b[1m${text}\u001b[22m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
};

/** Control characters in corpus text could move the cursor or recolour the terminal: shown as spaces. */
function safe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ');
}

function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((line) => `  │ ${line}`)
    .join('\n');
}

function withUrl(text: string, url: string | null): string {
  return url ? `${text} <${url}>` : text;
}

function renderPassage(passage: Passage, lang: Lang, style: TerminalStyle): string {
  const before = passage.text.slice(0, passage.highlightStart);
  const after = passage.text.slice(passage.highlightEnd);
  const body = `${safe(before)}${style.bold(safe(passage.highlight))}${safe(after)}`;
  return `${passage.rank}. ${style.dim(`[${passage.score.toFixed(2)}]`)}\n${quoteLines(body)}\n  — ${withUrl(safe(citationText(passage.source, lang)), citationOf(passage.source).link)}`;
}

function modeLine(reply: Reply, style: TerminalStyle): string {
  const notice = modeNotice(reply);
  return notice ? `\n${style.dim(notice)}` : '';
}

function renderAnswer(reply: AnswerReply, style: TerminalStyle): string {
  const followUp = followUpLine(reply);
  const body = renderAnswerBody(reply, style);
  return followUp ? `${style.dim(`↳ ${safe(followUp)}`)}\n${body}` : body;
}

function renderAnswerBody(reply: AnswerReply, style: TerminalStyle): string {
  const { lang } = reply;
  if (reply.noAnswer) {
    const topics = reply.suggestions.map((topic) => `  • ${safe(documentLabel(topic, lang))}`).join('\n');
    return `${reply.suggestions.length ? t(lang, 'noAnswer') : t(lang, 'noAnswerNoSuggestions')}\n${topics}`;
  }
  if (reply.passages.length === 0) return t(lang, 'noMore');
  if (reply.command === 'quote' && reply.quote) {
    const { quote } = reply;
    const speaker = quote.speaker ? ` — ${safe(quote.speaker)}` : '';
    const [open, close] = quoteMarks(lang, quote.isQuotation);
    return `${style.bold(`${open}${safe(quote.text)}${close}`)}${speaker}\n  (${withUrl(safe(citationText(quote.source, lang)), citationOf(quote.source).link)})`;
  }
  if (reply.command === 'brief' && reply.groups) {
    const groups = reply.groups.map((group) => {
      const heading = style.bold(`${safe(documentLabel(group.source, lang))}${group.source.date ? ` (${group.source.date})` : ''}`);
      const bullets = group.passages.map((passage) => `  • ${safe(passage.highlight)}\n    — ${withUrl(safe(citationText(passage.source, lang)), citationOf(passage.source).link)}`);
      return `${heading}\n${bullets.join('\n')}`;
    });
    return `${answerHeading(reply)}: ${safe(reply.query)}\n\n${groups.join('\n\n')}`;
  }
  const more = reply.hasMore ? `\n${style.dim(`(${t(lang, 'more')}: /more)`)}` : '';
  return `${reply.passages.map((passage) => renderPassage(passage, lang, style)).join('\n\n')}${more}`;
}

/** One reply as terminal text. The terminal is the operator's own: /status shows why search is lexical-only. */
export function renderForTerminal(reply: Reply, style: TerminalStyle = plainStyle): string {
  const { lang } = reply;
  switch (reply.kind) {
    case 'answer':
      return `${renderAnswer(reply, style)}${modeLine(reply, style)}`;
    case 'sources': {
      const lines = reply.sources.map((source) => `  • ${withUrl(safe(documentLabel(source, lang)), source.url)} — ${source.chunks} ${t(lang, 'chunks')}`);
      return `${t(lang, 'sourcesHeading')}\n${lines.join('\n')}\n${t(lang, 'indexBuilt')}: ${reply.indexBuiltAt} · ${t(lang, 'modeLabel')}: ${modeName(reply.mode, lang)}${modeLine(reply, style)}`;
    }
    case 'status':
      return [
        `${t(lang, 'statusHeading')}`,
        `  ${t(lang, 'modeLabel')}: ${modeName(reply.mode, lang)}`,
        ...(reply.modeReason ? [`  ${t(lang, 'modeReasonLabel')}: ${reply.modeReason}`] : []),
        `  ${t(lang, 'model')}: ${reply.model ?? '—'}`,
        `  ${t(lang, 'indexBuilt')}: ${reply.indexBuiltAt}`,
        `  ${t(lang, 'filesLabel')}: ${reply.files} · ${reply.chunks} ${t(lang, 'chunks')}`,
        ...(reply.skipped.length > 0 ? [`  ${t(lang, 'skippedLabel')}: ${reply.skipped.length}`, ...reply.skipped.map((why) => `    • ${safe(why)}`)] : []),
        `  ${t(lang, 'upSince')}: ${reply.startedAt}`,
      ].join('\n');
    case 'help':
      return `${t(lang, 'helpHeading')}\n${reply.entries
        .map((entry) => `  ${commandUsage('terminal', { name: entry.command, textOption: entry.textOption }, lang).padEnd(24)} ${entry.description}`)
        .join('\n')}${modeLine(reply, style)}`;
    case 'error':
      return errorText(reply, 'terminal');
  }
}
