// The BM25F index: the formula, alternative stems counted once, field weights, and statistics of live documents only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Bm25Index } from '../../src/index/bm25.ts';
import { boundedEditDistance, nearTerms, prefixedTerms } from '../../src/index/near-terms.ts';

const ONE_FIELD = [{ weight: 1, b: 0.75 }];

describe('Bm25Index', () => {
  it('scores a document by idf · tf(k1 + 1) / (k1 + tf) with length normalisation', () => {
    const index = Bm25Index.build([[['chat', 'chien']], [['chien', 'chien', 'oiseau', 'poisson']], [['poisson']]], ONE_FIELD);
    const [hit] = index.score([{ terms: ['chat'], weight: 1 }], 1.2);
    const idf = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
    const tf = 1 / (1 - 0.75 + (0.75 * 2) / (7 / 3));
    assert.equal(hit!.index, 0);
    assert.ok(Math.abs(hit!.score - (idf * tf * 2.2) / (1.2 + tf)) < 1e-5, `${hit!.score}`);
  });

  it('ranks the document with more of the rarer words first', () => {
    const index = Bm25Index.build([[['assur', 'vehicul']], [['assur', 'habit']], [['expertis', 'vehicul', 'assur']]], ONE_FIELD);
    const ranked = index.score([{ terms: ['expertis'], weight: 1 }, { terms: ['assur'], weight: 1 }], 1.2).sort((a, b) => b.score - a.score);
    assert.equal(ranked[0]!.index, 2);
  });

  it('counts the alternative stems of one word once, by the best of them', () => {
    const index = Bm25Index.build([[['election', 'elect']], [['election']], [['autre']]], ONE_FIELD);
    const first = (terms: string[]) => index.score([{ terms, weight: 1 }], 1.2).find((hit) => hit.index === 0)!.score;
    assert.equal(first(['election', 'elect']), Math.max(first(['election']), first(['elect'])), 'the best stem, not the sum of both');
  });

  it('weighs a word found in a weighted field (a title) below the same word in the text', () => {
    const index = Bm25Index.build([[['budget'], []], [[], ['budget']], [['autre'], ['autre']]], [{ weight: 1, b: 0.75 }, { weight: 0.5, b: 0.5 }]);
    const hits = index.score([{ terms: ['budget'], weight: 1 }], 1.2).sort((a, b) => b.score - a.score);
    assert.deepEqual(hits.map((hit) => hit.index), [0, 1]);
  });

  it('counts only live documents once some are deleted (N, df and average lengths of what is served)', () => {
    const all = Bm25Index.build([[['a1', 'b2']], [['b2', 'c3']], [['c3', 'c3', 'd4']]], ONE_FIELD);
    const part = all.parts[0]!;
    const words = [{ terms: ['b2'], weight: 1 }, { terms: ['c3'], weight: 1 }];
    const withDeletion = Bm25Index.open(
      [{ termIds: part.termIds, postings: rawPostings(), deleted: Uint8Array.from([1, 0, 0]), globalIds: Uint32Array.from([0, 0, 1]) }],
      ONE_FIELD[0]!,
      { weight: 0, b: 0 },
    );
    const alone = Bm25Index.build([[['b2', 'c3']], [['c3', 'c3', 'd4']]], ONE_FIELD);
    assert.equal(withDeletion.documentCount, 2);
    assert.equal(withDeletion.documentFrequency('a1'), 0);
    assert.equal(withDeletion.documentFrequency('b2'), 1);
    assert.deepEqual(withDeletion.score(words, 1.2), alone.score(words, 1.2));
    assert.deepEqual(withDeletion.vocabulary(), ['b2', 'c3', 'd4']);
  });
});

/** The raw postings of the three documents above, as a segment holds them. */
function rawPostings() {
  return {
    offsets: Uint32Array.from([0, 1, 3, 5, 6]),
    docs: Uint32Array.from([0, 0, 1, 1, 2, 2]),
    textCounts: Uint32Array.from([1, 1, 1, 1, 2, 1]),
    contextCounts: new Uint32Array(6),
    textLengths: Uint32Array.from([2, 2, 3]),
    contextLengths: new Uint32Array(3),
  };
}

describe('Bm25Index.scoresOf (a few documents, by binary search)', () => {
  it('gives the chosen documents the scores `score` gives them, a word counted by its best term', () => {
    const fields = [{ weight: 1, b: 0.75 }, { weight: 0.5, b: 0.5 }];
    const index = Bm25Index.build(
      [
        [['election', 'elect', 'vote'], ['election']],
        [['vote', 'vote'], []],
        [['autre'], ['elect']],
        [['election'], []],
      ],
      fields,
    );
    const words = [{ terms: ['election', 'elect'], weight: 1 }, { terms: ['vote'], weight: 1.5 }];
    const all = new Map(index.score(words, 1.2).map((hit) => [hit.index, hit.score]));
    const chosen = [3, 0, 2, 1];
    const scores = index.scoresOf(words, 1.2, chosen);
    chosen.forEach((document, position) => assert.ok(Math.abs(scores[position]! - (all.get(document) ?? 0)) < 1e-6, `document ${document}: ${scores[position]} vs ${all.get(document)}`));
  });
});

describe('near terms (typos)', () => {
  it('finds a word one typo away, not a short or distant one', () => {
    assert.equal(boundedEditDistance('assurance', 'asurance', 2), 1);
    assert.deepEqual(nearTerms('asurance', ['assurance', 'voiture', 'assure']), ['assurance']);
    assert.deepEqual(nearTerms('chat', ['chats', 'chut']), [], 'short words are not guessed');
    assert.deepEqual(nearTerms('voiture', ['bateau']), []);
  });
});

describe('longer names (prefixes)', () => {
  const vocabulary = ['hnswlib', 'node', 'postgresql', 'postgresqlconf', 'stat', 'statement', 'statist', 'status', 'static'].sort();

  it('finds the few terms a name begins', () => {
    assert.deepEqual(prefixedTerms('hnsw', vocabulary), ['hnswlib']);
    assert.deepEqual(prefixedTerms('postgres', vocabulary), ['postgresql', 'postgresqlconf']);
  });

  it('finds nothing for a short name, a number, a start shared by many terms, the term itself or one letter more', () => {
    assert.deepEqual(prefixedTerms('russia', ['russian']), [], 'an inflection, not a longer name');
    assert.deepEqual(prefixedTerms('hns', vocabulary), []);
    assert.deepEqual(prefixedTerms('2024', ['20245']), []);
    assert.deepEqual(prefixedTerms('stat', vocabulary), []);
    assert.deepEqual(prefixedTerms('node', vocabulary), []);
  });
});
