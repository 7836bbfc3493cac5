import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderBriefing } from '../../../src/adapters/discord/render-briefing.ts';
import type { DiscordMessage } from '../../../src/adapters/discord/render.ts';
import { t } from '../../../src/present/strings.ts';
import type { BriefingReply, BriefingTopic } from '../../../src/briefings/types.ts';
import { messageLimitProblems } from '../../fakes/discord/limits.ts';
import { foldWhitespace, hasLoneSurrogate, passage, quotedText, source } from './helpers.ts';

function briefing(topics: BriefingTopic[], overrides: Partial<BriefingReply> = {}): BriefingReply {
  return {
    kind: 'briefing',
    name: 'morning',
    scheduledFor: '2026-11-23T07:00:00.000Z',
    timezone: 'Europe/Paris',
    lang: 'fr',
    mode: 'dense+lexical',
    topics,
    newChunkIds: [],
    nothingNew: true,
    preview: false,
    ...overrides,
  };
}

const embedsOf = (messages: DiscordMessage[]) => messages.flatMap((message) => message.embeds);

const rutte = passage('Le forum s’est tenu à Bucarest. Mark Rutte a rencontré le président roumain. Beaucoup sont venus.', {
  highlight: 'Mark Rutte a rencontré le président roumain.',
  chunkIds: ['rutte.txt#3'],
  source: source({ file: 'rutte.txt', title: 'Visite en Roumanie', paragraph: 3, date: '2025-11-06' }),
});
const purl = passage('Le mécanisme PURL finance des achats. Il a livré des munitions en décembre.', {
  highlight: 'Il a livré des munitions en décembre.',
  chunkIds: ['purl.txt#1'],
  source: source({ file: 'purl.txt', title: 'purl.txt', paragraph: 1, url: 'https://example.org/purl' }),
});

describe('Discord rendering of a scheduled briefing', () => {
  it('heads with the name, the date and time in the briefing’s zone and language, and the topics', () => {
    const { messages, ephemeral } = renderBriefing(briefing([{ topic: 'Roumanie', noAnswer: false, passages: [rutte] }]));
    assert.equal(ephemeral, false);
    const content = messages[0]?.content ?? '';
    assert.match(content, /^📰 \*\*Synthèse · morning\*\* — lundi 23 novembre 2026 à 08:00 \(Europe\/Paris\)$/m);
    assert.match(content, /^-# Roumanie$/m);
    const english = renderBriefing(
      briefing([{ topic: 'Romania', noAnswer: false, passages: [rutte] }], { lang: 'en', timezone: 'America/New_York' }),
    );
    assert.match(english.messages[0]?.content ?? '', /Briefing · morning\*\* — Monday,? 23 November 2026 at 02:00 \(America\/New\\_York\)/);
  });

  it('quotes each passage’s best sentence only, verbatim, with its citation, under a topic title', () => {
    const { messages } = renderBriefing(
      briefing([
        { topic: 'Roumanie', noAnswer: false, passages: [rutte] },
        { topic: 'PURL', noAnswer: false, passages: [purl] },
      ]),
    );
    const [first, second] = embedsOf(messages);
    assert.equal(first?.title, 'Roumanie');
    assert.equal(quotedText(first?.description ?? ''), rutte.highlight);
    assert.ok(!first?.description?.includes('Bucarest'), 'not the whole passage');
    assert.match(first?.description ?? '', /^— \*Visite en Roumanie\* · `rutte\.txt` · ¶ 3 · 2025-11-06$/m);
    assert.equal(second?.title, 'PURL');
    assert.match(second?.description ?? '', /^— \*\[purl\.txt\]\(https:\/\/example\.org\/purl\)\* · `purl\.txt` · ¶ 1$/m);
    assert.deepEqual(messages.flatMap((message) => message.components), [], 'no buttons');
  });

  it('marks new passages, and only those', () => {
    const { messages } = renderBriefing(
      briefing([{ topic: 'OTAN', noAnswer: false, passages: [rutte, purl] }], { newChunkIds: ['purl.txt#1'], nothingNew: false }),
    );
    const description = embedsOf(messages)[0]?.description ?? '';
    const mark = `**${t('fr', 'newMark')}**`;
    assert.equal(description.split(mark).length - 1, 1);
    const [before, after] = description.split(mark);
    assert.ok(before?.includes('rutte.txt') && after?.includes('purl.txt'), 'the mark sits on the PURL passage');
    const english = renderBriefing(briefing([{ topic: 'NATO', noAnswer: false, passages: [purl] }], { lang: 'en', newChunkIds: ['purl.txt#1'] }));
    assert.ok(embedsOf(english.messages)[0]?.description?.startsWith('**🆕 new**\n> '));
  });

  it('says in one line when a topic has no answer', () => {
    const { messages } = renderBriefing(briefing([{ topic: 'tarte aux pommes', noAnswer: true, passages: [] }]));
    const [embed] = embedsOf(messages);
    assert.equal(embed?.title, 'tarte aux pommes');
    assert.equal(embed?.description, `*${t('fr', 'briefingTopicNoAnswer')}*`);
  });

  it('marks a preview as such (and for the admin only), and says when the search is lexical-only', () => {
    const { messages, ephemeral } = renderBriefing(
      briefing([{ topic: 'PURL', noAnswer: false, passages: [purl] }], { preview: true, mode: 'lexical-only' }),
    );
    assert.equal(ephemeral, true);
    assert.ok(messages[0]?.content.startsWith(`👁️ **${t('fr', 'previewMark')}**\n`));
    const footer = embedsOf(messages).at(-1)?.footer?.text ?? '';
    assert.equal(footer, t('fr', 'lexicalOnlyShort'), 'one short line in the briefing’s language');
  });

  it('escapes markdown and mentions in topics, highlights and titles', () => {
    const sneaky = passage('Intro. **Gras** <@123> @everyone `code` || spoiler ||. Fin.', {
      highlight: '**Gras** <@123> @everyone `code` || spoiler ||.',
      source: source({ title: '# [Titre](https://evil.example)' }),
    });
    const { messages } = renderBriefing(briefing([{ topic: '**OTAN** <@&456>', noAnswer: false, passages: [sneaky] }]));
    const [embed] = embedsOf(messages);
    assert.equal(embed?.title, '\\*\\*OTAN\\*\\* \\<@&456>');
    assert.ok(messages[0]?.content.includes('-# \\*\\*OTAN\\*\\* \\<@&456>'));
    assert.match(embed?.description ?? '', /^> \\\*\\\*Gras\\\*\\\* \\<@123> @everyone \\`code\\` \\\|\\\| spoiler \\\|\\\|\.$/m);
    assert.equal(quotedText(embed?.description ?? ''), sneaky.highlight);
    assert.match(embed?.description ?? '', /^— \*# \\\[Titre\\\]\(https:\/\/evil\.example\)\* ·/m);
  });

  it('cuts an overlong best sentence at a word with "…", and spreads a large briefing within Discord’s limits', () => {
    const sentence = Array.from({ length: 220 }, (_, index) => `mot${index} 🎉`).join(' ');
    const long = passage(sentence, { chunkIds: ['long.txt#1'], source: source({ file: 'long.txt', title: 'T'.repeat(300) }) });
    const topics = Array.from({ length: 10 }, (_, index): BriefingTopic => ({
      topic: `sujet ${index} ${'x'.repeat(400)}`,
      noAnswer: false,
      passages: Array.from({ length: 10 }, (_, rank) => ({ ...long, rank, chunkIds: [`long.txt#${index}-${rank}`] })),
    }));
    const { messages } = renderBriefing(briefing(topics, { newChunkIds: topics.flatMap((topic) => topic.passages.flatMap((p) => p.chunkIds)) }));
    assert.ok(messages.length > 1, 'several messages');
    for (const message of messages) {
      assert.deepEqual(messageLimitProblems(message), []);
      assert.ok(!hasLoneSurrogate(JSON.stringify(message)));
    }
    const descriptions = embedsOf(messages).map((embed) => embed.description ?? '');
    const quotes = descriptions.flatMap((description) => description.split('\n').filter((line) => line.startsWith('> ')));
    assert.equal(quotes.length, 100, 'every passage quoted once');
    for (const quote of quotes) {
      assert.ok(quote.length <= 600 && quote.endsWith(' …'), quote);
      assert.ok(foldWhitespace(sentence).startsWith(quotedText(quote)), 'a verbatim beginning of the sentence');
    }
    assert.equal(embedsOf(messages).filter((embed) => embed.title).length, 10, 'each topic titled once');
  });
});
