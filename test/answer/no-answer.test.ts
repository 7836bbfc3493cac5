// Off-topic questions get "no good answer" with topic suggestions, not noise; on-topic ones are answered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { detectLanguage } from '../../src/text/language.ts';
import { asAnswer, makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';
import { OFF_TOPIC_QUESTIONS, ON_TOPIC_QUESTIONS } from './questions.ts';

describe('no-answer decision (lexical-only engine on the bundled corpus)', () => {
  let engine: TestCitebot;
  let corpusFiles: string[];

  before(async () => {
    engine = await makeTestCitebot();
    const sources = await engine.citebot.run('sources', { text: '' });
    assert.equal(sources.kind, 'sources');
    corpusFiles = sources.kind === 'sources' ? sources.sources.map((source) => source.file) : [];
  });
  after(() => engine.close());

  for (const question of OFF_TOPIC_QUESTIONS) {
    it(`off-topic: ${question}`, async () => {
      const reply = asAnswer(await engine.citebot.run('ask', { text: question }));
      assert.equal(reply.noAnswer, true);
      assert.deepEqual(reply.passages, []);
      assert.equal(reply.hasMore, false);
      assert.ok(reply.suggestions.length >= 1 && reply.suggestions.length <= 3, 'suggests topics the corpus covers');
      for (const suggestion of reply.suggestions) {
        assert.ok(corpusFiles.includes(suggestion.file), `${suggestion.file} is a corpus file`);
        assert.ok(suggestion.title.length > 0);
      }
      assert.equal(reply.lang, detectLanguage(question), 'the reply speaks the language of the question');
    });
  }

  it('quote and brief refuse off-topic topics too, without a quotation or groups', async () => {
    for (const command of ['quote', 'brief'] as const) {
      for (const question of ['Recette de la tarte aux pommes', 'How do I reverse a linked list in Python?']) {
        const reply = asAnswer(await engine.citebot.run(command, { text: question }));
        assert.equal(reply.noAnswer, true, `${command} ${question}`);
        assert.deepEqual(reply.passages, []);
        assert.equal(reply.quote, null);
        assert.equal(reply.groups, null);
        assert.ok(reply.suggestions.length >= 1);
      }
    }
  });

  it('on-topic questions are not refused', async () => {
    for (const { question } of ON_TOPIC_QUESTIONS) {
      const reply = asAnswer(await engine.citebot.run('ask', { text: question }));
      assert.equal(reply.noAnswer, false, question);
      assert.ok(reply.passages.length > 0);
      assert.deepEqual(reply.suggestions, []);
    }
  });

  it(
    'plain on-topic French questions are answered ("Quand le forum a-t-il eu lieu ?", "Que pense Rutte de la Russie ?")',
    async () => {
      for (const question of ['Quand le forum a-t-il eu lieu ?', 'Que pense Rutte de la Russie ?']) {
        const reply = asAnswer(await engine.citebot.run('ask', { text: question }));
        assert.equal(reply.noAnswer, false, question);
      }
    },
  );
});

describe('the no-answer threshold is a setting', () => {
  it('NO_ANSWER_THRESHOLD=1 refuses a passage that only partly matches; the default answers it', async () => {
    const question = '3.5% of GDP';
    const strict = await makeTestCitebot({ env: { NO_ANSWER_THRESHOLD: '1' } });
    const lenient = await makeTestCitebot({ env: { NO_ANSWER_THRESHOLD: '0.1' } });
    try {
      const refused = asAnswer(await strict.citebot.run('ask', { text: question }));
      const answered = asAnswer(await lenient.citebot.run('ask', { text: question }));
      assert.equal(answered.noAnswer, false);
      assert.ok(answered.passages[0]!.score < 1, 'the best passage matches only part of the question');
      assert.equal(refused.noAnswer, true);
    } finally {
      await strict.close();
      await lenient.close();
    }
  });
});
