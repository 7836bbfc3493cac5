// /quote on a lead-in ending in ":": every surface shows the lead-in with the list it announces, each line verbatim.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReply as renderDiscord } from '../../src/adapters/discord/render.ts';
import { renderReply as renderSlack } from '../../src/adapters/slack/render.ts';
import { renderForTerminal } from '../../src/adapters/terminal/render.ts';
import type { AnswerReply } from '../../src/answer/types.ts';
import { FollowupCodec } from '../../src/present/followups.ts';

const lines = [
  'Sur l’adhésion de l’Ukraine à l’OTAN, Rutte a rappelé que :',
  '- le principe d’adhésion reste valide ;',
  '- mais l’absence de consensus au sein de l’Alliance rend cette perspective incertaine à court terme.',
];
const text = lines.join('\n');
const source = { file: '004_4245ddf72926b519.txt', title: '004_4245ddf72926b519.txt', url: null, date: null, paragraph: 7, line: 12, start: 1460, end: 1660 };
const reply: AnswerReply = {
  kind: 'answer', command: 'quote', lang: 'fr', mode: 'dense+lexical', query: 'Rutte', noAnswer: false, offset: 0, hasMore: false, groups: null, suggestions: [],
  passages: [{ rank: 1, chunkIds: ['004#7'], text, highlight: lines[0]!, highlightStart: 0, highlightEnd: lines[0]!.length, score: 1, source }],
  quote: { text, isQuotation: false, speaker: 'Rutte', source, start: 1460, end: 1660 },
};

describe('a lead-in quoted with its list', () => {
  it('in the terminal', () => {
    const shown = renderForTerminal(reply);
    for (const line of lines) assert.ok(shown.includes(line), line);
    assert.match(shown, /— Rutte/);
  });

  it('on Discord', () => {
    const description = renderDiscord(reply).messages[0]?.embeds[0]?.description ?? '';
    const quoted = description.split('\n').filter((line) => line.startsWith('> ')).map((line) => line.slice(2).replace(/\*\*/g, '').replace(/\\(.)/g, '$1'));
    assert.deepEqual(quoted, lines);
    assert.match(description, /— \*\*Rutte\*\*/);
  });

  it('on Slack', () => {
    const message = renderSlack(reply, { ephemeral: true, commandPrefix: '', encodeButton: (followup) => new FollowupCodec(2000).encode(followup) });
    const sections = (message.blocks as { type: string; text?: { text: string } }[]).filter((block) => block.type === 'section').map((block) => block.text?.text ?? '');
    const quoted = sections.join('\n').split('\n').filter((line) => line.startsWith('>')).map((line) => line.slice(1).replace(/\*/g, '').replace(/\u200b/g, ''));
    assert.deepEqual(quoted, lines);
    assert.match(JSON.stringify(message.blocks), /— \*Rutte\*/);
  });
});
