/**
 * One engine Reply → the Discord messages that show it (pure: no client, no I/O).
 * Corpus text goes in embed descriptions as escaped block quotes with the best sentence in bold,
 * each passage with a citation line; everything respects Discord's limits, splitting a long answer
 * over several embeds and, past 10 embeds or 6000 characters, several messages.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import type { AnswerReply, ErrorReply, HelpReply, Reply, SourcesReply, StatusReply } from '../../answer/types.ts';
import type { BriefingReply } from '../../briefings/types.ts';
import { citationOf, derivedTitle, oneLine, type CitationSource } from '../../present/citation.ts';
import { truncate } from '../../present/cut.ts';
import { errorText } from '../../present/errors.ts';
import { buttonsFor } from '../../present/followups.ts';
import { answerHeading, followUpLine } from '../../present/headings.ts';
import { modeName, modeNotice } from '../../present/mode.ts';
import { quoteMarks } from '../../present/quotation.ts';
import { answerShape, renderWith } from '../../present/reply-shape.ts';
import { t } from '../../present/strings.ts';
import { commandUsage } from '../../present/usage.ts';
import type { Passage } from '../../search/types.ts';
import type { Lang } from '../../text/lang.ts';
import { buttonId } from './buttons-ids.ts';
import { escapeMarkdown, safeLinkUrl } from './escape.ts';
import { discordLimits } from './limits.ts';
import { quotePieces } from './quote-block.ts';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
}

export interface RenderedReply {
  /** At least one message; send the first as the reply, the rest as follow-ups, in order. */
  messages: DiscordMessage[];
  /** True for replies meant for the asker only (errors): ephemeral where the platform allows. */
  ephemeral: boolean;
}

export interface RenderOptions {
  /** Follow-up key for the More / 👍 / 👎 / Share buttons; no buttons without one. */
  buttonKey?: string | null;
  /** The reply is shown to the asker only: it gets a Share button that posts it in the channel. */
  isPrivate?: boolean;
  /** The reader may see why search is lexical-only (server folders): /status for server admins. */
  showModeReason?: boolean;
}

export const answerColor = 0x3b82f6;
export const noticeColor = 0x94a3b8;

/** Keeps a citation line short enough that the passage keeps most of the embed. */
const maxCitationTitle = 150;

/** A file name as inline code (no markdown inside a code span; backticks cannot close it). */
function fileCode(file: string): string {
  return `\`${truncate(file, 200).replace(/`/g, "'")}\``;
}

/** The title (its breadcrumb, emphasized) as a masked link to the quoted words when the source has a URL; null when the file has no title. */
function titleMarkup(source: CitationSource, emphasis: '*' | '**' = '*'): string | null {
  const citation = citationOf(source);
  const url = safeLinkUrl(citation.link);
  const shown = citation.title === null ? null : escapeMarkdown(truncate(citation.title, maxCitationTitle), false);
  if (url) return `${emphasis}[${shown ?? escapeMarkdown(truncate(source.file, maxCitationTitle), false)}](${url})${emphasis}`;
  return shown === null ? null : `${emphasis}${shown}${emphasis}`;
}

/** A document's title markup, or for a file without one its opening words, quoted and in italics; null when neither. */
function documentMarkup(source: CitationSource, lang: Lang): string | null {
  const derived = derivedTitle(source, lang);
  return derived === null ? titleMarkup(source, '**') : `*${escapeMarkdown(derived, false)}*`;
}

/** "— [Title › Section](link) · `file` · p. 12 · ¶ 3 · 2025-11-06": who said it and where to find it. */
export function citationLine(source: CitationSource): string {
  const citation = citationOf(source);
  const title = titleMarkup(source);
  const parts = title === null ? [fileCode(citation.file)] : [title, fileCode(citation.file)];
  if (citation.page !== null) parts.push(`p. ${citation.page}`);
  if (citation.paragraph !== null) parts.push(`¶ ${citation.paragraph}`);
  if (citation.date) parts.push(escapeMarkdown(citation.date, false));
  return `— ${parts.join(' · ')}`;
}

/** Quote pieces of one passage with its citation after the last piece, each within an embed description. */
function passageBlocks(passage: Passage, shortCitation = false): string[] {
  const citation = shortCitation ? `— ¶ ${passage.source.paragraph}` : citationLine(passage.source);
  const budget = discordLimits.embedDescription - citation.length - 1;
  const pieces = quotePieces(
    { text: passage.text, boldStart: passage.highlightStart, boldEnd: passage.highlightEnd },
    budget,
  );
  if (pieces.length === 0) return [citation];
  const last = pieces.length - 1;
  return pieces.map((piece, index) => (index === last ? `${piece}\n${citation}` : piece));
}

/** Pack text blocks into as few descriptions (≤ limit) as possible, keeping their order. */
export function packBlocks(blocks: string[], separator = '\n\n'): string[] {
  const descriptions: string[] = [];
  let current = '';
  for (const block of blocks) {
    if (current === '') current = block;
    else if (current.length + separator.length + block.length <= discordLimits.embedDescription) current += separator + block;
    else {
      descriptions.push(current);
      current = block;
    }
  }
  if (current !== '') descriptions.push(current);
  return descriptions;
}

export function embedSize(embed: APIEmbed): number {
  let size = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  size += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}

/** Spread embeds over messages (≤ 10 and ≤ 6000 characters each); content on the first, buttons on the last. */
export function packMessages(content: string, embeds: APIEmbed[], components: ButtonRow[]): DiscordMessage[] {
  const messages: DiscordMessage[] = [{ content: truncate(content, discordLimits.content), embeds: [], components: [] }];
  let total = 0;
  for (const embed of embeds) {
    let current = messages[messages.length - 1] as DiscordMessage;
    const size = embedSize(embed);
    if (current.embeds.length >= discordLimits.embedsPerMessage || (current.embeds.length > 0 && total + size > discordLimits.embedTotalPerMessage)) {
      current = { content: '', embeds: [], components: [] };
      messages.push(current);
      total = 0;
    }
    current.embeds.push(embed);
    total += size;
  }
  (messages[messages.length - 1] as DiscordMessage).components = components;
  return messages;
}

/** Put the short mode notice in the footer of the last embed (footers show plain text: nothing to escape). */
export function withModeFooter(embeds: APIEmbed[], reply: Reply | BriefingReply): APIEmbed[] {
  const notice = modeNotice(reply);
  const last = embeds[embeds.length - 1];
  if (notice && last) last.footer = { text: last.footer ? truncate(`${last.footer.text} · ${notice}`, 1024) : notice };
  return embeds;
}

function buttonRows(reply: Reply, options: RenderOptions): ButtonRow[] {
  const key = options.buttonKey;
  if (!key) return [];
  const wanted = buttonsFor(reply, options.isPrivate ?? false);
  const buttons: APIButtonComponent[] = [];
  if (wanted.more) {
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: buttonId('more', key), label: t(reply.lang, 'more') });
  }
  if (wanted.votes) {
    buttons.push(
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonId('up', key), emoji: { name: '👍' } },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonId('down', key), emoji: { name: '👎' } },
    );
  }
  if (wanted.share) {
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Success, custom_id: buttonId('share', key), label: t(reply.lang, 'shareInChannel') });
  }
  return buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

function heading(reply: AnswerReply): string {
  const query = escapeMarkdown(truncate(oneLine(reply.query), 300), false);
  const followUp = followUpLine(reply);
  return `**${answerHeading(reply)}**${query === '' ? '' : ` · ${query}`}${followUp ? `\n-# ↳ ${escapeMarkdown(followUp, false)}` : ''}`;
}

function renderNoAnswer(reply: AnswerReply): RenderedReply {
  const lines: string[] = [];
  const followUp = followUpLine(reply);
  if (followUp && reply.offset === 0) lines.push(`-# ↳ ${escapeMarkdown(followUp, false)}`);
  if (reply.offset > 0) {
    lines.push(t(reply.lang, 'noMore'));
  } else if (reply.suggestions.length === 0) {
    lines.push(t(reply.lang, 'noAnswerNoSuggestions'));
  } else {
    lines.push(t(reply.lang, 'noAnswer'));
    for (const suggestion of reply.suggestions.slice(0, 8)) {
      const title = documentMarkup(suggestion, reply.lang);
      lines.push(`- ${title === null ? fileCode(suggestion.file) : `${title} (${fileCode(suggestion.file)})`}`);
    }
  }
  const notice = `-# ${escapeMarkdown(modeNotice(reply), false)}`;
  // Whole suggestions give way, never the mode line at the end.
  while (lines.length > 2 && [...lines, notice].join('\n').length > discordLimits.content) lines.pop();
  const body = truncate(lines.join('\n'), discordLimits.content - notice.length - 1);
  return { messages: [{ content: `${body}\n${notice}`, embeds: [], components: [] }], ephemeral: false };
}

function quoteEmbeds(reply: AnswerReply): APIEmbed[] | null {
  const quote = reply.quote;
  if (!quote) return null;
  const [open, close] = quoteMarks(reply.lang, quote.isQuotation);
  const speaker = quote.speaker ? `— **${escapeMarkdown(truncate(oneLine(quote.speaker), 200), false)}**\n` : '';
  const citation = speaker + citationLine(quote.source);
  const text = `${open}${quote.text}${close}`;
  const pieces = quotePieces({ text, boldStart: open.length, boldEnd: open.length + quote.text.length }, discordLimits.embedDescription - citation.length - 1);
  const blocks = pieces.map((piece, index) => (index === pieces.length - 1 ? `${piece}\n${citation}` : piece));
  return blocks.map((description) => ({ color: answerColor, description }));
}

function briefEmbeds(reply: AnswerReply): APIEmbed[] | null {
  if (!reply.groups || reply.groups.length === 0) return null;
  const embeds: APIEmbed[] = [];
  for (const group of reply.groups) {
    const date = group.source.date ? ` · ${escapeMarkdown(group.source.date.slice(0, 10), false)}` : '';
    const title = titleMarkup(group.source, '**');
    const head = `${title === null ? '' : `${title} · `}${fileCode(group.source.file)}${date}`;
    const blocks = [head, ...group.passages.flatMap((passage) => passageBlocks(passage, true))];
    for (const description of packBlocks(blocks)) embeds.push({ color: answerColor, description });
  }
  return embeds;
}

function renderAnswer(reply: AnswerReply, options: RenderOptions): RenderedReply {
  const shape = answerShape(reply);
  if (shape === 'no-more' || shape === 'no-answer') return renderNoAnswer(reply);
  const embeds =
    (shape === 'quote' ? quoteEmbeds(reply) : null) ??
    (shape === 'brief' ? briefEmbeds(reply) : null) ??
    reply.passages.flatMap((passage) => passageBlocks(passage).map((description): APIEmbed => ({ color: answerColor, description })));
  return { messages: packMessages(heading(reply), withModeFooter(embeds, reply), buttonRows(reply, options)), ephemeral: false };
}

function renderSources(reply: SourcesReply, options: RenderOptions): RenderedReply {
  const lines = reply.sources.map((source) => {
    const title = documentMarkup(source, reply.lang);
    const date = source.date ? ` · ${escapeMarkdown(source.date.slice(0, 10), false)}` : '';
    return `- ${title === null ? '' : `${title} · `}${fileCode(source.file)} · ${source.chunks} ${t(reply.lang, 'chunks')}${date}`;
  });
  const descriptions = packBlocks(lines.length > 0 ? lines : ['—'], '\n');
  const embeds: APIEmbed[] = descriptions.map((description, index) => ({
    color: noticeColor,
    ...(index === 0 ? { title: `${t(reply.lang, 'sourcesHeading')} (${reply.sources.length})` } : {}),
    description,
  }));
  const last = embeds[embeds.length - 1] as APIEmbed;
  last.footer = { text: truncate(`${t(reply.lang, 'indexBuilt')}: ${reply.indexBuiltAt} · ${t(reply.lang, 'model')}: ${reply.model ?? '—'}`, 1024) };
  return { messages: packMessages('', withModeFooter(embeds, reply), buttonRows(reply, options)), ephemeral: true };
}

/** A Discord timestamp tag (shown in each reader's time zone) for an ISO date; the text as is otherwise. */
function timestamp(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMarkdown(iso, false);
  const seconds = Math.floor(ms / 1000);
  return `<t:${seconds}:f> (<t:${seconds}:R>)`;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function renderStatus(reply: StatusReply, options: RenderOptions): RenderedReply {
  const field = (name: string, value: string | number, inline = true) => ({
    name: truncate(capitalized(name), discordLimits.fieldName),
    value: truncate(String(value) || '—', discordLimits.fieldValue),
    inline,
  });
  const fields = [
    field(t(reply.lang, 'modeLabel'), modeName(reply.mode, reply.lang)),
    ...(options.showModeReason && reply.modeReason ? [field(t(reply.lang, 'modeReasonLabel'), escapeMarkdown(oneLine(reply.modeReason), false), false)] : []),
    field(t(reply.lang, 'model'), reply.model ? escapeMarkdown(reply.model, false) : '—'),
    field(t(reply.lang, 'filesLabel'), reply.files),
    field(t(reply.lang, 'chunks'), reply.chunks),
    ...(reply.skipped.length > 0 ? [field(`${t(reply.lang, 'skippedLabel')} (${reply.skipped.length})`, reply.skipped.map((why) => `- ${escapeMarkdown(oneLine(why), false)}`).join('\n'), false)] : []),
    field(t(reply.lang, 'indexBuilt'), timestamp(reply.indexBuiltAt)),
    field(t(reply.lang, 'upSince'), timestamp(reply.startedAt)),
  ];
  const embed: APIEmbed = { color: noticeColor, title: t(reply.lang, 'statusHeading'), fields };
  return { messages: packMessages('', withModeFooter([embed], reply), buttonRows(reply, options)), ephemeral: true };
}

function renderHelp(reply: HelpReply, options: RenderOptions): RenderedReply {
  const lines = reply.entries.map((entry) => {
    const usage = commandUsage('discord', { name: entry.command, textOption: entry.textOption }, reply.lang);
    return `\`${usage.replace(/`/g, "'")}\` — ${escapeMarkdown(oneLine(entry.description), false)}`;
  });
  const descriptions = packBlocks(lines.length > 0 ? lines : ['—'], '\n');
  const embeds: APIEmbed[] = descriptions.map((description, index) => ({
    color: noticeColor,
    ...(index === 0 ? { title: truncate(t(reply.lang, 'helpHeading'), discordLimits.embedTitle) } : {}),
    description,
  }));
  return { messages: packMessages('', withModeFooter(embeds, reply), buttonRows(reply, options)), ephemeral: true };
}

function renderError(reply: ErrorReply): RenderedReply {
  const content = truncate(`⚠️ ${escapeMarkdown(oneLine(errorText(reply, 'discord')), false)}`, discordLimits.content);
  return { messages: [{ content, embeds: [], components: [] }], ephemeral: true };
}

/** A short plain message (used by the adapter for its own notices). */
export function renderNotice(text: string): DiscordMessage {
  return { content: truncate(text, discordLimits.content), embeds: [], components: [] };
}

export function renderReply(reply: Reply, options: RenderOptions = {}): RenderedReply {
  return renderWith<RenderedReply>(reply, {
    answer: (answer) => renderAnswer(answer, options),
    sources: (sources) => renderSources(sources, options),
    status: (status) => renderStatus(status, options),
    help: (help) => renderHelp(help, options),
    error: renderError,
  });
}
