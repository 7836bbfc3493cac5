// Page diversity (pageDiversity): when another page rivals the one that took the first place, its best
// passage shows among an answer's first places instead of a third passage of the same page; when one
// page clearly stands out, its further passages are the answer and keep their places.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LexicalStore, type LexicalDocument } from '../../src/index/lexical-store.ts';
import { rankLexically, type LexicalRankingSettings } from '../../src/search/lexical-ranking.ts';
import { pageAmbiguity, spreadAcrossPages } from '../../src/search/page-diversity.ts';
import { termsOf } from '../../src/text/tokenize.ts';

const SETTINGS: LexicalRankingSettings = { k1: 1.2, identifierWeight: 1.5, pageWeight: 0.5, conflationWeight: 1, conflationDepth: 100, proximityWeight: 0.3, proximityDepth: 50, pageDiversity: 0.5, diversePlaces: 3, feedbackTerms: 0, feedbackDepth: 3, feedbackWeight: 0.3 };

const passage = (page: string, plain: string, context: string): LexicalDocument => ({ plain, context, page, language: 'fr' });

const DOCUMENTS = [
  passage('auto.md', "Après le sinistre, l'expertise du véhicule est faite par un expert.", 'Assurance auto'),
  passage('auto.md', "L'expertise a lieu au garage après le sinistre.", 'Assurance auto'),
  passage('auto.md', "Après le sinistre, le rapport d'expertise fixe l'indemnisation.", 'Assurance auto'),
  passage('habitation.md', "Un expert fait l'expertise du logement après un sinistre.", 'Assurance habitation'),
  passage('habitation.md', 'Vous pouvez contester le rapport.', 'Assurance habitation'),
  passage('pret.md', 'Le prêt immobilier se rembourse par mensualités.', 'Crédit immobilier'),
  passage('impots.md', 'La déclaration de revenus se fait en ligne.', 'Impôt sur le revenu'),
  passage('carte.md', "La carte d'identité est valable 15 ans.", "Carte d'identité"),
  passage('naissance.md', "L'acte de naissance est délivré par la mairie.", 'État civil'),
];

function firstThree(question: string, pageDiversity: number): string[] {
  const store = LexicalStore.build(DOCUMENTS);
  const words = store.queryWordsOf(question, SETTINGS.identifierWeight);
  return rankLexically(store, words, { ...SETTINGS, pageDiversity }, 3, (index) => termsOf(DOCUMENTS[index]!.plain, 'fr')).map((hit) => DOCUMENTS[hit.index]!.page);
}

describe('page diversity', () => {
  it('measures ambiguity from the best rival page: none below half the page score, full at par', () => {
    assert.equal(pageAmbiguity(10, 4), 0);
    assert.equal(pageAmbiguity(10, 5), 0);
    assert.equal(pageAmbiguity(10, 7.5), 0.5);
    assert.equal(pageAmbiguity(10, 10), 1);
    assert.equal(pageAmbiguity(10, 12), 1);
  });

  it('lowers a passage by the passages of its page already placed, scaled by that ambiguity, in the first places only', () => {
    const ranked = [
      { index: 0, score: 3.0, page: 0 },
      { index: 1, score: 2.9, page: 0 },
      { index: 2, score: 2.8, page: 0 },
      { index: 3, score: 2.6, page: 1 },
      { index: 4, score: 2.5, page: 0 },
    ];
    const order = (pageScores: [number, number][], places = 3) => spreadAcrossPages(ranked, new Map(pageScores), 0.5, places).map((hit) => hit.index);
    // Rivals at 0.95: page 0's second passage drops by 0.5 × 0.9 = 0.45 (2.45 < 2.6), its third by 0.9.
    assert.deepEqual(order([[0, 1], [1, 0.95]]), [0, 3, 1, 2, 4]);
    // A rival below half: nothing moves.
    assert.deepEqual(order([[0, 1], [1, 0.4]]), [0, 1, 2, 3, 4]);
    // Only the first `places` are chosen this way; the rest keep the ranking's order.
    assert.deepEqual(order([[0, 1], [1, 0.95]], 1), [0, 1, 2, 3, 4]);
  });

  it('shows a rival page among the first three when the question fits both pages', () => {
    const question = "Comment se déroule l'expertise après un sinistre ?";
    assert.deepEqual(firstThree(question, 0), ['auto.md', 'auto.md', 'auto.md']);
    assert.deepEqual(firstThree(question, 0.5), ['auto.md', 'habitation.md', 'auto.md']);
  });

  it('keeps three passages of one page when that page clearly stands out', () => {
    const question = "Comment se déroule l'expertise du véhicule ?";
    assert.deepEqual(firstThree(question, 0.5), ['auto.md', 'auto.md', 'auto.md']);
  });
});
