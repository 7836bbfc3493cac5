// The reply language follows the question: French or English, from short questions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage } from '../../src/text/language.ts';

describe('detectLanguage', () => {
  const french = [
    "Combien d'entreprises ont participé au forum ?",
    'Qu’est-ce que le mécanisme PURL ?',
    'Que dit Rutte sur la Roumanie ?',
    'Recette de la tarte aux pommes',
    'Quel est le résultat du match ?',
    'Le sommet de La Haye',
    'défense',
    'Pourquoi les alliés augmentent-ils leurs dépenses',
    'Qui est Mark Rutte\u00a0?',
  ];
  const english = [
    'How many companies took part in the forum?',
    'What is PURL?',
    'What did Rutte say about Romania?',
    'Who won the Super Bowl last year?',
    'the summit in The Hague',
    'Who is Mark Rutte?',
    'How do I reverse a linked list in Python?',
  ];
  for (const question of french) it(`French: ${question}`, () => assert.equal(detectLanguage(question, 'en'), 'fr'));
  for (const question of english) it(`English: ${question}`, () => assert.equal(detectLanguage(question, 'fr'), 'en'));

  it('falls back to the given language when nothing tells', () => {
    assert.equal(detectLanguage('PURL', 'fr'), 'fr');
    assert.equal(detectLanguage('PURL', 'en'), 'en');
    assert.equal(detectLanguage('355'), 'en');
  });
});
