// The answer service on its own: a scripted retriever and a tiny index, no files, no model.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnswerService } from '../../src/answer/service.ts';
import type { LoadedIndex } from '../../src/index/load.ts';
import { LexicalStore } from '../../src/index/lexical-store.ts';
import type { Retriever, SearchOutcome, SearchRequest } from '../../src/search/search.ts';
import type { Passage } from '../../src/search/types.ts';

const sources = new Map<string, string>([
  ['a.md', 'Titre\n\nLe forum a réuni 355 entreprises. « Nous devons produire davantage de munitions », a déclaré Mark Rutte.'],
  ['b.md', 'Intro.\nRutte a rappelé que :\n- le principe reste valide ;\n- le consensus manque.\nFin.'],
  ['c.md', 'Une autre source sur les munitions, plus ancienne.'],
]);

function passage(file: string, text: string, rank: number, score: number, highlight = text): Passage {
  const start = sources.get(file)!.indexOf(text);
  assert.ok(start >= 0, `${text} is in ${file}`);
  const highlightStart = text.indexOf(highlight);
  const dates: Record<string, string | null> = { 'a.md': '2025-11-06', 'b.md': '2025-11-01', 'c.md': null };
  return {
    rank,
    chunkIds: [`${file}#${rank}`],
    text,
    highlight,
    highlightStart,
    highlightEnd: highlightStart + highlight.length,
    score,
    source: { file, title: file.toUpperCase(), url: null, date: dates[file] ?? null, paragraph: 1, line: 1, start, end: start + text.length },
  };
}

const forum = passage('a.md', 'Le forum a réuni 355 entreprises. « Nous devons produire davantage de munitions », a déclaré Mark Rutte.', 1, 0.9, 'Le forum a réuni 355 entreprises.');
const leadIn = passage('b.md', 'Rutte a rappelé que :\n- le principe reste valide ;\n- le consensus manque.', 2, 0.7, 'Rutte a rappelé que :');
const older = passage('c.md', 'Une autre source sur les munitions, plus ancienne.', 3, 0.6);

function outcome(passages: Passage[], overrides: Partial<SearchOutcome> = {}): SearchOutcome {
  return { mode: 'lexical-only', passages, total: passages.length, noAnswer: false, bestRelevance: 0.9, nearestFiles: ['c.md', 'a.md'], ...overrides };
}

function service(result: (request: SearchRequest) => SearchOutcome, modeReason: string | null = 'no model in /srv/models'): AnswerService {
  const index = {
    buildDir: '/tmp/x',
    manifest: {
      builtAt: '2026-01-01T00:00:00Z',
      model: null,
      documents: ['a.md', 'b.md', 'c.md', 'd.md'].map((file) => ({ file, title: file.toUpperCase(), url: null, date: null, chunks: 1 })),
      counts: { documents: 4, chunks: 4, skipped: 0, embedded: 0, reused: 0 },
    },
    sources,
    lexical: LexicalStore.build([...sources.entries()].map(([file, plain]) => ({ plain, context: '', page: file, language: 'fr' as const }))),
  } as unknown as LoadedIndex;
  const retriever = { mode: 'lexical-only', search: async (request: SearchRequest) => result(request) } as unknown as Retriever;
  return new AnswerService(index, retriever, modeReason, { defaultCount: 3, maxCount: 10, poolSize: 12 });
}

describe('the answer service', () => {
  it('ask: the page of passages, and "more" while the ranking goes on', async () => {
    const reply = await service(() => outcome([forum, leadIn], { total: 5 })).ask('forum', 'fr', 2, 0);
    assert.equal(reply.noAnswer, false);
    assert.deepEqual(reply.passages, [forum, leadIn]);
    assert.equal(reply.hasMore, true);
    assert.deepEqual(reply.suggestions, []);
    assert.equal((await service(() => outcome([older], { total: 5 })).ask('forum', 'fr', 2, 4)).hasMore, false);
  });

  it('ask: no answer gives no passages but the nearest documents as topics (at most three)', async () => {
    const reply = await service(() => outcome([forum], { noAnswer: true, nearestFiles: ['c.md', 'a.md', 'b.md', 'd.md'] })).ask('tarte', 'fr', 3, 0);
    assert.equal(reply.noAnswer, true);
    assert.deepEqual(reply.passages, []);
    assert.equal(reply.hasMore, false);
    assert.deepEqual(reply.suggestions.map((topic) => topic.file), ['c.md', 'a.md', 'b.md']);
  });

  it('ask: a later page that comes back empty is not a no-answer', async () => {
    const reply = await service(() => outcome([], { total: 3 })).ask('forum', 'fr', 3, 3);
    assert.equal(reply.noAnswer, false);
    assert.deepEqual(reply.passages, []);
  });

  it('quote: a quotation on the topic, with its speaker, at its offsets in the file', async () => {
    const reply = await service(() => outcome([forum, leadIn])).quote('munitions', 'fr');
    assert.ok(reply.quote);
    assert.equal(reply.quote.text, 'Nous devons produire davantage de munitions');
    assert.equal(reply.quote.isQuotation, true);
    assert.equal(reply.quote.speaker, 'Mark Rutte');
    assert.equal(sources.get('a.md')!.slice(reply.quote.start, reply.quote.end), reply.quote.text);
    assert.deepEqual(reply.passages, [forum]);
  });

  it('quote: without a quotation on the topic, the best sentence; a lead-in with ":" brings its list and speaker', async () => {
    const reply = await service(() => outcome([leadIn])).quote('principe consensus', 'fr');
    assert.ok(reply.quote);
    assert.equal(reply.quote.isQuotation, false);
    assert.equal(reply.quote.text, 'Rutte a rappelé que :\n- le principe reste valide ;\n- le consensus manque.');
    assert.equal(reply.quote.speaker, 'Rutte');
    assert.equal(sources.get('b.md')!.slice(reply.quote.start, reply.quote.end), reply.quote.text);
  });

  it('brief: the best passage of each source first, grouped by source, newest first, at most `count`', async () => {
    const second = passage('a.md', 'Le forum a réuni 355 entreprises.', 4, 0.5);
    const reply = await service((request) => {
      assert.equal(request.limit, 12, 'brief looks through the pool');
      return outcome([forum, second, leadIn, older]);
    }).brief('munitions', 'fr', 3);
    assert.deepEqual(reply.groups?.map((group) => group.source.file), ['a.md', 'b.md', 'c.md']);
    assert.deepEqual(reply.passages, [forum, leadIn, older], 'one per source before a second from any');
    const four = await service(() => outcome([forum, second, leadIn, older])).brief('munitions', 'fr', 4);
    assert.deepEqual(four.groups?.[0]?.passages, [forum, second]);
  });

  it('status carries the lexical-only reason (for admins); no other reply does', async () => {
    const engine = service(() => outcome([forum]));
    assert.equal(engine.status('en').modeReason, 'no model in /srv/models');
    assert.ok(!('modeReason' in engine.sources('en')));
    assert.ok(!('modeReason' in (await engine.ask('forum', 'en', 3, 0))));
    assert.equal(engine.status('en').files, 4);
  });
});
