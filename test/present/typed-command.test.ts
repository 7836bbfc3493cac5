import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTypedCommand } from '../../src/present/typed-command.ts';

const commands = [
  { name: 'ask', textOption: 'question' },
  { name: 'quote', textOption: 'topic' },
  { name: 'brief', textOption: 'topic' },
  { name: 'sources', textOption: null },
  { name: 'status', textOption: null },
  { name: 'help', textOption: null },
];

describe('parsing a command typed as text', () => {
  it('a command word followed by what fits it picks that command', () => {
    assert.deepEqual(parseTypedCommand('quote the mayor', commands), { command: 'quote', text: 'the mayor' });
    assert.deepEqual(parseTypedCommand('brief: Ukraine', commands), { command: 'brief', text: 'Ukraine' });
    assert.deepEqual(parseTypedCommand('Sources', commands), { command: 'sources', text: '' });
    assert.deepEqual(parseTypedCommand('ask who came?', commands), { command: 'ask', text: 'who came?' });
  });

  it('anything else is a question; an empty text asks for help', () => {
    assert.deepEqual(parseTypedCommand('help me find the budget', commands), { command: 'ask', text: 'help me find the budget' });
    assert.deepEqual(parseTypedCommand('quote', commands), { command: 'ask', text: 'quote' });
    assert.deepEqual(parseTypedCommand('Combien d’entreprises ?', commands), { command: 'ask', text: 'Combien d’entreprises ?' });
    assert.deepEqual(parseTypedCommand('   ', commands), { command: 'help', text: '' });
    assert.deepEqual(parseTypedCommand('/', commands), { command: 'help', text: '' });
    assert.deepEqual(parseTypedCommand('//', commands), { command: 'help', text: '' });
  });

  it('a greeting or a thanks is no question: it gets the help', () => {
    for (const typed of ['hi', 'Thanks!', 'thank you so much', 'Merci beaucoup 🙏', 'bonjour !', 'ok cool', "D'accord, merci"]) {
      assert.deepEqual(parseTypedCommand(typed, commands), { command: 'help', text: '' }, typed);
    }
    assert.deepEqual(parseTypedCommand('thanks, and who came?', commands), { command: 'ask', text: 'thanks, and who came?' });
    assert.deepEqual(parseTypedCommand('Bonjour, combien d’entreprises ?', commands).command, 'ask');
  });

  it('after "/" or "!" the word is the command, so "/quote" alone gets its usage and "/foo" is unknown', () => {
    assert.deepEqual(parseTypedCommand('/quote', commands), { command: 'quote', text: '' });
    assert.deepEqual(parseTypedCommand('/Brief  drones ', commands), { command: 'brief', text: 'drones' });
    assert.deepEqual(parseTypedCommand('!status', commands), { command: 'status', text: '' });
    assert.deepEqual(parseTypedCommand('/foo bar', commands), { command: 'foo', text: 'bar' });
  });
});
