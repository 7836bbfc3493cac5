/**
 * A scheduled briefing → Discord messages (pure). The content carries the heading (name, date and
 * time in the briefing's time zone and language, topics); each topic is an embed titled with the
 * topic, quoting each passage briefly (its best sentence only, escaped) with its citation, passages
 * new since the previous briefing marked. No buttons. Long briefings spread over several embeds and
 * messages like answers do.
 */
import type { APIEmbed } from 'discord.js';
import { t } from '../../present/strings.ts';
import type { BriefingReply, BriefingTopic } from '../../briefings/types.ts';
import type { Lang } from '../../text/lang.ts';
import type { Passage } from '../../search/types.ts';
import { escapeMarkdown } from './escape.ts';
import { discordLimits } from './limits.ts';
import { quotePieces } from './quote-block.ts';
import { oneLine } from '../../present/citation.ts';
import { scheduledTime } from '../../present/dates.ts';
import {
  answerColor,
  citationLine,
  noticeColor,
  packBlocks,
  packMessages,
  withModeFooter,
  type RenderedReply,
} from './render.ts';
import { truncate } from '../../present/cut.ts';

/** A briefing quotes briefly: a best sentence longer than this is cut (at a word) and marked "…". */
const maxQuoteChars = 600;
const maxTopicChars = 200;

function topicText(topic: string): string {
  return escapeMarkdown(truncate(oneLine(topic), maxTopicChars), false);
}

function heading(reply: BriefingReply): string {
  const lines: string[] = [];
  if (reply.preview) lines.push(`👁️ **${t(reply.lang, 'previewMark')}**`);
  const name = escapeMarkdown(truncate(oneLine(reply.name), 100), false);
  lines.push(`📰 **${t(reply.lang, 'briefHeading')} · ${name}** — ${escapeMarkdown(scheduledTime(reply.scheduledFor, reply.timezone, reply.lang), false)}`);
  lines.push(`-# ${reply.topics.map((topic) => topicText(topic.topic)).join(' · ')}`);
  return truncate(lines.join('\n'), discordLimits.content);
}

/** One passage: the "new" mark when it is, its best sentence quoted, its citation. */
function passageBlock(passage: Passage, isNew: boolean, lang: Lang): string {
  const quote = passage.highlight.trim() === '' ? passage.text : passage.highlight;
  const pieces = quotePieces({ text: quote, boldStart: 0, boldEnd: 0 }, maxQuoteChars);
  const lines: string[] = [];
  if (isNew) lines.push(`**${t(lang, 'newMark')}**`);
  if (pieces[0]) lines.push(pieces[0]);
  lines.push(citationLine(passage.source));
  return lines.join('\n');
}

function topicEmbeds(topic: BriefingTopic, newChunks: ReadonlySet<string>, lang: Lang): APIEmbed[] {
  const title = truncate(topicText(topic.topic), discordLimits.embedTitle);
  if (topic.noAnswer || topic.passages.length === 0) {
    return [{ color: noticeColor, title, description: `*${t(lang, 'briefingTopicNoAnswer')}*` }];
  }
  const blocks = topic.passages.map((passage) => passageBlock(passage, newChunks.has(passage.chunkIds[0] ?? ''), lang));
  return packBlocks(blocks).map((description, index) => ({
    color: answerColor,
    ...(index === 0 ? { title } : {}),
    description,
  }));
}

export function renderBriefing(reply: BriefingReply): RenderedReply {
  const newChunks = new Set(reply.newChunkIds);
  const embeds = reply.topics.flatMap((topic) => topicEmbeds(topic, newChunks, reply.lang));
  return { messages: packMessages(heading(reply), withModeFooter(embeds, reply), []), ephemeral: reply.preview };
}
