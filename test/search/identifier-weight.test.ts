// A name, acronym or number of the question weighs more than its other words (identifierWeight):
// it names what the question is about, where the other words may be said otherwise in the passage.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LexicalStore, type LexicalDocument } from '../../src/index/lexical-store.ts';
import { rankLexically, type LexicalRankingSettings } from '../../src/search/lexical-ranking.ts';
import { termsOf } from '../../src/text/tokenize.ts';

const SETTINGS: LexicalRankingSettings = { k1: 1.2, identifierWeight: 1.5, pageWeight: 0, conflationWeight: 0, conflationDepth: 100, proximityWeight: 0, proximityDepth: 50, pageDiversity: 0, diversePlaces: 3, feedbackTerms: 0, feedbackDepth: 3, feedbackWeight: 0.3 };

const passage = (page: string, plain: string): LexicalDocument => ({ plain, context: '', page, language: 'fr' });

const DOCUMENTS = [
  passage('brest.md', 'Le port de Brest reçoit des navires.'),
  passage('cherbourg.md', 'Le port de Cherbourg reçoit des navires de croisière.'),
  passage('lorient.md', 'À Lorient, le port de pêche et sa criée.'),
  passage('brest-histoire.md', 'Brest fut bombardée pendant la guerre.'),
  passage('quimper.md', 'Le climat de Quimper est océanique.'),
  passage('rennes.md', 'Rennes est la capitale de la Bretagne.'),
  passage('vannes.md', 'Vannes a un golfe.'),
];

function firstPage(store: LexicalStore, question: string, identifierWeight: number): string {
  const [best] = rankLexically(store, store.queryWordsOf(question, identifierWeight), { ...SETTINGS, identifierWeight }, 5, (index) => termsOf(DOCUMENTS[index]!.plain, 'fr'));
  return DOCUMENTS[best!.index]!.page;
}

describe('identifier weight', () => {
  const store = LexicalStore.build(DOCUMENTS);

  it('weighs names, acronyms and numbers of the question, not its first word nor its other words', () => {
    const words = store.queryWordsOf('Combien de navires de croisière le port de Brest reçoit-il en 2025 ?', 1.5);
    const weightOf = (term: string) => words.find((word) => word.terms.includes(term))?.weight;
    assert.equal(weightOf('brest'), 1.5);
    assert.equal(weightOf('navir'), 1);
    assert.equal(weightOf('croisier'), 1);
    assert.equal(store.queryWordsOf('Brest reçoit-il des navires ?', 1.5).find((word) => word.terms.includes('brest'))?.weight, 1);
  });

  it('looks an acronym the corpus uses only inside a longer name up there, for the ranking and the answer decision', () => {
    const library = LexicalStore.build([
      passage('hnswlib.md', 'hnswlib-node provides Node.js bindings for Hnswlib: index.addPoint(point, label) adds a point to the index.'),
      passage('pg.md', 'A PostgreSQL client for Node.js.'),
    ]);
    const question = 'How do I add points to an HNSW index?';
    const words = library.queryWordsOf(question, 1.5);
    assert.deepEqual(words.find((word) => word.terms.includes('hnswlib')), { terms: ['hnswlib'], weight: 1.5 });
    const hnsw = library.weighQuestion(question).find((word) => word.word === 'HNSW');
    assert.deepEqual(hnsw?.terms, ['hnswlib']);
    assert.ok(hnsw?.idf !== null);
    assert.deepEqual(library.queryWordsOf('What is ZZTOP?', 1.5), [], 'an acronym found nowhere stays unknown');
    assert.deepEqual(library.queryWordsOf('Who wrote Hnsw?', 1.5), [], 'only an acronym is looked up inside longer names');
  });

  it('ranks the passage that holds the name above one that repeats the other words', () => {
    const question = 'Quels navires de croisière le port de Brest reçoit-il ?';
    assert.equal(firstPage(store, question, 1), 'cherbourg.md');
    assert.equal(firstPage(store, question, 1.5), 'brest.md');
  });
});
