// A question word looked up under its French and its English stem is as rare as the passages
// holding either stem make it, not as rare as its rarer stem alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LexicalStore } from '../../src/index/lexical-store.ts';

const french = (plain: string) => ({ plain, context: '', page: plain, language: 'fr' as const });
const english = (plain: string) => ({ plain, context: '', page: plain, language: 'en' as const });

describe('idf of a word under two stems', () => {
  const store = LexicalStore.build([
    french('Les alliés dépensent plus pour la défense.'),
    french('Toujours plus de munitions.'),
    french('Plus de drones cette année.'),
    french('Le sommet se tient à Ankara.'),
    english('The plus side of the plan.'),
    english('The summit is in Ankara.'),
  ]);

  it('counts the passages that hold any of its stems', () => {
    const terms = ['plus', 'plu'].filter((term) => store.has(term));
    assert.ok(terms.length === 2, `both stems are indexed: ${terms.join(', ')}`);
    const combined = store.idfOfAny(terms);
    assert.ok(combined < store.idf('plu'), 'less rare than its rare English stem alone');
    assert.ok(combined < store.idf('plus'), 'less rare than its French stem alone: four passages hold the word');
  });

  it('weighs a common word low in the answer decision', () => {
    const [plus] = store.weighQuestion('plus');
    assert.ok(plus && plus.idf !== null);
    assert.equal(plus.idf, store.idfOfAny(plus.terms));
  });
});
