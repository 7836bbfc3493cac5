import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BriefingReply, BriefingTopic } from '../../../src/briefings/types.ts';
import type { Passage, SourceRef } from '../../../src/search/types.ts';
import { renderBriefing } from '../../../src/adapters/slack/render-briefing.ts';
import { scheduledTime } from '../../../src/present/dates.ts';
import { t } from '../../../src/present/strings.ts';
import { type Block, contextTexts, quoteSections, unquote } from './harness.ts';

function source(file: string, overrides: Partial<SourceRef> = {}): SourceRef {
  return { file, title: file.replace(/\.md$/, ''), url: null, date: null, paragraph: 3, line: 5, start: 0, end: 100, ...overrides };
}

let nextChunk = 0;
function passage(text: string, highlight: string, file = 'notes/a.md'): Passage {
  const highlightStart = text.indexOf(highlight);
  assert.ok(highlightStart >= 0);
  nextChunk += 1;
  return {
    rank: 1,
    chunkIds: [`chunk-${nextChunk}`, `chunk-${nextChunk}-b`],
    text,
    highlight,
    highlightStart,
    highlightEnd: highlightStart + highlight.length,
    score: 0.7,
    source: source(file),
  };
}

function briefing(topics: BriefingTopic[], overrides: Partial<BriefingReply> = {}): BriefingReply {
  return {
    kind: 'briefing',
    lang: 'en',
    mode: 'dense+lexical',
    name: 'morning',
    scheduledFor: '2026-11-23T07:00:00.000Z',
    timezone: 'Europe/Paris',
    topics,
    newChunkIds: [],
    nothingNew: true,
    preview: false,
    ...overrides,
  };
}

function headerOf(blocks: Block[]): string {
  const first = blocks[0];
  assert.equal(first?.type, 'header');
  return first?.text?.text ?? '';
}

function assertWithinLimits(message: { blocks: unknown[]; text: string }): void {
  assert.ok(message.blocks.length <= 50, `${message.blocks.length} blocks`);
  assert.ok(message.text.length > 0 && message.text.length <= 3000);
  for (const block of message.blocks as Block[]) {
    if (block.type === 'header') assert.ok((block.text?.text.length ?? 0) <= 150);
    if (block.type === 'section') assert.ok((block.text?.text.length ?? 0) <= 3000);
    if (block.type === 'actions') assert.fail('a briefing has no buttons');
  }
}

describe('Slack briefing rendering', () => {
  const rutte = passage(
    'Le sommet a duré deux jours. Mark Rutte a rencontré le président roumain à Bucarest. Les discussions ont porté sur la défense.',
    'Mark Rutte a rencontré le président roumain à Bucarest.',
    'news/visite.md',
  );
  const purl = passage('PURL finance des achats. Le mécanisme a livré ses premières munitions.', 'Le mécanisme a livré ses premières munitions.', 'news/purl.md');

  test('the time is shown in the briefing’s zone and language', () => {
    // Punctuation varies a little between ICU versions; the words and the local time do not.
    assert.match(scheduledTime('2026-11-23T07:00:00.000Z', 'Europe/Paris', 'fr'), /^lundi 23 novembre 2026\D+08:00 \(Europe\/Paris\)$/);
    assert.match(scheduledTime('2026-11-23T07:00:00.000Z', 'America/New_York', 'en'), /^Monday,? 23 November 2026\D+02:00 \(America\/New_York\)$/);
  });

  test('heading with name, local date and topics; each passage quoted by its best sentence only, with citation and new mark', () => {
    const reply = briefing(
      [
        { topic: 'Roumanie', noAnswer: false, passages: [rutte] },
        { topic: 'PURL', noAnswer: false, passages: [purl] },
      ],
      { lang: 'fr', newChunkIds: [purl.chunkIds[0] ?? ''], nothingNew: false },
    );
    const messages = renderBriefing(reply);
    assert.equal(messages.length, 1);
    const message = messages[0]!;
    assertWithinLimits(message);
    assert.equal(headerOf(message.blocks as Block[]), 'Synthèse — morning');
    const contexts = contextTexts(message as unknown as Record<string, unknown>);
    assert.ok(contexts.some((text) => /^lundi 23 novembre 2026\D+08:00 \(Europe\/Paris\)$/.test(text)), 'local date and zone');
    assert.ok(contexts.includes('Sujets : Roumanie · PURL'));

    const quotes = quoteSections(message as unknown as Record<string, unknown>).map(unquote);
    assert.deepEqual(quotes, [rutte.highlight, purl.highlight], 'the highlight sentences, verbatim, not the whole passages');
    const citations = contexts.filter((text) => text.includes('¶ 3'));
    assert.equal(citations.length, 2);
    assert.ok(!citations[0]?.includes('🆕'), 'an unchanged source is not marked');
    assert.ok(citations[0]?.includes('news/visite.md'));
    assert.ok(citations[1]?.startsWith('*🆕 nouveau* · '), 'the passage from a changed file is marked new');
    assert.ok(message.text.includes('🆕 nouveau'), 'the fallback carries the mark too');
    const sections = (message.blocks as Block[]).filter((block) => block.type === 'section').map((block) => block.text?.text);
    assert.ok(sections.includes('*Roumanie*') && sections.includes('*PURL*'), 'one sub-heading per topic');
  });

  test('a topic without an answer says so in one line; lexical-only mode is stated; a preview is marked', () => {
    const reply = briefing(
      [
        { topic: 'cookies', noAnswer: true, passages: [] },
        { topic: 'PURL', noAnswer: false, passages: [purl] },
      ],
      { mode: 'lexical-only', preview: true },
    );
    const [message] = renderBriefing(reply);
    assert.ok(message);
    assertWithinLimits(message);
    const blocks = message.blocks as Block[];
    assert.ok(blocks.some((block) => block.type === 'section' && block.text?.text === '*cookies*\n_Nothing in the corpus on this topic._'));
    const contexts = contextTexts(message as unknown as Record<string, unknown>);
    assert.ok(contexts.some((text) => text.includes('Preview (shown to you only; nothing was posted)')));
    assert.equal(contexts.at(-1), t('en', 'lexicalOnlyShort'), 'the short mode line closes the message, without server paths');
  });

  test('corpus text and topics are escaped: nothing pings or forges a link', () => {
    const hostile = passage('Intro. Ping <!channel> and <@U123> & see <http://evil|here>. End.', 'Ping <!channel> and <@U123> & see <http://evil|here>.');
    const [message] = renderBriefing(briefing([{ topic: '<!here> news', noAnswer: false, passages: [hostile] }]));
    assert.ok(message);
    const raw = JSON.stringify(message);
    assert.ok(!raw.includes('<!channel>') && !raw.includes('<@U123>') && !raw.includes('<!here>') && !raw.includes('<http://evil'));
    assert.deepEqual(quoteSections(message as unknown as Record<string, unknown>).map(unquote), [hostile.highlight]);
  });

  test('a long briefing is split over several messages within the limits, each passage once, in order', () => {
    const topics: BriefingTopic[] = [];
    const highlights: string[] = [];
    for (let topicIndex = 0; topicIndex < 10; topicIndex += 1) {
      const passages: Passage[] = [];
      for (let item = 0; item < 10; item += 1) {
        const sentence = `Topic ${topicIndex} item ${item} says something quotable & precise about it.`;
        highlights.push(sentence);
        passages.push(passage(`Before. ${sentence} After.`, sentence, `files/t${topicIndex}-${item}.md`));
      }
      topics.push({ topic: `topic ${topicIndex}`, noAnswer: false, passages });
    }
    const messages = renderBriefing(briefing(topics, { mode: 'lexical-only' }));
    assert.ok(messages.length >= 5, `${messages.length} messages`);
    for (const message of messages) assertWithinLimits(message);
    assert.equal(headerOf(messages[0]!.blocks as Block[]), 'Briefing — morning');
    for (const message of messages.slice(1)) assert.equal(headerOf(message.blocks as Block[]), 'Briefing — morning (continued)');
    const shown = messages.flatMap((message) => quoteSections(message as unknown as Record<string, unknown>).map(unquote));
    assert.deepEqual(shown, highlights);
    for (const message of messages) {
      const blocks = message.blocks as Block[];
      const last = blocks.at(-1);
      assert.ok(!(last?.type === 'section' && /^\*topic \d\*$/.test(last.text?.text ?? '')), 'no message ends on a bare topic heading');
    }
    const modeLines = messages.map((message) => contextTexts(message as unknown as Record<string, unknown>).filter((text) => text === t('en', 'lexicalOnlyShort')).length);
    assert.deepEqual(modeLines, [...messages.slice(1).map(() => 0), 1], 'the mode line once, at the end');
  });
});
