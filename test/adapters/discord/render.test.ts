import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMarkdown } from '../../../src/adapters/discord/escape.ts';
import { renderReply, type DiscordMessage } from '../../../src/adapters/discord/render.ts';
import { splitText } from '../../../src/present/cut.ts';
import { t } from '../../../src/present/strings.ts';
import type { ErrorReply, Reply } from '../../../src/answer/types.ts';
import { messageLimitProblems } from '../../fakes/discord/limits.ts';
import { answer, foldWhitespace, hasLoneSurrogate, passage, quotedText, source } from './helpers.ts';

function descriptions(messages: DiscordMessage[]): string[] {
  return messages.flatMap((message) => message.embeds.map((embed) => embed.description ?? ''));
}

function assertWithinLimits(messages: DiscordMessage[]): void {
  for (const message of messages) assert.deepEqual(messageLimitProblems(message), []);
}

/** Words of 3 to 11 letters with an occasional sentence end and emoji, deterministic. */
function longParagraph(words: number, seed = 7): string {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const out: string[] = [];
  for (let index = 0; index < words; index += 1) {
    const length = 3 + (next() % 9);
    let word = '';
    for (let letter = 0; letter < length; letter += 1) word += String.fromCharCode(97 + (next() % 26));
    if (next() % 17 === 0) word += ' 🎉';
    if (next() % 12 === 0) word += '.';
    out.push(word);
  }
  return `${out.join(' ')}.`;
}

describe('Discord rendering of an answer', () => {
  it('quotes the passage with its best sentence in bold and a citation line with title, file, ¶ and link', () => {
    const text = 'The forum met in Bucharest. It was organised by the Alliance and industry. Many attended.';
    const reply = answer([
      passage(text, {
        highlight: 'It was organised by the Alliance and industry.',
        source: source({ title: 'Forum notes', file: 'notes/forum.md', paragraph: 4, url: 'https://example.org/forum' }),
      }),
    ]);
    const { messages, ephemeral } = renderReply(reply);
    assert.equal(ephemeral, false);
    assert.equal(messages.length, 1);
    const [description] = descriptions(messages);
    assert.ok(description);
    assert.match(description, /^> The forum met in Bucharest\. \*\*It was organised by the Alliance and industry\.\*\* Many attended\.$/m);
    assert.match(description, /^— \*\[Forum notes\]\(https:\/\/example\.org\/forum\)\* · `notes\/forum\.md` · ¶ 4$/m);
    assert.equal(foldWhitespace(quotedText(description)), text);
    assert.match(messages[0]?.content ?? '', /What the corpus says/);
    assertWithinLimits(messages);
  });

  it('escapes corpus markdown so it cannot format, link, quote or render mentions', () => {
    const text = [
      '# Not a heading',
      '-# not subtext',
      '> not a quote',
      '- not a list',
      '**not bold** __not underlined__ ~~not struck~~ ||not a spoiler|| `not code`',
      '[not a link](https://evil.example) <@123> <@&456> <#789> <t:1700000000:R> @everyone',
      'Keep https://example.org/a_b_c as a link.',
    ].join('\n');
    const { messages } = renderReply(answer([passage(text, { highlight: 'Keep https://example.org/a_b_c as a link.' })]));
    const [description] = descriptions(messages);
    assert.ok(description);
    const lines = description.split('\n');
    assert.ok(lines.includes('> \\# Not a heading'));
    assert.ok(lines.includes('> \\-# not subtext'));
    assert.ok(lines.includes('> \\> not a quote'));
    assert.ok(lines.includes('> \\- not a list'));
    assert.ok(description.includes('\\*\\*not bold\\*\\*'));
    assert.ok(description.includes('\\|\\|not a spoiler\\|\\|'));
    assert.ok(description.includes('\\`not code\\`'));
    assert.ok(description.includes('\\[not a link\\](https://evil.example)'));
    assert.ok(description.includes('\\<@123>') && description.includes('\\<@&456>') && description.includes('\\<#789>'));
    assert.ok(description.includes('\\<t:1700000000:R>'));
    assert.ok(description.includes('**Keep https://example.org/a_b_c as a link.**'), 'URLs stay clickable');
    assert.equal(foldWhitespace(quotedText(description)), foldWhitespace(text));
  });

  it('splits an answer far over the limits into embeds and messages within every limit, never mid-word', () => {
    const texts = [longParagraph(1800, 1), longParagraph(900, 2), longParagraph(2500, 3)];
    const reply = answer(
      texts.map((text, index) =>
        passage(text, { rank: index + 1, highlight: text.slice(0, text.indexOf('.') + 1), chunkIds: [`long.txt#${index}`] }),
      ),
      { hasMore: true },
    );
    const { messages } = renderReply(reply, { buttonKey: 'k3y' });
    assert.ok(messages.length > 1, 'several messages');
    assertWithinLimits(messages);
    for (const message of messages) assert.ok(!hasLoneSurrogate(JSON.stringify(message.embeds)) && !hasLoneSurrogate(message.content));
    // Buttons only under the last message.
    assert.deepEqual(
      messages.map((message) => message.components.length),
      [...messages.slice(1).map(() => 0), 1],
    );
    // Every passage comes back whole: pieces joined with a space give the text, so cuts fell on spaces.
    const all = descriptions(messages);
    let cursor = 0;
    for (const text of texts) {
      const pieces: string[] = [];
      for (; cursor < all.length; cursor += 1) {
        const description = all[cursor] as string;
        pieces.push(quotedText(description));
        if (/^— /m.test(description)) {
          cursor += 1;
          break;
        }
      }
      assert.ok(pieces.length > 1, 'the long passage was split');
      assert.equal(foldWhitespace(pieces.join(' ')), foldWhitespace(text));
    }
  });

  it('cuts a single word longer than an embed between characters, never inside a surrogate pair', () => {
    const word = '😀'.repeat(5000);
    const { messages } = renderReply(answer([passage(word, { highlight: word })]));
    assertWithinLimits(messages);
    const all = descriptions(messages);
    assert.ok(all.length >= 3);
    for (const description of all) assert.ok(!hasLoneSurrogate(description));
    assert.equal(all.map((description) => quotedText(description)).join(''), word);
  });

  it('adds More and feedback buttons with short custom ids, More only when there is more', () => {
    const withMore = renderReply(answer([passage('One sentence.')], { hasMore: true }), { buttonKey: 'abcDEF123_-x' });
    const row = withMore.messages[0]?.components[0];
    const ids = row?.components.map((button) => ('custom_id' in button ? button.custom_id : ''));
    assert.deepEqual(ids, ['citebot:more:abcDEF123_-x', 'citebot:up:abcDEF123_-x', 'citebot:down:abcDEF123_-x']);
    for (const id of ids ?? []) assert.ok(id.length <= 100);
    const noMore = renderReply(answer([passage('One sentence.')], { hasMore: false }), { buttonKey: 'k' });
    assert.equal(noMore.messages[0]?.components[0]?.components.length, 2);
    assert.deepEqual(renderReply(answer([passage('One sentence.')])).messages[0]?.components, []);
  });

  it('says when the corpus does not cover a question, in the user’s language, with the closest topics', () => {
    const reply = answer([], {
      lang: 'fr',
      noAnswer: true,
      query: 'recette de la tarte aux pommes',
      suggestions: [
        { title: 'Forum OTAN-industrie', file: 'forum.md', opening: null },
        { title: '*Dépenses* de défense', file: 'budget.md', opening: null },
      ],
    });
    const { messages } = renderReply(reply, { buttonKey: 'k' });
    assert.equal(messages.length, 1);
    const content = messages[0]?.content ?? '';
    assert.match(content, /Le corpus ne semble pas traiter de cette question/);
    assert.match(content, /^- \*\*Forum OTAN-industrie\*\* \(`forum\.md`\)$/m);
    assert.match(content, /\\\*Dépenses\\\* de défense/);
    assert.deepEqual(messages[0]?.components, [], 'no buttons under a no-answer');
  });

  it('a no-answer with long topic names drops whole topics to keep its last line, the search mode', () => {
    const suggestions = Array.from({ length: 8 }, (_, n) => ({ title: `${'Très long titre de document '.repeat(8)}${n}`, file: `${'dossier/'.repeat(12)}page-${n}.md`, opening: null }));
    const content = renderReply(answer([], { noAnswer: true, mode: 'lexical-only', lang: 'fr', suggestions }), { buttonKey: 'k' }).messages[0]?.content ?? '';
    assert.ok(content.length <= 2000);
    assert.ok(content.endsWith(`-# ${escapeMarkdown(t('fr', 'lexicalOnlyShort'), false)}`), content.slice(-200));
    assert.match(content, /^- .*page-0\.md`\)$/m, 'at least the first topic');
    for (const line of content.split('\n').filter((line) => line.startsWith('- '))) assert.match(line, /\.md`\)$/, 'no topic cut in the middle');
  });

  it('shows lexical-only search as one short line in the reader’s language, never the reason', () => {
    const english = renderReply(answer([passage('A sentence.')], { mode: 'lexical-only' })).messages[0]?.embeds[0];
    assert.equal(english?.footer?.text, t('en', 'lexicalOnlyShort'));
    const french = renderReply(answer([passage('Une phrase.')], { mode: 'lexical-only', lang: 'fr' })).messages[0]?.embeds[0];
    assert.equal(french?.footer?.text, t('fr', 'lexicalOnlyShort'));
  });

  it('renders a quote with its speaker and a brief grouped by source, within limits', () => {
    const quoteSource = source({ title: 'Press conference', file: 'press.md', paragraph: 2 });
    const quote = renderReply(
      answer([passage('He said: « Romania is committed. »')], {
        command: 'quote',
        lang: 'fr',
        quote: { text: 'Romania is committed.', isQuotation: true, speaker: 'Mark Rutte', source: quoteSource, start: 0, end: 21 },
      }),
    );
    const quoteText = descriptions(quote.messages)[0] ?? '';
    assert.match(quoteText, /^> « \*\*Romania is committed\.\*\* »$/m);
    assert.match(quoteText, /Mark Rutte/);
    assert.match(quoteText, /— \*Press conference\* · `press\.md` · ¶ 2/);

    const groupSource = { file: 'a.md', title: 'A', url: null, date: '2025-11-06' };
    const brief = renderReply(
      answer([passage('First point.'), passage('Second point.')], {
        command: 'brief',
        groups: [
          { source: groupSource, passages: [passage('First point.'), passage(longParagraph(1500, 9))] },
          { source: { ...groupSource, file: 'b.md', title: 'B' }, passages: [passage('Second point.')] },
        ],
      }),
    );
    assertWithinLimits(brief.messages);
    const briefText = descriptions(brief.messages).join('\n');
    assert.match(briefText, /^\*\*A\*\* · `a\.md` · 2025-11-06$/m);
    assert.match(briefText, /^\*\*B\*\* · `b\.md` · 2025-11-06$/m);
    assert.match(briefText, /^— ¶ 2$/m);
    assert.match(brief.messages[0]?.content ?? '', /Briefing/);
  });

  it('renders errors as short messages meant for the asker only, and sources/status/help within limits', () => {
    const base = { lang: 'en', mode: 'lexical-only' } as const;
    const error: ErrorReply = { ...base, kind: 'error', code: 'empty', command: 'quote', textOption: 'topic' };
    const rendered = renderReply(error);
    assert.equal(rendered.ephemeral, true);
    assert.equal(rendered.messages[0]?.content, `⚠️ ${t('en', 'emptyText', { usage: '/quote topic: …' })}`);

    const many = Array.from({ length: 400 }, (_, index) => ({
      file: `folder/file-${index}.md`,
      title: `A fairly long document title number ${index}`,
      url: index % 2 ? `https://example.org/doc/${index}` : null,
      date: null,
      chunks: index,
      opening: null,
    }));
    const replies: Reply[] = [
      { ...base, kind: 'sources', sources: many, indexBuiltAt: '2025-11-06T10:00:00Z', model: null },
      {
        ...base,
        kind: 'status',
        modeReason: 'no model',
        model: null,
        indexBuiltAt: '2025-11-06T10:00:00Z',
        files: 5,
        chunks: 70,
        skipped: Array.from({ length: 60 }, (_, n) => `scans/report-${n}.pdf has no text layer (a scan?): skipped`),
        startedAt: '2025-11-06T10:00:00Z',
      },
      { ...base, kind: 'help', entries: [{ command: 'ask', textOption: 'question', description: 'Ask the corpus' }] },
    ];
    for (const reply of replies) {
      const { messages, ephemeral } = renderReply(reply);
      assert.equal(ephemeral, true);
      assertWithinLimits(messages);
    }
    const sources = renderReply(replies[0] as Reply).messages;
    assert.ok(sources.length > 1, '400 sources need several messages');
    assert.equal(descriptions(sources).join('\n').split('\n').length, 400);
  });
});

describe('Discord text helpers', () => {
  it('splits plain text at sentence ends or spaces within the limit', () => {
    const text = 'First sentence here. Second sentence is a bit longer. Third.';
    const pieces = splitText(text, 30);
    for (const piece of pieces) assert.ok(piece.length <= 30);
    assert.deepEqual(pieces, ['First sentence here.', 'Second sentence is a bit', 'longer. Third.']);
  });

  it('escapes only what formats, and line-start markers only at a line start', () => {
    assert.equal(escapeMarkdown('1. item'), '1\\. item');
    assert.equal(escapeMarkdown('1. item', false), '1. item');
    assert.equal(escapeMarkdown('plain words, 3.5 km'), 'plain words, 3.5 km');
  });
});
