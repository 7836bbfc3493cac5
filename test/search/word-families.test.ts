// Word families (conflationWeight): the best passages are re-ranked with each question word standing
// for every term of the corpus that starts with its first 5 letters, pooled as one term, so that a
// passage saying "construit" answers a question asking about "la construction".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Bm25Index, idfOf } from '../../src/index/bm25.ts';
import { LexicalStore, type LexicalDocument } from '../../src/index/lexical-store.ts';
import { termsStartingWith } from '../../src/index/near-terms.ts';
import { rankLexically, type LexicalRankingSettings } from '../../src/search/lexical-ranking.ts';
import { termsOf } from '../../src/text/tokenize.ts';

const SETTINGS: LexicalRankingSettings = { k1: 1.2, identifierWeight: 1.5, pageWeight: 0, conflationWeight: 1, conflationDepth: 100, proximityWeight: 0, proximityDepth: 50, pageDiversity: 0, diversePlaces: 3, feedbackTerms: 0, feedbackDepth: 3, feedbackWeight: 0.3 };

const passage = (page: string, plain: string, context = ''): LexicalDocument => ({ plain, context, page, language: 'fr' });

const DOCUMENTS = [
  passage('pont-neuf.md', 'Le pont fut construit en 1607 sous Henri IV.'),
  passage('ponts.md', 'Le pont des Arts, le pont au Change, le pont Neuf.'),
  passage('bois.md', 'Un pont de bois.'),
  passage('levant.md', 'Le pont levant.'),
  passage('marie.md', 'Le pont Marie.'),
  passage('seine.md', 'La Seine traverse Paris.'),
  passage('louvre.md', 'Le Louvre est un musée.'),
  passage('tour.md', 'La tour mesure 330 mètres.'),
  passage('metro.md', 'Le métro compte seize lignes.'),
  passage('chantier.md', 'La construction navale à Saint-Nazaire.'),
];

function pagesInOrder(store: LexicalStore, question: string, conflationWeight: number): string[] {
  const words = store.queryWordsOf(question, SETTINGS.identifierWeight);
  return rankLexically(store, words, { ...SETTINGS, conflationWeight }, 10, (index) => termsOf(DOCUMENTS[index]!.plain, 'fr')).map((hit) => DOCUMENTS[hit.index]!.page);
}

describe('word families', () => {
  it('finds every term of a sorted vocabulary that starts with a prefix', () => {
    const vocabulary = ['const', 'constitu', 'construct', 'construit', 'consul', 'cont'];
    assert.deepEqual(termsStartingWith('const', vocabulary), ['const', 'constitu', 'construct', 'construit']);
    assert.deepEqual(termsStartingWith('zzz', vocabulary), []);
    assert.deepEqual(termsStartingWith('a', vocabulary), []);
  });

  it('widens a word of 5 letters or more to its family; a shorter one and a number stand for themselves', () => {
    const store = LexicalStore.build(DOCUMENTS);
    const words = store.conflatedWordsOf(store.queryWordsOf('La construction du pont en 1607 ?'));
    const family = words.find((word) => word.terms.includes('construit'));
    assert.ok(family, 'the family of "construction" holds "construit"');
    assert.ok(family.terms.every((term) => term.startsWith('const')));
    assert.deepEqual(words.find((word) => word.terms.includes('pont'))?.terms, ['pont']);
    assert.deepEqual(words.find((word) => word.terms.includes('1607'))?.terms, ['1607']);
  });

  it('pools a family as one term: tf summed, df the documents holding any of its terms', () => {
    const split = Bm25Index.build([[['constitu', 'construit']], [['construit', 'pont']], [['pont']], [['seine']]], [{ weight: 1, b: 0.75 }]);
    const merged = Bm25Index.build([[['const', 'const']], [['const', 'pont']], [['pont']], [['seine']]], [{ weight: 1, b: 0.75 }]);
    const pooled = split.pooledScore([{ terms: ['constitu', 'construit'], weight: 1 }], 1.2, 1, [0, 1, 2, 3]);
    const single = merged.score([{ terms: ['const'], weight: 1 }], 1.2);
    assert.equal(pooled[2], 0);
    assert.equal(pooled[3], 0);
    for (const hit of single) assert.ok(Math.abs(pooled[hit.index]! - hit.score) < 1e-6, `document ${hit.index}`);
    assert.deepEqual([...split.pooledScore([{ terms: ['constitu', 'construit'], weight: 1 }], 1.2, 1, [1])], [pooled[1]], 'the df counts documents not asked about');
  });

  it('on a large index, counts a family whose rarer terms have more than 50,000 postings by the sum of their frequencies', () => {
    // 30,000 documents hold the four terms of a family, 10,000 another word: the family's rarer terms have 90,000 postings.
    const family = ['wwwww', 'xxxxx', 'yyyyy', 'zzzzz'];
    const documents = [...Array.from({ length: 30_000 }, () => [family]), ...Array.from({ length: 10_000 }, () => [['autre']])];
    const index = Bm25Index.build(documents, [{ weight: 1, b: 0.75 }]);
    const [score] = index.pooledScore([{ terms: family, weight: 1 }], 1.2, 1, [0]);
    const frequency = 4 / (0.25 + (0.75 * 4) / 3.25);
    const withDf = (df: number) => (idfOf(40_000, df) * frequency * 2.2) / (1.2 + frequency);
    assert.ok(Math.abs(score! - withDf(40_000)) < 1e-9, 'the sum of the four frequencies, at most every document');
    assert.ok(Math.abs(score! - withDf(30_000)) > 1e-3, 'not the exact count');
  });

  it('weighs titles and headings by the boost given', () => {
    const index = Bm25Index.build(
      [
        [['pont'], ['construit']],
        [['pont'], []],
      ],
      [
        { weight: 1, b: 0 },
        { weight: 0.5, b: 0 },
      ],
    );
    const scoreOf = (boost: number) => index.pooledScore([{ terms: ['construit'], weight: 1 }], 1.2, boost, [0])[0]!;
    // tf' = 0.5 · boost; BM25 saturates it as tf' · (k1 + 1) / (k1 + tf').
    const idf = index.idf('construit');
    assert.ok(Math.abs(scoreOf(1) - (idf * 0.5 * 2.2) / 1.7) < 1e-9);
    assert.ok(Math.abs(scoreOf(2) - (idf * 1 * 2.2) / 2.2) < 1e-9);
  });

  it('ranks the passage that says "construit" above one that repeats "pont" for a question about "la construction" of a bridge', () => {
    const store = LexicalStore.build(DOCUMENTS);
    const question = 'Quand a eu lieu la construction du pont ?';
    const before = pagesInOrder(store, question, 0);
    assert.ok(before.indexOf('ponts.md') < before.indexOf('pont-neuf.md'), 'by its stem alone, "construction" is not "construit"');
    const after = pagesInOrder(store, question, SETTINGS.conflationWeight);
    assert.ok(after.indexOf('pont-neuf.md') < after.indexOf('ponts.md'), after.join(', '));
  });
});
