import type { types } from '@slack/bolt';
import type { AnswerReply, HelpReply, Reply, SourcesReply, StatusReply } from '../../answer/types.ts';
import { citationOf, derivedTitle, documentLabel, titleIsFileName, type CitationSource } from '../../present/citation.ts';
import { errorText } from '../../present/errors.ts';
import { buttonsFor, followupFor, type Followup } from '../../present/followups.ts';
import { answerHeading, followUpLine } from '../../present/headings.ts';
import { modeName, modeNotice } from '../../present/mode.ts';
import { answerShape, renderWith, type AnswerShape } from '../../present/reply-shape.ts';
import { t } from '../../present/strings.ts';
import { commandUsage } from '../../present/usage.ts';
import type { Lang } from '../../text/lang.ts';
import type { Passage } from '../../search/types.ts';
import { bold, escapeAndTruncate, escapeMrkdwn, formatQuote, mrkdwnLink, splitForQuote, truncatePlain, truncateRaw } from './mrkdwn.ts';

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
  /** The reader may see why search is lexical-only (server folders): /status for admins. */
  showModeReason?: boolean;
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

/** The title (its breadcrumb) linked to the quoted words when the source has a web URL, else bold; the file name when there is no title. */
function titleLink(source: CitationSource): string {
  const citation = citationOf(source);
  const label = citation.title ?? citation.file;
  return citation.link ? mrkdwnLink(citation.link, label) : bold(truncateRaw(label, 200));
}

/** "Title › Section · file · p. 12 · ¶ 3 · 2024-05-01", the title linked when the source has a web URL. */
export function citation(source: CitationSource): string {
  const parts = [titleLink(source)];
  if (!titleIsFileName(source)) parts.push(escapeAndTruncate(source.file, 300));
  if (source.page !== undefined) parts.push(`p. ${source.page}`);
  if (source.paragraph !== undefined) parts.push(`¶ ${source.paragraph}`);
  const { date } = citationOf(source);
  if (date) parts.push(escapeAndTruncate(date, 40));
  return parts.join(' · ');
}

/** The citation in the plain fallback text: "Title (file, ¶ 3)". */
export function plainCitation(source: CitationSource): string {
  const { title } = citationOf(source);
  const page = source.page === undefined ? '' : `, p. ${source.page}`;
  const where = source.paragraph === undefined ? `${source.file}${page}` : `${source.file}${page}, ¶ ${source.paragraph}`;
  return title === null ? where : `${title} (${where})`;
}

/** The passage quoted with its best sentence in bold, split into ≤ 3000-character sections. */
export function passageSections(passage: Passage): types.SectionBlock[] {
  return splitForQuote(passage.text, LIMITS.sectionText).map(([start, end]) =>
    section(formatQuote(passage.text.slice(start, end), passage.highlightStart - start, passage.highlightEnd - start)),
  );
}

/** The short lexical-only line, in the reader's language (never the reason: it names server folders). */
export function modeBlocks(reply: { lang: Lang; mode: Reply['mode'] }): types.KnownBlock[] {
  const notice = modeNotice(reply);
  return notice ? [context(escapeMrkdwn(notice))] : [];
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

function actionsBlock(reply: Reply, options: RenderOptions): types.ActionsBlock | null {
  const followup = followupFor(reply);
  if (!followup) return null;
  const value = options.encodeButton(followup);
  const wanted = buttonsFor(reply, options.ephemeral);
  const elements: types.Button[] = [];
  if (wanted.more) elements.push(button(ACTION_IDS.more, t(reply.lang, 'more'), value));
  if (wanted.votes) {
    elements.push(button(ACTION_IDS.voteUp, `👍 ${t(reply.lang, 'helpful')}`, value));
    elements.push(button(ACTION_IDS.voteDown, `👎 ${t(reply.lang, 'notHelpful')}`, value));
  }
  if (wanted.share) elements.push(button(ACTION_IDS.share, t(reply.lang, 'shareInChannel'), value, 'primary'));
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
  const followUp = followUpLine(reply);
  if (followUp) {
    const inner = renderNoAnswer({ ...reply, followsUp: null });
    return { blocks: [context(`↳ ${escapeMrkdwn(followUp)}`), ...inner.blocks], text: `↳ ${escapeMrkdwn(followUp)}\n${inner.text}` };
  }
  if (reply.suggestions.length === 0) {
    const text = t(lang, 'noAnswerNoSuggestions');
    return { blocks: [section(escapeMrkdwn(text)), ...modeBlocks(reply)], text: escapeMrkdwn(text) };
  }
  const intro = t(lang, 'noAnswer');
  const lines = reply.suggestions.slice(0, 10).map((topic) => `• ${escapeAndTruncate(documentLabel(topic, lang), 500)}`);
  const blocks = [...linesToSections([escapeMrkdwn(intro), ...lines]), ...modeBlocks(reply)];
  const plain = [intro, ...reply.suggestions.slice(0, 10).map((topic) => `• ${documentLabel(topic, lang)}`)];
  return { blocks, text: fallback(plain) };
}

function passageGroup(passage: Passage): types.KnownBlock[] {
  return [...passageSections(passage), context(citation(passage.source))];
}

function renderAsk(reply: AnswerReply, options: RenderOptions): SlackMessage {
  const heading = answerHeading(reply);
  const followUp = followUpLine(reply);
  const blocks = assemble(
    reply,
    options,
    [header(`${heading} — ${reply.query}`), ...(followUp ? [context(`↳ ${escapeMrkdwn(followUp)}`)] : [])],
    reply.passages.map(passageGroup),
  );
  const plain = [
    `${heading} — ${reply.query}`,
    ...(followUp ? [`↳ ${followUp}`] : []),
    ...reply.passages.map((passage) => `“${passage.highlight.trim()}” — ${plainCitation(passage.source)}`),
  ];
  return { blocks, text: fallback(plain) };
}

function renderQuote(reply: AnswerReply, options: RenderOptions): SlackMessage {
  const quote = reply.quote;
  if (!quote) return renderAsk(reply, options);
  const heading = answerHeading(reply);
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
  const heading = answerHeading(reply);
  const groups = reply.groups ?? [];
  if (groups.length === 0) return renderAsk(reply, options);
  const blockGroups: types.KnownBlock[][] = [];
  for (const group of groups) {
    const date = group.source.date ? ` · ${escapeAndTruncate(group.source.date, 40)}` : '';
    const file = titleIsFileName(group.source) ? '' : ` · ${escapeAndTruncate(group.source.file, 300)}`;
    blockGroups.push([section(`${titleLink(group.source)}${file}${date}`)]);
    for (const passage of group.passages) {
      blockGroups.push([...passageSections(passage), context(`¶ ${passage.source.paragraph}`)]);
    }
  }
  const blocks = assemble(reply, options, [header(`${heading} — ${reply.query}`)], blockGroups);
  const plain = [`${heading} — ${reply.query}`];
  for (const group of groups) {
    plain.push(documentLabel(group.source, reply.lang));
    for (const passage of group.passages) plain.push(`  “${passage.highlight.trim()}” (¶ ${passage.source.paragraph})`);
  }
  return { blocks, text: fallback(plain) };
}

function renderSources(reply: SourcesReply, options: RenderOptions): SlackMessage {
  const lang = reply.lang;
  const heading = t(lang, 'sourcesHeading');
  const lines = reply.sources.map((source) => {
    const date = source.date ? ` · ${escapeAndTruncate(source.date, 40)}` : '';
    const derived = derivedTitle(source, lang);
    const name = derived === null ? titleLink(source) : `_${escapeAndTruncate(derived, 200)}_`;
    const file = titleIsFileName(source) && derived === null ? '' : ` · ${escapeAndTruncate(source.file, 300)}`;
    return `• ${name}${file} · ${source.chunks} ${escapeMrkdwn(t(lang, 'chunks'))}${date}`;
  });
  const footer = [`${escapeMrkdwn(t(lang, 'indexBuilt'))}: ${escapeAndTruncate(reply.indexBuiltAt, 60)}`];
  if (reply.model) footer.push(`${escapeMrkdwn(t(lang, 'model'))}: ${escapeAndTruncate(reply.model, 200)}`);
  const blocks = assemble(
    reply,
    options,
    [header(`${heading} (${reply.sources.length})`)],
    [...linesToSections(lines).map((block) => [block]), [context(footer.join(' · '))]],
  );
  const plain = [`${heading} (${reply.sources.length})`, ...reply.sources.map((source) => `• ${documentLabel(source, lang)}`)];
  return { blocks, text: fallback(plain) };
}

function renderStatus(reply: StatusReply, options: RenderOptions): SlackMessage {
  const lang = reply.lang;
  const field = (label: string, value: string) => ({
    type: 'mrkdwn' as const,
    text: `*${escapeMrkdwn(label)}*\n${escapeAndTruncate(value, 1500)}`,
  });
  const reason = options.showModeReason && reply.modeReason ? reply.modeReason : null;
  const fields = [
    field(t(lang, 'modeLabel'), modeName(reply.mode, lang)),
    ...(reason ? [field(t(lang, 'modeReasonLabel'), reason)] : []),
    field(t(lang, 'model'), reply.model ?? '—'),
    field(t(lang, 'indexBuilt'), reply.indexBuiltAt),
    field(t(lang, 'filesLabel'), String(reply.files)),
    field(t(lang, 'chunks'), String(reply.chunks)),
    ...(reply.skipped.length > 0 ? [field(`${t(lang, 'skippedLabel')} (${reply.skipped.length})`, reply.skipped.map((why) => `• ${why}`).join('\n'))] : []),
    field(t(lang, 'upSince'), reply.startedAt),
  ];
  const blocks = assemble(reply, options, [header(t(lang, 'statusHeading'))], [[{ type: 'section', fields }]]);
  const plain = [
    t(lang, 'statusHeading'),
    `${t(lang, 'modeLabel')}: ${modeName(reply.mode, lang)}`,
    ...(reason ? [`${t(lang, 'modeReasonLabel')}: ${reason}`] : []),
    `${t(lang, 'model')}: ${reply.model ?? '—'}`,
    `${t(lang, 'indexBuilt')}: ${reply.indexBuiltAt}`,
    `${t(lang, 'filesLabel')}: ${reply.files}, ${t(lang, 'chunks')}: ${reply.chunks}`,
    ...(reply.skipped.length > 0 ? [`${t(lang, 'skippedLabel')}: ${reply.skipped.length}`] : []),
    `${t(lang, 'upSince')}: ${reply.startedAt}`,
  ];
  return { blocks, text: fallback(plain) };
}

function renderHelp(reply: HelpReply, options: RenderOptions): SlackMessage {
  const usage = (entry: HelpReply['entries'][number]) =>
    commandUsage('slack', { name: entry.command, textOption: entry.textOption }, reply.lang, options.commandPrefix);
  const lines = reply.entries.map((entry) => `*${escapeMrkdwn(usage(entry))}* — ${escapeAndTruncate(entry.description, 500)}`);
  const blocks = assemble(
    reply,
    options,
    [header(t(reply.lang, 'helpHeading'))],
    linesToSections(lines).map((block) => [block]),
  );
  const plain = [
    t(reply.lang, 'helpHeading'),
    ...reply.entries.map((entry) => `${usage(entry)} — ${entry.description}`),
  ];
  return { blocks, text: fallback(plain) };
}

/** A Reply as Block Kit blocks plus a plain `text` fallback, within every Slack limit. Pure. */
export function renderReply(reply: Reply, options: RenderOptions): SlackMessage {
  return renderWith<SlackMessage>(reply, {
    answer: (answer) => renderAnswer(answer, options),
    sources: (sources) => renderSources(sources, options),
    status: (status) => renderStatus(status, options),
    help: (help) => renderHelp(help, options),
    error: (error) => renderText(errorText(error, 'slack', options.commandPrefix)),
  });
}

function renderAnswer(reply: AnswerReply, options: RenderOptions): SlackMessage {
  const renderers: Record<AnswerShape, () => SlackMessage> = {
    'no-more': () => {
      const text = escapeMrkdwn(t(reply.lang, 'noMore'));
      return { blocks: [section(text), ...modeBlocks(reply)], text };
    },
    'no-answer': () => renderNoAnswer(reply),
    quote: () => renderQuote(reply, options),
    brief: () => renderBrief(reply, options),
    passages: () => renderAsk(reply, options),
  };
  return renderers[answerShape(reply)]();
}

/** A short message with no buttons (errors, usage, thanks). */
export function renderText(message: string): SlackMessage {
  const text = escapeAndTruncate(message, LIMITS.sectionText);
  return { blocks: [section(text)], text };
}
