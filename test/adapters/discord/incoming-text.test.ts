import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discordTextToPlain } from '../../../src/adapters/discord/incoming-text.ts';
import { questionText } from '../../../src/adapters/discord/handlers/message.ts';

describe('Discord text as a question', () => {
  it('drops mentions of users, roles and channels and custom emoji', () => {
    assert.equal(discordTextToPlain('<@123> <@!456> Rutte ? <@&789> <#101112> <:pepe:123456789012345678> <a:dance:1>'), 'Rutte ?');
  });

  it('turns a timestamp into its date and a command mention into its name', () => {
    assert.equal(discordTextToPlain('what happened on <t:1733011200:D>? see </brief topic:42>'), 'what happened on 2024-12-01? see /brief topic');
  });

  it('keeps a question without markup as typed, and text that only looks like markup', () => {
    assert.equal(discordTextToPlain('a < b and c > d, <not a mention>'), 'a < b and c > d, <not a mention>');
  });

  it('a message addresses the bot by its mention, in a DM, or as a follow-up', () => {
    assert.equal(questionText('<@42> <@7> Roumanie', '42', false), 'Roumanie');
    assert.equal(questionText('Roumanie <@7>', '42', false), null);
    assert.equal(questionText('<@&900> Roumanie', '42', false, false, '900'), 'Roumanie');
    assert.equal(questionText('<@&901> Roumanie', '42', false, false, '900'), null);
    assert.equal(questionText('Roumanie <@7>', '42', true), 'Roumanie');
    assert.equal(questionText('<@!42>', '42', false), '');
  });
});
