import type { types } from '@slack/bolt';
import type { CommandName } from '../../answer/commands/types.ts';
import { t } from '../../answer/strings.ts';
import type { AnswerReply, HelpReply, Reply, SourcesReply, StatusReply } from '../../answer/types.ts';
import type { Passage, SourceRef } from '../../search/types.ts';
import type { Followup } from '../shared/followups.ts';
import {
  bold,
  escapeAndTruncate,
  escapeMrkdwn,
  formatQuote,
  isLinkable,
  mrkdwnLink,
  splitForQuote,
  truncatePlain,
  truncateRaw,
} from './mrkdwn.ts';

/** Slack's limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextText: 3000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  fallbackText: 3000,
  contextElements: 10,
  fields: 10,
  fieldText: 2000,
} as const;

export const ACTION_IDS = {
  more: 'citebot_more',
  voteUp: 'citebot_vote_up',
  voteDown: 'citebot_vote_down',
  share: 'citebot_share',
} as const;

export const ACTIONS_BLOCK_ID = 'citebot_actions';

export interface SlackMessage {
  blocks: types.KnownBlock[];
  /** Plain fallback for notifications and clients without blocks; escaped like the blocks. */
  text: string;
}

export interface RenderOptions {
  /** True for a slash command's private answer: adds "Share in channel". */
  ephemeral: boolean;
  /** Prefix of the slash command names (SLACK_COMMAND_PREFIX), for the help text. */
  commandPrefix: string;
  /** Turns what a button needs into its `value` (≤ 2000 characters). */
  encodeButton: (followup: Followup) => string;
}

// ---------- small block builders ----------

export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncatePlain(text, LIMITS.header), emoji: true } };
}

export function section(mrkdwn: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

export function context(...texts: string[]): types.ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text })),
  };
}

function button(actionId: string, text: string, value: string, style?: 'primary'): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncatePlain(text, LIMITS.buttonText), emoji: true },
    value,
    ...(style ? { style } : {}),
  };
}

/** Sections of already-escaped lines, each ≤ 3000 characters, lines kept whole where possible. */
function linesToSections(lines: string[]): types.SectionBlock[] {
  const sections: types.SectionBlock[] = [];
  let current = '';
  // Lines are built from capped parts (titles 200, files 300, descriptions 500), far below the limit.
  for (const line of lines) {
    if (current !== '' && current.length + 1 + line.length > LIMITS.sectionText) {
      sections.push(section(current));
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') sections.push(section(current));
  return sections;
}

// ---------- citations ----------

/** A title that is only the file name (no front matter, no heading) is not repeated as the file. */
function sameAsFile(source: Pick<SourceRef, 'title' | 'file'>): boolean {
  const base = source.file.split('/').at(-1) ?? source.file;
  return source.title === source.file || source.title === base || source.title === base.replace(/\.[^.]+$/, '');
}

function titleLink(source: Pick<SourceRef, 'title' | 'url'>): string {
  return isLinkable(source.url) ? mrkdwnLink(source.url, source.title) : bold(truncateRaw(source.title, 200));
}

/** "Title · file · ¶ 3 · 2024-05-01", the title linked when the source has a web URL. */
export function citation(source: SourceRef): string {
  const parts = [titleLink(source)];
  if (!sameAsFile(source)) parts.push(escapeAndTruncate(source.file, 300));
  parts.push(`¶ ${source.paragraph}`);
  if (source.date) parts.push(escapeAndTruncate(source.date, 40));
  return parts.join(' · ');
}

export function plainCitation(source: SourceRef): string {
  return sameAsFile(source) ? `${source.file}, ¶ ${source.paragraph}` : `${source.title} (${source.file}, ¶ ${source.paragraph})`;
}

/** The passage quoted with its best sentence in bold, split into ≤ 3000-character sections. */
export function passageSections(passage: Passage): types.SectionBlock[] {
  return splitForQuote(passage.text, LIMITS.sectionText).map(([start, end]) =>
    section(formatQuote(passage.text.slice(start, end), passage.highlightStart - start, passage.highlightEnd - start)),
  );
}

export function modeBlocks(reply: Pick<Reply, 'lang' | 'mode' | 'modeReason'>): types.KnownBlock[] {
  if (reply.mode !== 'lexical-only') return [];
  const reason = reply.modeReason ? ` (${escapeAndTruncate(reply.modeReason, 500)})` : '';
  return [context(`${escapeMrkdwn(t(reply.lang, 'lexicalOnly'))}${reason}`)];
}

/** Keeps whole groups of blocks while they fit in `budget` blocks. */
function fitGroups(groups: types.KnownBlock[][], budget: number): types.KnownBlock[] {
  const kept: types.KnownBlock[] = [];
  for (const group of groups) {
    if (kept.length + group.length > budget) break;
    kept.push(...group);
  }
  return kept;
}

/** Plain fallback text, escaped and cut cleanly to Slack's limit. */
export function fallback(lines: string[]): string {
  return escapeMrkdwn(truncateRaw(lines.join('\n'), LIMITS.fallbackText));
}

// ---------- buttons ----------

function followupFor(reply: Reply): Followup {
  if (reply.kind === 'answer') {
    return {
      command: reply.command,
      text: reply.query,
      lang: reply.lang,
      nextOffset: reply.offset + reply.passages.length,
      count: reply.passages.length,
      passageIds: reply.passages.flatMap((passage) => passage.chunkIds),
    };
  }
  const command: CommandName = reply.kind === 'error' ? 'help' : reply.kind;
  return { command, text: '', lang: reply.lang, nextOffset: 0, count: 0, passageIds: [] };
}

function actionsBlock(reply: Reply, options: RenderOptions): types.ActionsBlock | null {
  const value = options.encodeButton(followupFor(reply));
  const elements: types.Button[] = [];
  if (reply.kind === 'answer' && !reply.noAnswer) {
    if (reply.hasMore) elements.push(button(ACTION_IDS.more, t(reply.lang, 'more'), value));
    elements.push(button(ACTION_IDS.voteUp, `👍 ${t(reply.lang, 'helpful')}`, value));
    elements.push(button(ACTION_IDS.voteDown, `👎 ${t(reply.lang, 'notHelpful')}`, value));
  }
  if (options.ephemeral && reply.kind !== 'error' && !(reply.kind === 'answer' && reply.noAnswer)) {
    elements.push(button(ACTION_IDS.share, t(reply.lang, 'shareInChannel'), value, 'primary'));
  }
  return elements.length > 0 ? { type: 'actions', block_id: ACTIONS_BLOCK_ID, elements } : null;
}

/** Content blocks, then the mode note and the buttons, never more than 50 blocks. */
function assemble(reply: Reply, options: RenderOptions, head: types.KnownBlock[], groups: types.KnownBlock[][]) {
  const tail: types.KnownBlock[] = [...modeBlocks(reply)];
  const actions = actionsBlock(reply, options);
  if (actions) tail.push(actions);
  return [...head, ...fitGroups(groups, LIMITS.blocks - head.length - tail.length), ...tail];
}

// ---------- replies ----------

function renderNoAnswer(reply: AnswerReply): SlackMessage {
  const lang = reply.lang;
  if (reply.suggestions.length === 0) {
    const text = t(lang, 'noAnswerNoSuggestions');
    return { blocks: [section(escapeMrkdwn(text)), ...modeBlocks(reply)], text: escapeMrkdwn(text) };
  }
  const intro = t(lang, 'noAnswer');
  const lines = reply.suggestions
    .slice(0, 10)
    .map((topic) => `• ${escapeAndTruncate(topic.title, 200)} (${escapeAndTruncate(topic.file, 300)})`);
  const blocks = [...linesToSections([escapeMrkdwn(intro), ...lines]), ...modeBlocks(reply)];
  const plain = [intro, ...reply.suggestions.slice(0, 10).map((topic) => `• ${topic.title} (${topic.file})`)];
  return { blocks, text: fallback(plain) };
}

function passageGroup(passage: Passage): types.KnownBlock[] {
  return [...passageSections(passage), context(citation(passage.source))];
}

function renderAsk(reply: AnswerReply, options: RenderOptions): SlackMessage {
  const heading = t(reply.lang, 'answerHeading');
  const blocks = assemble(
    reply,
    options,
    [header(`${heading} — ${reply.query}`)],
    reply.passages.map(passageGroup),
  );
  const plain = [
    `${heading} — ${reply.query}`,
    ...reply.passages.map((passage) => `“${passage.highlight.trim()}” — ${plainCitation(passage.source)}`),
  ];
  return { blocks, text: fallback(plain) };
}

function renderQuote(reply: AnswerReply, options: RenderOptions): SlackMessage {
  const quote = reply.quote;
  if (!quote) return renderAsk(reply, options);
  const heading = t(reply.lang, 'quoteHeading');
  const quoteGroup: types.KnownBlock[] = [
    ...splitForQuote(quote.text, LIMITS.sectionText).map(([start, end]) =>
      section(formatQuote(quote.text.slice(start, end), 0, end - start)),
    ),
    context(
      [quote.speaker ? `— ${bold(truncateRaw(quote.speaker, 200))}` : null, citation(quote.source)]
        .filter((part) => part !== null)
        .join(' · '),
    ),
  ];
  const blocks = assemble(reply, options, [header(`${heading} — ${reply.query}`)], [quoteGroup]);
  const speaker = quote.speaker ? `${quote.speaker}, ` : '';
  const plain = [`${heading} — ${reply.query}`, `“${quote.text.trim()}” — ${speaker}${plainCitation(quote.source)}`];
  return { blocks, text: fallback(plain) };
}

function renderBrief(reply: AnswerReply, options: RenderOptions): SlackMessage {
  const heading = t(reply.lang, 'briefHeading');
  const groups = reply.groups ?? [];
  if (groups.length === 0) return renderAsk(reply, options);
  const blockGroups: types.KnownBlock[][] = [];
  for (const group of groups) {
    const date = group.source.date ? ` · ${escapeAndTruncate(group.source.date, 40)}` : '';
    const file = sameAsFile(group.source) ? '' : ` · ${escapeAndTruncate(group.source.file, 300)}`;
    blockGroups.push([section(`${titleLink(group.source)}${file}${date}`)]);
    for (const passage of group.passages) {
      blockGroups.push([...passageSections(passage), context(`¶ ${passage.source.paragraph}`)]);
    }
  }
  const blocks = assemble(reply, options, [header(`${heading} — ${reply.query}`)], blockGroups);
  const plain = [`${heading} — ${reply.query}`];
  for (const group of groups) {
    plain.push(`${group.source.title} (${group.source.file})`);
    for (const passage of group.passages) plain.push(`  “${passage.highlight.trim()}” (¶ ${passage.source.paragraph})`);
  }
  return { blocks, text: fallback(plain) };
}

function renderSources(reply: SourcesReply, options: RenderOptions): SlackMessage {
  const lang = reply.lang;
  const heading = t(lang, 'sourcesHeading');
  const lines = reply.sources.map((source) => {
    const date = source.date ? ` · ${escapeAndTruncate(source.date, 40)}` : '';
    const file = sameAsFile(source) ? '' : ` · ${escapeAndTruncate(source.file, 300)}`;
    return `• ${titleLink(source)}${file} · ${source.chunks} ${escapeMrkdwn(t(lang, 'chunks'))}${date}`;
  });
  const footer = [`${escapeMrkdwn(t(lang, 'indexBuilt'))}: ${escapeAndTruncate(reply.indexBuiltAt, 60)}`];
  if (reply.model) footer.push(`${escapeMrkdwn(t(lang, 'model'))}: ${escapeAndTruncate(reply.model, 200)}`);
  const blocks = assemble(
    reply,
    options,
    [header(`${heading} (${reply.sources.length})`)],
    [...linesToSections(lines).map((block) => [block]), [context(footer.join(' · '))]],
  );
  const plain = [`${heading} (${reply.sources.length})`, ...reply.sources.map((s) => `• ${s.title} (${s.file})`)];
  return { blocks, text: fallback(plain) };
}

function renderStatus(reply: StatusReply, options: RenderOptions): SlackMessage {
  const lang = reply.lang;
  const field = (label: string, value: string) => ({
    type: 'mrkdwn' as const,
    text: `*${escapeMrkdwn(label)}*\n${escapeAndTruncate(value, 1500)}`,
  });
  const fields = [
    field(t(lang, 'modeLabel'), reply.mode),
    field(t(lang, 'model'), reply.model ?? '—'),
    field(t(lang, 'indexBuilt'), reply.indexBuiltAt),
    field(t(lang, 'filesLabel'), String(reply.files)),
    field(t(lang, 'chunks'), String(reply.chunks)),
    field(t(lang, 'upSince'), reply.startedAt),
  ];
  const blocks = assemble(reply, options, [header(t(lang, 'statusHeading'))], [[{ type: 'section', fields }]]);
  const plain = [
    t(lang, 'statusHeading'),
    `${t(lang, 'modeLabel')}: ${reply.mode}`,
    `${t(lang, 'model')}: ${reply.model ?? '—'}`,
    `${t(lang, 'indexBuilt')}: ${reply.indexBuiltAt}`,
    `${t(lang, 'filesLabel')}: ${reply.files}, ${t(lang, 'chunks')}: ${reply.chunks}`,
    `${t(lang, 'upSince')}: ${reply.startedAt}`,
  ];
  return { blocks, text: fallback(plain) };
}

function renderHelp(reply: HelpReply, options: RenderOptions): SlackMessage {
  const lines = reply.entries.map((entry) => {
    const name = `/${options.commandPrefix}${entry.command.replace(/^\//, '')}`;
    return `*${escapeMrkdwn(name)}* — ${escapeAndTruncate(entry.description, 500)}`;
  });
  const blocks = assemble(
    reply,
    options,
    [header(t(reply.lang, 'helpHeading'))],
    linesToSections(lines).map((block) => [block]),
  );
  const plain = [
    t(reply.lang, 'helpHeading'),
    ...reply.entries.map((e) => `/${options.commandPrefix}${e.command.replace(/^\//, '')} — ${e.description}`),
  ];
  return { blocks, text: fallback(plain) };
}

/** A Reply as Block Kit blocks plus a plain `text` fallback, within every Slack limit. Pure. */
export function renderReply(reply: Reply, options: RenderOptions): SlackMessage {
  switch (reply.kind) {
    case 'answer':
      if (!reply.noAnswer && reply.passages.length === 0 && reply.offset > 0) return renderText(t(reply.lang, 'noMore'));
      if (reply.noAnswer || reply.passages.length === 0) return renderNoAnswer(reply);
      if (reply.command === 'quote') return renderQuote(reply, options);
      if (reply.command === 'brief') return renderBrief(reply, options);
      return renderAsk(reply, options);
    case 'sources':
      return renderSources(reply, options);
    case 'status':
      return renderStatus(reply, options);
    case 'help':
      return renderHelp(reply, options);
    case 'error':
      return renderText(reply.message);
  }
}

/** A short message with no buttons (errors, usage, thanks). */
export function renderText(message: string): SlackMessage {
  const text = escapeAndTruncate(message, LIMITS.sectionText);
  return { blocks: [section(text)], text };
}
