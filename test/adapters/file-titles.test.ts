// A file with no front matter and no heading is titled by its name: every surface names it once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReply as renderDiscord } from '../../src/adapters/discord/render.ts';
import { renderReply as renderSlack } from '../../src/adapters/slack/render.ts';
import { renderForTerminal } from '../../src/adapters/terminal/render.ts';
import type { AnswerReply } from '../../src/answer/types.ts';
import { FollowupCodec } from '../../src/present/followups.ts';

const bare = '000_1cb8f8b5dc050c03.txt';
const reply: AnswerReply = {
  kind: 'answer', command: 'ask', lang: 'fr', mode: 'dense+lexical', query: 'tarte aux pommes', noAnswer: true, passages: [],
  offset: 0, hasMore: false, quote: null, groups: null,
  suggestions: [{ title: bare, file: bare, opening: null }, { title: 'Forum OTAN-industrie', file: 'forum.md', opening: null }],
};
const twice = `${bare} (${bare})`;

describe('a file titled by its name is named once', () => {
  it('in the terminal', () => {
    const text = renderForTerminal(reply);
    assert.ok(!text.includes(twice), text);
    assert.match(text, new RegExp(`^ {2}• ${bare.replace('.', '\\.')}$`, 'm'));
    assert.match(text, /^ {2}• Forum OTAN-industrie \(forum\.md\)$/m);
  });

  it('on Discord', () => {
    const content = renderDiscord(reply).messages[0]?.content ?? '';
    assert.ok(!content.includes(twice), content);
    assert.match(content, new RegExp(`^- \`${bare.replace('.', '\\.')}\`$`, 'm'));
  });

  it('on Slack', () => {
    const message = renderSlack(reply, { ephemeral: false, commandPrefix: '', encodeButton: (followup) => new FollowupCodec(2000).encode(followup) });
    assert.ok(!JSON.stringify(message).includes(twice), message.text);
    assert.match(message.text, new RegExp(`^• ${bare.replace('.', '\\.')}$`, 'm'));
  });
});

describe('a file without a title is shown by its opening words, marked as quoted', () => {
  const opening = 'Cette semaine s’est tenu à Bucarest le NATO Industry Forum.';
  const withOpening: AnswerReply = { ...reply, suggestions: [{ title: bare, file: bare, opening }] };
  const shown = `« ${opening} » (${bare})`;

  it('in the terminal', () => {
    assert.match(renderForTerminal(withOpening), new RegExp(`^ {2}• ${shown.replace(/[.()]/g, '\\$&')}$`, 'm'));
  });

  it('on Discord', () => {
    assert.ok((renderDiscord(withOpening).messages[0]?.content ?? '').includes(`- *« ${opening} »* (\`${bare}\`)`));
  });

  it('on Slack', () => {
    const message = renderSlack(withOpening, { ephemeral: false, commandPrefix: '', encodeButton: (followup) => new FollowupCodec(2000).encode(followup) });
    assert.ok(message.text.includes(`• ${shown}`), message.text);
  });
});
