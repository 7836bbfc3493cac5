import { citationText } from '../../answer/citation.ts';
import { t } from '../../answer/strings.ts';
import type { AnswerReply, Reply } from '../../answer/types.ts';
import type { Lang } from '../../text/lang.ts';
import type { Passage } from '../../search/types.ts';

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

function renderPassage(passage: Passage, lang: Lang, style: TerminalStyle): string {
  const before = passage.text.slice(0, passage.highlightStart);
  const after = passage.text.slice(passage.highlightEnd);
  const body = `${safe(before)}${style.bold(safe(passage.highlight))}${safe(after)}`;
  const url = passage.source.url ? ` <${passage.source.url}>` : '';
  return `${passage.rank}. ${style.dim(`[${passage.score.toFixed(2)}]`)}\n${quoteLines(body)}\n  — ${safe(citationText(passage.source, lang))}${url}`;
}

function modeLine(reply: Reply, style: TerminalStyle): string {
  if (reply.mode !== 'lexical-only') return '';
  return `\n${style.dim(t(reply.lang, 'lexicalOnly'))}`;
}

function renderAnswer(reply: AnswerReply, style: TerminalStyle): string {
  const { lang } = reply;
  if (reply.noAnswer) {
    const topics = reply.suggestions.map((topic) => `  • ${safe(topic.title)} (${topic.file})`).join('\n');
    return `${reply.suggestions.length ? t(lang, 'noAnswer') : t(lang, 'noAnswerNoSuggestions')}\n${topics}`;
  }
  if (reply.passages.length === 0) return t(lang, 'noMore');
  if (reply.command === 'quote' && reply.quote) {
    const { quote } = reply;
    const speaker = quote.speaker ? ` — ${safe(quote.speaker)}` : '';
    const text = quote.isQuotation ? `« ${safe(quote.text)} »` : safe(quote.text);
    return `${style.bold(text)}${speaker}\n  (${safe(citationText(quote.source, lang))})`;
  }
  if (reply.command === 'brief' && reply.groups) {
    const groups = reply.groups.map((group) => {
      const heading = style.bold(`${safe(group.source.title)}${group.source.date ? ` (${group.source.date})` : ''}`);
      const bullets = group.passages.map((passage) => `  • ${safe(passage.highlight)}\n    — ${safe(citationText(passage.source, lang))}`);
      return `${heading}\n${bullets.join('\n')}`;
    });
    return `${t(lang, 'briefHeading')}: ${safe(reply.query)}\n\n${groups.join('\n\n')}`;
  }
  const more = reply.hasMore ? `\n${style.dim(`(${t(lang, 'more')}: /more)`)}` : '';
  return `${reply.passages.map((passage) => renderPassage(passage, lang, style)).join('\n\n')}${more}`;
}

/** One reply as terminal text. */
export function renderForTerminal(reply: Reply, style: TerminalStyle = plainStyle): string {
  const { lang } = reply;
  switch (reply.kind) {
    case 'answer':
      return `${renderAnswer(reply, style)}${modeLine(reply, style)}`;
    case 'sources': {
      const lines = reply.sources.map((source) => `  • ${safe(source.title)} — ${source.file} (${source.chunks} ${t(lang, 'chunks')})${source.url ? ` <${source.url}>` : ''}`);
      return `${t(lang, 'sourcesHeading')}\n${lines.join('\n')}\n${t(lang, 'indexBuilt')}: ${reply.indexBuiltAt} · ${t(lang, 'modeLabel')}: ${reply.mode}${modeLine(reply, style)}`;
    }
    case 'status':
      return [
        `${t(lang, 'statusHeading')}`,
        `  ${t(lang, 'modeLabel')}: ${reply.mode}${reply.modeReason ? ` — ${reply.modeReason}` : ''}`,
        `  ${t(lang, 'model')}: ${reply.model ?? '—'}`,
        `  ${t(lang, 'indexBuilt')}: ${reply.indexBuiltAt}`,
        `  ${t(lang, 'filesLabel')}: ${reply.files} · ${reply.chunks} ${t(lang, 'chunks')}`,
        `  ${t(lang, 'upSince')}: ${reply.startedAt}`,
      ].join('\n');
    case 'help':
      return `${t(lang, 'helpHeading')}\n${reply.entries.map((entry) => `  ${entry.usage.padEnd(24)} ${entry.description}`).join('\n')}${modeLine(reply, style)}`;
    case 'error':
      return reply.message;
  }
}
