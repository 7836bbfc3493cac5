// The reply language follows the question: French or English, from short questions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage, passageLanguage } from '../../src/text/language.ts';

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

describe('passageLanguage', () => {
  it('tells the language of a passage that clearly shows its own', () => {
    const english = 'The Forum will build upon the decision taken by Heads of State and Government at the Summit in The Hague.';
    assert.equal(passageLanguage(english, 'fr'), 'en');
    assert.equal(passageLanguage('Les Alliés se sont engagés à porter leurs dépenses de défense à 5 % du PIB.', 'en'), 'fr');
  });

  it("keeps the page's language where the passage says too little or is mixed", () => {
    assert.equal(passageLanguage('NATO-Industry Forum 2025', 'fr'), 'fr');
    assert.equal(passageLanguage('Procédure', 'en'), 'en');
    assert.equal(passageLanguage('Le rapport « State of the Union » a été publié par la Commission.', 'en'), 'fr');
  });
});
