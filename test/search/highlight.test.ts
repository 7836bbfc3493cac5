// The best sentence of a passage: the one that holds most of the question's (rare) words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LexicalStore } from '../../src/index/lexical-store.ts';
import { bestSentence } from '../../src/search/highlight.ts';

const documents = [
  'Le forum a réuni 355 entreprises à Bucarest.',
  'Les drones et les munitions sont au cœur des discussions.',
  'La production de munitions augmente en Europe.',
  'Le sommet de La Haye a fixé un objectif de dépenses.',
].map((plain, id) => ({ plain, context: '', page: `${id}.md`, language: 'fr' as const }));
const lexical = LexicalStore.build(documents);
const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('highlight', () => {
  it('picks the sentence holding the largest weighted share of the question’s words', async () => {
    const text = 'Le sommet a eu lieu en juin, après une longue préparation. Le forum a réuni 355 entreprises venues de toute l’Europe. La suite est connue.';
    assert.equal(slice(text, await bestSentence(lexical.weighQuestion('Combien d’entreprises au forum ?'), text, lexical)), 'Le forum a réuni 355 entreprises venues de toute l’Europe.');
  });

  it('extends a very short sentence with the next one', async () => {
    const text = 'Des munitions. Voilà ce que produit désormais l’industrie européenne, en grande quantité.';
    assert.equal(slice(text, await bestSentence(lexical.weighQuestion('munitions'), text, lexical)), text);
  });

  it('drops a list mark: it is layout, not words to quote', async () => {
    const text = 'Points clés :\n- La production de munitions augmente nettement en Europe depuis un an.\n- Autre chose encore à dire ici.';
    assert.equal(slice(text, await bestSentence(lexical.weighQuestion('production de munitions'), text, lexical)), 'La production de munitions augmente nettement en Europe depuis un an.');
  });

  it('on a tie, a full sentence beats a heading', async () => {
    const text = 'Drones et munitions\nLes drones et les munitions sont au cœur des discussions du jour.';
    assert.equal(slice(text, await bestSentence(lexical.weighQuestion('drones munitions'), text, lexical)), 'Les drones et les munitions sont au cœur des discussions du jour.');
  });

  it('when no sentence shares a word with the question, the closest in meaning (with a model)', async () => {
    const text = 'Première phrase assez longue pour compter ici. Deuxième phrase assez longue pour compter aussi.';
    const dense = {
      query: new Float32Array([0, 1]),
      vectorsOf: async (texts: string[]) => texts.map((sentence) => new Float32Array(sentence.startsWith('Deuxième') ? [0, 1] : [1, 0])),
    };
    assert.equal(slice(text, await bestSentence(lexical.weighQuestion('unrelated words'), text, lexical, dense)), 'Deuxième phrase assez longue pour compter aussi.');
  });

  it('text without sentences is its own highlight', async () => {
    assert.deepEqual(await bestSentence(lexical.weighQuestion('x'), '', lexical), { start: 0, end: 0 });
  });
});
