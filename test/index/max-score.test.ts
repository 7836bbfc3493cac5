// MaxScore against scoring every document: the same documents, order and scores, including words
// whose stems differ widely in rarity (each stem bounded on its own) and a page score added.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Bm25Index, type QueryWord } from '../../src/index/bm25.ts';
import { topDocuments } from '../../src/index/max-score.ts';
import { seededRandom as random } from '../../bench/lib/random.ts';

const FIELDS = [{ weight: 1, b: 0.75 }, { weight: 0.5, b: 0.5 }];
const K1 = 1.2;

/** Documents over a vocabulary whose words are common (c…), ordinary (o…) and rare (r…). */
function corpus(count: number, seed: number): string[][][] {
  const next = random(seed);
  const documents: string[][][] = [];
  for (let doc = 0; doc < count; doc++) {
    const text: string[] = [];
    const length = 5 + Math.floor(next() * 30);
    for (let i = 0; i < length; i++) {
      const draw = next();
      text.push(draw < 0.6 ? `c${Math.floor(next() * 4)}` : draw < 0.95 ? `o${Math.floor(next() * 40)}` : `r${Math.floor(next() * 400)}`);
    }
    documents.push([text, next() < 0.2 ? [`c${Math.floor(next() * 4)}`] : []]);
  }
  return documents;
}

/** Every document scored, ranked by bm25 / divisor + pageFactor · page score, ties by number. */
function exhaustive(index: Bm25Index, words: QueryWord[], depth: number, divisor: number, pageFactor: number, pageScores: Float64Array | null, pageOf: Uint32Array) {
  return index
    .score(words, K1)
    .map(({ index: doc, score }) => ({ index: doc, score: score / divisor + pageFactor * (pageScores === null ? 0 : pageScores[pageOf[doc]!]!) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, depth);
}

describe('topDocuments (MaxScore)', () => {
  const documents = corpus(3000, 7);
  const index = Bm25Index.build(documents, FIELDS);
  const pageOf = Uint32Array.from(documents, (_, doc) => Math.floor(doc / 10));
  const pages = Bm25Index.build(
    Array.from({ length: 300 }, (_, page) => [documents.slice(page * 10, page * 10 + 10).flatMap((document) => document[0]!), documents.slice(page * 10, page * 10 + 10).flatMap((document) => document[1]!)]),
    FIELDS,
  );
  const next = random(11);
  const queries: QueryWord[][] = Array.from({ length: 60 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 5) }, (): QueryWord => {
      // Alternative stems of very different rarity: a rare one and a common one, as "premier" and "premi".
      const common = `c${Math.floor(next() * 4)}`;
      const rare = `r${Math.floor(next() * 400)}`;
      const ordinary = `o${Math.floor(next() * 40)}`;
      const draw = next();
      const terms = draw < 0.3 ? [rare, common] : draw < 0.5 ? [common, ordinary] : draw < 0.7 ? [ordinary] : draw < 0.85 ? [rare] : [common];
      return { terms, weight: next() < 0.8 ? 1 : 0.3 };
    }),
  );

  it('ranks by BM25 alone exactly as scoring every document', () => {
    for (const words of queries) {
      for (const depth of [1, 10, 100]) {
        const ranking = { divisor: 1, pageFactor: 0, pageScores: null, topPageScore: 0, pageOf: [pageOf] };
        assert.deepEqual(topDocuments(index, words, K1, depth, ranking), exhaustive(index, words, depth, 1, 0, null, pageOf));
      }
    }
  });

  it('ranks with the page score added exactly as scoring every document', () => {
    for (const words of queries) {
      const top = topDocuments(index, words, K1, 1, { divisor: 1, pageFactor: 0, pageScores: null, topPageScore: 0, pageOf: [pageOf] })[0]?.score ?? 0;
      if (top === 0) continue;
      const pageScores = pages.denseScores(words, K1);
      const pageFactor = pageScores.top > 0 ? 0.5 / pageScores.top : 0;
      for (const depth of [1, 20, 100]) {
        const ranking = { divisor: top, pageFactor, pageScores: pageScores.scores, topPageScore: pageScores.top, pageOf: [pageOf] };
        assert.deepEqual(topDocuments(index, words, K1, depth, ranking), exhaustive(index, words, depth, top, pageFactor, pageScores.scores, pageOf));
      }
    }
  });
});
