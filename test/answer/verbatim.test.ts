// Every passage, highlight and quotation citebot returns is the corpus text at the range it cites.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnswerReply } from '../../src/answer/types.ts';
import type { Passage } from '../../src/search/types.ts';
import { foldWhitespace } from '../../src/text/normalize.ts';
import { makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';
import { ON_TOPIC_QUESTIONS } from './questions.ts';
import { assertPassageVerbatim } from './verbatim-assertions.ts';


describe('verbatim passages, highlights and quotations (lexical-only engine on the bundled corpus)', () => {
  let engine: TestCitebot;
  const files = new Map<string, string>();
  const fileText = async (file: string): Promise<string> => {
    if (!files.has(file)) files.set(file, await readFile(join(engine.config.CORPUS_DIR, file), 'utf8'));
    return files.get(file)!;
  };
  const checkPassages = async (reply: AnswerReply) => {
    for (const passage of reply.passages) assertPassageVerbatim(passage, await fileText(passage.source.file), reply.query);
  };

  before(async () => {
    engine = await makeTestCitebot();
  });
  after(() => engine.close());

  for (const { question, mustContain } of ON_TOPIC_QUESTIONS) {
    it(`ask: ${question}`, async () => {
      const reply = await engine.citebot.run('ask', { text: question, count: 3 });
      assert.equal(reply.kind, 'answer');
      if (reply.kind !== 'answer') return;
      assert.equal(reply.noAnswer, false, 'an on-topic question is answered');
      assert.ok(reply.passages.length >= 1 && reply.passages.length <= 3);
      assert.deepEqual(reply.passages.map((passage) => passage.rank), reply.passages.map((_, index) => index + 1));
      if (mustContain) assert.ok(reply.passages[0]!.text.includes(mustContain), `the best passage holds "${mustContain}"`);
      await checkPassages(reply);
      const folded = reply.passages.map((passage) => foldWhitespace(passage.text).toLowerCase());
      assert.equal(new Set(folded).size, folded.length, 'no passage is shown twice');
    });

    it(`quote: ${question}`, async () => {
      const reply = await engine.citebot.run('quote', { text: question });
      assert.equal(reply.kind, 'answer');
      if (reply.kind !== 'answer') return;
      assert.equal(reply.noAnswer, false);
      await checkPassages(reply);
      const quote = reply.quote;
      assert.ok(quote, 'quote gives a quotation');
      const text = await fileText(quote.source.file);
      assert.equal(text.slice(quote.start, quote.end), quote.text, 'the quotation is the file text at its range');
      assert.ok(quote.text.trim() === quote.text && quote.text !== '');
      const passage = reply.passages[0]!;
      assert.equal(quote.source.file, passage.source.file);
      assert.ok(quote.start >= passage.source.start && quote.end <= passage.source.end, 'the quotation lies inside its cited passage');
      if (quote.isQuotation) assert.ok(!/^[«“"]|[»”"]$/u.test(quote.text), 'a quotation is given without its quote marks');
    });

    it(`brief: ${question}`, async () => {
      const reply = await engine.citebot.run('brief', { text: question, count: 5 });
      assert.equal(reply.kind, 'answer');
      if (reply.kind !== 'answer') return;
      assert.equal(reply.noAnswer, false);
      await checkPassages(reply);
      assert.ok(reply.groups && reply.groups.length >= 1);
      const grouped: Passage[] = reply.groups.flatMap((group) => group.passages);
      assert.deepEqual(grouped, reply.passages, 'the passages are the grouped ones, in group order');
      assert.ok(reply.passages.length <= 5, 'a bounded number of bullets');
      for (const group of reply.groups) {
        for (const passage of group.passages) assert.equal(passage.source.file, group.source.file, 'each group holds one source');
      }
      assert.equal(new Set(reply.groups.map((group) => group.source.file)).size, reply.groups.length, 'one group per source');
    });
  }

  it('finds the known quotation with its speaker (« … est réciproque », Rutte)', async () => {
    const reply = await engine.citebot.run('quote', { text: 'Roumanie engagement réciproque' });
    assert.equal(reply.kind, 'answer');
    if (reply.kind !== 'answer') return;
    assert.equal(reply.quote?.isQuotation, true);
    assert.equal(reply.quote?.text, 'La Roumanie est engagée envers l’OTAN, et, soyons clairs, cet engagement est réciproque.');
    assert.match(reply.quote?.speaker ?? '', /Rutte/);
    assert.equal(reply.quote?.source.file, '000_1cb8f8b5dc050c03.txt');
  });

  it('finds an English quotation and its speaker (“Romania is invested in NATO …” the Secretary General said)', async () => {
    const reply = await engine.citebot.run('quote', { text: 'Romania invested in NATO' });
    assert.equal(reply.kind, 'answer');
    if (reply.kind !== 'answer') return;
    assert.equal(reply.quote?.isQuotation, true);
    assert.equal(reply.quote?.text, 'Romania is invested in NATO – and, let me be clear, NATO is invested in Romania');
    assert.match(reply.quote?.speaker ?? '', /Secretary General/);
  });

  it('"More" pages through the same ranking without repeating passages', async () => {
    const question = 'munitions Russie production';
    const first = await engine.citebot.run('ask', { text: question, count: 2 });
    assert.equal(first.kind, 'answer');
    if (first.kind !== 'answer') return;
    assert.equal(first.hasMore, true);
    const next = await engine.citebot.run('ask', { text: question, count: 2, offset: 2 });
    assert.equal(next.kind, 'answer');
    if (next.kind !== 'answer') return;
    assert.equal(next.offset, 2);
    assert.deepEqual(next.passages.map((passage) => passage.rank), next.passages.map((_, index) => index + 3));
    const seen = new Set(first.passages.map((passage) => `${passage.source.file}:${passage.source.start}`));
    for (const passage of next.passages) assert.ok(!seen.has(`${passage.source.file}:${passage.source.start}`));
    await checkPassages(next);
  });
});
