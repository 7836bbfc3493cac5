import type { types } from '@slack/bolt';
import { scheduledTime } from '../../present/dates.ts';
import { t } from '../../present/strings.ts';
import type { BriefingReply, BriefingTopic } from '../../briefings/types.ts';
import type { Passage } from '../../search/types.ts';
import { bold, escapeAndTruncate, escapeMrkdwn, formatQuote, splitForQuote, truncateRaw } from './mrkdwn.ts';
import {
  LIMITS,
  type SlackMessage,
  citation,
  context,
  fallback,
  header,
  modeBlocks,
  plainCitation,
  section,
} from './render.ts';

/** Blocks kept together on one message, with their lines for the plain `text` fallback. */
interface Group {
  blocks: types.KnownBlock[];
  plain: string[];
}

function isNew(reply: BriefingReply, passage: Passage): boolean {
  const first = passage.chunkIds[0];
  return first !== undefined && reply.newChunkIds.includes(first);
}

/** The passage's best sentence only, quoted verbatim (split over sections only if it is huge), then its citation. */
function passageGroup(reply: BriefingReply, passage: Passage): Group {
  const highlight = passage.highlight.trim();
  const quotes = splitForQuote(highlight, LIMITS.sectionText).map(([start, end]) =>
    section(formatQuote(highlight.slice(start, end), 0, 0)),
  );
  const fresh = isNew(reply, passage);
  const mark = t(reply.lang, 'newMark');
  const cite = fresh ? `${bold(mark)} · ${citation(passage.source)}` : citation(passage.source);
  return {
    blocks: [...quotes, context(cite)],
    plain: [`  “${highlight}” — ${plainCitation(passage.source)}${fresh ? ` (${mark})` : ''}`],
  };
}

function topicGroups(reply: BriefingReply, topic: BriefingTopic): Group[] {
  const heading = bold(truncateRaw(topic.topic, 200));
  if (topic.noAnswer || topic.passages.length === 0) {
    const none = t(reply.lang, 'briefingTopicNoAnswer');
    return [
      {
        blocks: [{ type: 'divider' }, section(`${heading}\n_${escapeMrkdwn(none)}_`)],
        plain: [topic.topic, `  ${none}`],
      },
    ];
  }
  const [first, ...rest] = topic.passages.map((passage) => passageGroup(reply, passage));
  // The topic's heading travels with its first passage so that no message ends on a bare heading.
  const opening: Group = {
    blocks: [{ type: 'divider' }, section(heading), ...(first?.blocks ?? [])],
    plain: [topic.topic, ...(first?.plain ?? [])],
  };
  return [opening, ...rest];
}

/**
 * A briefing as one or more Slack messages, each within Block Kit's limits (≤ 50 blocks, header ≤ 150,
 * sections ≤ 3000) and with its own plain fallback: the heading (name, date and time in the briefing's zone
 * and language, topics) on the first, "(continued)" on the next ones, the lexical-only note on the last.
 * Corpus text is escaped; no buttons, no links other than the sources' own.
 */
export function renderBriefing(reply: BriefingReply): SlackMessage[] {
  const lang = reply.lang;
  const title = `${t(lang, 'briefHeading')} — ${reply.name}`;
  const when = scheduledTime(reply.scheduledFor, reply.timezone, lang);
  const topicList = reply.topics.map((topic) => topic.topic);
  const topicsLabel = `${t(lang, 'topicsLabel')}${lang === 'fr' ? ' : ' : ': '}`;

  const firstHead: Group = { blocks: [header(title)], plain: [title] };
  if (reply.preview) {
    firstHead.blocks.push(context(`👁️ ${bold(t(lang, 'previewMark'))}`));
    firstHead.plain.push(t(lang, 'previewMark'));
  }
  firstHead.blocks.push(
    context(
      escapeAndTruncate(when, 300),
      `${escapeMrkdwn(topicsLabel)}${topicList.map((topic) => escapeAndTruncate(topic, 200)).join(' · ')}`,
    ),
  );
  firstHead.plain.push(when, `${topicsLabel}${topicList.join(' · ')}`);
  const continuedTitle = `${title} ${t(lang, 'continued')}`;
  const nextHead = (): Group => ({ blocks: [header(continuedTitle)], plain: [continuedTitle] });

  const tail = modeBlocks(reply);
  const budget = LIMITS.blocks - tail.length;
  const pages: Group[] = [];
  let page = firstHead;
  let pageHasContent = false;
  for (const group of reply.topics.flatMap((topic) => topicGroups(reply, topic))) {
    if (pageHasContent && page.blocks.length + group.blocks.length > budget) {
      pages.push(page);
      page = nextHead();
      pageHasContent = false;
    }
    // A single group never comes near 50 blocks; cut it rather than let Slack refuse the message.
    page.blocks.push(...group.blocks.slice(0, budget - page.blocks.length));
    page.plain.push(...group.plain);
    pageHasContent = true;
  }
  page.blocks.push(...tail);
  pages.push(page);
  return pages.map((each) => ({ blocks: each.blocks, text: fallback(each.plain) }));
}
