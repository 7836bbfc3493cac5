import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnswerReply, Reply } from '../../../src/answer/types.ts';
import type { Passage, SourceRef } from '../../../src/search/types.ts';
import { EventDedupe } from '../../../src/adapters/slack/dedupe.ts';
import { slackTextToPlain } from '../../../src/adapters/slack/incoming-text.ts';
import { escapeMrkdwn, formatQuote, mrkdwnLink, truncateRaw } from '../../../src/adapters/slack/mrkdwn.ts';
import { ACTION_IDS, renderReply, type RenderOptions } from '../../../src/adapters/slack/render.ts';
import { FollowupCodec } from '../../../src/present/followups.ts';
import { t } from '../../../src/present/strings.ts';
import { findButton, fold, quoteSections, unquote } from './harness.ts';

const options: RenderOptions = { ephemeral: true, commandPrefix: '', encodeButton: (f) => new FollowupCodec(2000).encode(f) };

function source(overrides: Partial<SourceRef> = {}): SourceRef {
  return {
    file: 'notes/meeting.md',
    title: 'Meeting notes',
    url: null,
    date: null,
    paragraph: 2,
    start: 0,
    end: 10,
    ...overrides,
  } as SourceRef;
}

function passage(text: string, highlight: string, overrides: Partial<Passage> = {}): Passage {
  const highlightStart = text.indexOf(highlight);
  assert.ok(highlightStart >= 0);
  return {
    rank: 1,
    chunkIds: ['c1'],
    text,
    highlight,
    highlightStart,
    highlightEnd: highlightStart + highlight.length,
    score: 0.8,
    source: source(),
    ...overrides,
  };
}

function answer(passages: Passage[], overrides: Partial<AnswerReply> = {}): AnswerReply {
  return {
    kind: 'answer',
    command: 'ask',
    lang: 'en',
    mode: 'dense+lexical',
    query: 'what happened?',
    noAnswer: false,
    passages,
    offset: 0,
    hasMore: false,
    quote: null,
    groups: null,
    suggestions: [],
    ...overrides,
  };
}

/** Every `&` in mrkdwn starts one of the three escapes: nothing was cut mid-escape, nothing left raw. */
function assertCleanEscapes(mrkdwn: string) {
  assert.doesNotMatch(mrkdwn, /&(?!amp;|lt;|gt;)/, 'no bare or cut & escape');
}

function allTexts(message: { blocks: unknown[]; text: string }): string[] {
  return [JSON.stringify(message.blocks), message.text];
}

describe('mrkdwn escaping and quoting', () => {
  test('&, < and > are escaped so that <!channel> and <@U123> cannot ping', () => {
    assert.equal(escapeMrkdwn('<!channel> a < b & c > d <@U123>'), '&lt;!channel&gt; a &lt; b &amp; c &gt; d &lt;@U123&gt;');
  });

  test('the best sentence is bold around its trimmed text, each line quoted', () => {
    const text = 'First sentence. Second one is best. Third.';
    const start = text.indexOf('Second') - 1; // the engine's range may include the leading space
    assert.equal(formatQuote(text, start, text.indexOf('Third')), '>First sentence. *Second one is best.* Third.');
  });

  test('bold next to a letter gets a zero-width separator; bold spanning lines is bolded per line', () => {
    assert.equal(formatQuote('abc def', 1, 3), '>a\u200B*bc* def');
    assert.equal(formatQuote('one two\nthree four', 4, 13), '>one *two*\n>*three* four');
  });

  test('a highlight that contains * stays plain rather than break the markup', () => {
    assert.equal(formatQuote('a 2*3 b', 2, 5), '>a 2*3 b');
  });

  test('links cannot break out of their brackets; labels are escaped', () => {
    assert.equal(mrkdwnLink('https://x.test/a|b>c&d', 'T > u & <v>'), '<https://x.test/a%7Cb%3Ec&amp;d|T &gt; u &amp; &lt;v&gt;>');
  });

  test('truncation never cuts a word nor an escape', () => {
    const text = `${'word & more '.repeat(400)}end`;
    const cut = truncateRaw(text, 100);
    assert.ok(escapeMrkdwn(cut).length <= 100);
    assert.match(cut, /(word|&|more)…$/);
  });
});

describe('renderReply', () => {
  test('an answer: quote with bold sentence, citation context, buttons and a text fallback', () => {
    const p = passage('The forum opened in May. Alice organised it. It was a success.', 'Alice organised it.', {
      source: source({ url: 'https://docs.example/notes', title: 'Notes <2024>' }),
    });
    const message = renderReply(answer([p], { hasMore: true }), options);
    const [quote] = quoteSections(message as unknown as Record<string, unknown>);
    assert.equal(quote, '>The forum opened in May. *Alice organised it.* It was a success.');
    const blocks = message.blocks as Array<{ type: string; elements?: Array<{ text?: string }> }>;
    const citation = blocks.find((b) => b.type === 'context')?.elements?.[0]?.text ?? '';
    assert.equal(citation, '<https://docs.example/notes|Notes &lt;2024&gt;> · notes/meeting.md · ¶ 2');
    const asRecord = message as unknown as Record<string, unknown>;
    for (const id of Object.values(ACTION_IDS)) assert.ok(findButton(asRecord, id), id);
    assert.match(message.text, /Alice organised it\./);
    assert.match(message.text, /Notes &lt;2024&gt; \(notes\/meeting\.md, ¶ 2\)/);
  });

  test('a title with * or < is escaped and not wrapped in bold markers it would break; file names are not repeated', () => {
    const starred = renderReply(answer([passage('Some text here.', 'Some text here.', { source: source({ title: 'Budget *draft* <v2>' }) })]), options);
    assert.match(JSON.stringify(starred.blocks), /"Budget \*draft\* &lt;v2&gt; · notes\/meeting\.md · ¶ 2"/);
    const bare = renderReply(answer([passage('Some text here.', 'Some text here.', { source: source({ title: 'meeting' }) })]), options);
    assert.match(JSON.stringify(bare.blocks), /"\*notes\/meeting\.md\* · ¶ 2"/, 'a title that is only the file name: the file, named once');
  });

  test('a non-web URL is not turned into a link', () => {
    const p = passage('Some text here.', 'Some text here.', { source: source({ url: 'javascript:alert(1)' }) });
    const message = renderReply(answer([p]), options);
    assert.doesNotMatch(JSON.stringify(message.blocks), /javascript:/);
  });

  test('lexical-only search is one short line in the reader’s language, without the reason', () => {
    const p = passage('Du texte ici.', 'Du texte ici.');
    const message = renderReply(answer([p], { mode: 'lexical-only', lang: 'fr' }), options);
    const contexts = (message.blocks as Array<{ type: string; elements?: Array<{ text: string }> }>).filter((block) => block.type === 'context');
    assert.equal(contexts.at(-1)?.elements?.[0]?.text, escapeMrkdwn(t('fr', 'lexicalOnlyShort')));
  });

  test('a very long passage is split into sections ≤ 3000 at word boundaries, nothing lost or cut', () => {
    const words = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? 'R&D' : i % 11 === 0 ? '<x>' : `word${i}`));
    const text = words.join(' ');
    const p = passage(text, 'word1 word2 word3');
    const message = renderReply(answer([p]), options);
    const sections = quoteSections(message as unknown as Record<string, unknown>);
    assert.ok(sections.length >= 3);
    for (const section of sections) {
      assert.ok(section.length <= 3000, `section of ${section.length}`);
      assertCleanEscapes(section);
    }
    assert.equal(fold(sections.map(unquote).join(' ')), fold(text), 'split only at whitespace');
  });

  test('never more than 50 blocks; header ≤ 150 and button labels ≤ 75; fallback ≤ 3000 and escaped', () => {
    const long = 'Lorem ipsum dolor sit amet & <b>. '.repeat(300);
    const passages = Array.from({ length: 10 }, (_, i) => passage(long, 'Lorem ipsum dolor sit amet', { rank: i + 1 }));
    const message = renderReply(answer(passages, { query: 'q '.repeat(400), hasMore: true }), options);
    assert.ok(message.blocks.length <= 50, `${message.blocks.length} blocks`);
    const blocks = message.blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ text: { text: string } }> }>;
    assert.equal(blocks.at(-1)?.type, 'actions', 'the buttons survive the cut');
    assert.ok((blocks.find((b) => b.type === 'header')?.text?.text.length ?? 0) <= 150);
    for (const b of blocks.filter((b) => b.type === 'actions')) {
      for (const element of b.elements ?? []) assert.ok(element.text.text.length <= 75);
    }
    assert.ok(message.text.length <= 3000);
    assertCleanEscapes(message.text);
    for (const text of allTexts(message)) assert.doesNotMatch(text, /<b>/);
  });

  test('no answer: a short message in the user’s language with the closest topics, no buttons', () => {
    const reply = answer([], {
      lang: 'fr',
      noAnswer: true,
      suggestions: [{ title: 'Budget <2025>', file: 'budget.md', opening: null }],
    });
    const message = renderReply(reply, options);
    assert.match(message.text, /Le corpus ne semble pas/);
    assert.match(message.text, /Budget &lt;2025&gt; \(budget\.md\)/);
    assert.ok(!message.blocks.some((b) => b.type === 'actions'));
  });

  test('an error reply is a short message without buttons', () => {
    const reply: Reply = { kind: 'error', code: 'too-long', command: 'ask', maxChars: 500, lang: 'en', mode: 'dense+lexical' };
    const message = renderReply(reply, options);
    assert.equal(message.blocks.length, 1);
    assert.equal(message.text, t('en', 'tooLong', { max: 500 }));
  });

  test('shared (not ephemeral) answers have no Share button', () => {
    const message = renderReply(answer([passage('Some text here.', 'Some text here.')]), { ...options, ephemeral: false });
    assert.equal(findButton(message as unknown as Record<string, unknown>, ACTION_IDS.share), undefined);
  });
});

describe('incoming text, buttons and dedupe', () => {
  test('Slack markup in a question becomes plain text; the bot mention is dropped', () => {
    assert.equal(
      slackTextToPlain('<@U0BOT> what about <#C1|general> &amp; <https://x.test|the site> a &lt; b?', 'U0BOT'),
      'what about #general & the site a < b?',
    );
  });

  test('what carries ids rather than words leaves a Slack question; a date keeps its text; times stay', () => {
    assert.equal(
      slackTextToPlain('<!here> <!subteam^S1> <!subteam^S2|@devs> <#C9> deadline <!date^1392734382^{date}|Feb 18, 2014> at 10:30:45? :thinking_face: :+1::skin-tone-2: a:b:c', null),
      '@devs deadline Feb 18, 2014 at 10:30:45? a:b:c',
    );
  });

  test('a button value round-trips; one too long for 2000 characters goes through the store', () => {
    const codec = new FollowupCodec(2000);
    const followup = { command: 'ask' as const, text: 'q', lang: 'fr' as const, nextOffset: 3, count: 3, passageIds: ['a', 'b'] };
    assert.deepEqual(codec.decode(codec.encode(followup)), followup);
    const long = { ...followup, text: 'x'.repeat(5000) };
    const value = codec.encode(long);
    assert.ok(value.length <= 2000);
    assert.deepEqual(codec.decode(value), long);
    assert.equal(codec.decode('{"c":"rm -rf"}'), null);
    assert.equal(codec.decode('not json'), null);
  });

  test('each event id passes once; the memory is bounded', () => {
    const dedupe = new EventDedupe(2);
    assert.equal(dedupe.firstTime('a'), true);
    assert.equal(dedupe.firstTime('a'), false);
    dedupe.firstTime('b');
    dedupe.firstTime('c');
    assert.equal(dedupe.firstTime('a'), true, 'the oldest was forgotten');
  });
});
