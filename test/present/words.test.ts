// The small presentation rules: mode line, usage per surface, error texts, headings, dates, quote marks, reply shapes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnswerReply, ErrorReply } from '../../src/answer/types.ts';
import { scheduledTime } from '../../src/present/dates.ts';
import { errorText } from '../../src/present/errors.ts';
import { answerHeading } from '../../src/present/headings.ts';
import { modeName, modeNotice } from '../../src/present/mode.ts';
import { quoteMarks } from '../../src/present/quotation.ts';
import { answerShape, renderWith } from '../../src/present/reply-shape.ts';
import { t } from '../../src/present/strings.ts';
import { commandUsage } from '../../src/present/usage.ts';

const error = (overrides: Partial<ErrorReply>): ErrorReply => ({ kind: 'error', code: 'internal', command: 'ask', lang: 'en', mode: 'lexical-only', ...overrides });

function answer(overrides: Partial<AnswerReply> = {}): AnswerReply {
  return {
    kind: 'answer', command: 'ask', lang: 'en', mode: 'dense+lexical', query: 'q', noAnswer: false, passages: [],
    offset: 0, hasMore: false, quote: null, groups: null, suggestions: [], ...overrides,
  };
}

describe('presentation words', () => {
  it('t fills placeholders and leaves unknown ones', () => {
    assert.equal(t('en', 'tooLong', { max: 5 }), 'That question is too long (5 characters at most). Please shorten it.');
    assert.match(t('fr', 'tooLong'), /\{max\}/);
  });

  it('the mode: a name in the reader’s language, and one short line under lexical-only replies only', () => {
    assert.equal(modeName('lexical-only', 'fr'), 'lexicale seule');
    assert.equal(modeName('dense+lexical', 'en'), 'semantic and lexical');
    assert.equal(modeNotice({ lang: 'fr', mode: 'lexical-only' }), t('fr', 'lexicalOnlyShort'));
    assert.equal(modeNotice({ lang: 'en', mode: 'dense+lexical' }), t('en', 'semanticShort'));
    assert.doesNotMatch(t('en', 'lexicalOnlyShort'), /\//, 'no path can be in it');
  });

  it('usage in each surface’s syntax', () => {
    const quote = { name: 'quote', textOption: 'topic' };
    assert.equal(commandUsage('discord', quote, 'fr'), '/quote topic: …');
    assert.equal(commandUsage('slack', quote, 'fr', 'cb-'), '/cb-quote <sujet>');
    assert.equal(commandUsage('terminal', quote, 'en'), '/quote <topic>');
    assert.equal(commandUsage('slack', { name: 'status', textOption: null }, 'en'), '/status');
  });

  it('error texts: the code in the reader’s language, the usage in the surface’s syntax', () => {
    assert.equal(errorText(error({ code: 'empty', command: 'quote', textOption: 'topic' }), 'terminal'), t('en', 'emptyText', { usage: '/quote <topic>' }));
    assert.equal(errorText(error({ code: 'empty', lang: 'fr', command: 'ask', textOption: 'question' }), 'slack', 'cb-'), t('fr', 'emptyText', { usage: '/cb-ask <question>' }));
    assert.equal(errorText(error({ code: 'too-long', maxChars: 500 }), 'discord'), t('en', 'tooLong', { max: 500 }));
    assert.equal(errorText(error({ code: 'unknown-command', command: 'foo' }), 'discord'), t('en', 'unknownCommand', { name: 'foo', help: '/help' }));
    assert.equal(errorText(error({ code: 'index-unavailable' }), 'slack'), t('en', 'indexUnavailable'));
    assert.equal(errorText(error({ code: 'internal', lang: 'fr' }), 'terminal'), t('fr', 'internalError'));
  });

  it('answer headings, with "(continued)" on later pages', () => {
    assert.equal(answerHeading({ command: 'ask', lang: 'en', offset: 0 }), 'What the corpus says');
    assert.equal(answerHeading({ command: 'quote', lang: 'fr', offset: 0 }), 'Citation');
    assert.equal(answerHeading({ command: 'ask', lang: 'fr', offset: 3 }), 'Ce que dit le corpus (suite)');
  });

  it('scheduled times in the team’s zone and language', () => {
    assert.match(scheduledTime('2026-11-23T07:00:00.000Z', 'Europe/Paris', 'fr'), /^lundi 23 novembre 2026\D+08:00 \(Europe\/Paris\)$/);
    assert.equal(scheduledTime('not a date', 'UTC', 'en'), 'not a date');
  });

  it('quote marks by language, none around a plain sentence', () => {
    assert.deepEqual(quoteMarks('fr', true), ['« ', ' »']);
    assert.deepEqual(quoteMarks('en', true), ['“', '”']);
    assert.deepEqual(quoteMarks('fr', false), ['', '']);
  });

  it('answer shapes', () => {
    const quotation = { text: 'x', isQuotation: false, speaker: null, source: { file: 'a', title: 'a', url: null, date: null, paragraph: 1, line: 1, start: 0, end: 1 }, start: 0, end: 1 };
    assert.equal(answerShape(answer({ offset: 3 })), 'no-more');
    assert.equal(answerShape(answer({ noAnswer: true })), 'no-answer');
    assert.equal(answerShape(answer()), 'no-answer');
    assert.equal(answerShape(answer({ command: 'quote', quote: quotation })), 'quote');
    const passages = [{ rank: 1, chunkIds: ['a'], text: 'x', highlight: 'x', highlightStart: 0, highlightEnd: 1, score: 1, source: quotation.source }];
    assert.equal(answerShape(answer({ command: 'brief', passages, groups: [{ source: quotation.source, passages }] })), 'brief');
    assert.equal(answerShape(answer({ passages })), 'passages');
  });

  it('renderWith calls the renderer of the reply’s kind', () => {
    const kinds = { answer: () => 'a', sources: () => 's', status: () => 'st', help: () => 'h', error: () => 'e' };
    assert.equal(renderWith(error({}), kinds), 'e');
    assert.equal(renderWith(answer(), kinds), 'a');
  });
});
