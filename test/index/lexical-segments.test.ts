// The segmented lexical index: the same scores and rankings as the index it replaced (kept in
// bench/lib/legacy-lexical.ts), a binary round trip, incremental updates ranking exactly as a full
// rebuild, deletions never returned, and damaged segment files refused with a clear error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LegacyLexicalStore, legacyRankLexically } from '../../bench/lib/legacy-lexical.ts';
import { seededRandom } from '../../bench/lib/random.ts';
import { openLexicalIndex, updateLexicalIndex, writeLexicalIndex, type LexicalSettings } from '../../src/index/lexical-files.ts';
import { DEFAULT_LEXICAL_FIELDS, lexicalSegmentOf, LexicalStore, type LexicalDocument } from '../../src/index/lexical-store.ts';
import { SegmentFileError } from '../../src/index/segment-file.ts';
import { rankLexically, type LexicalRankingSettings } from '../../src/search/lexical-ranking.ts';
import { termsOf, TOKENIZER_VERSION } from '../../src/text/tokenize.ts';
import { bundledCorpus } from '../helpers/citebot.ts';

// Word families and page diversity off: the index it replaced had neither (its ranking is kept as it was).
const SETTINGS: LexicalRankingSettings = { k1: 1.2, identifierWeight: 1.5, pageWeight: 0.5, conflationWeight: 0, conflationDepth: 100, proximityWeight: 0.3, proximityDepth: 50, pageDiversity: 0, diversePlaces: 3, feedbackTerms: 0, feedbackDepth: 3, feedbackWeight: 0.3 };
const EVERY_STEP: LexicalRankingSettings = { ...SETTINGS, conflationWeight: 1, pageDiversity: 0.5 };
const LEXICAL: LexicalSettings = { fields: DEFAULT_LEXICAL_FIELDS, stemming: 'detected', tokenizer: TOKENIZER_VERSION };

const words = readdirWords();

function readdirWords(): string[] {
  const files = ['000_1cb8f8b5dc050c03.txt', '001_72b8e4faedbc53ad.txt', '002_d8945c8b04b67cba.txt', '003_bf6b79f1281f9256.txt', '004_4245ddf72926b519.txt'];
  return files.flatMap((file) => readFileSync(join(bundledCorpus, file), 'utf8').split(/\s+/u)).filter((word) => word !== '');
}

/** Pages of a few passages of words drawn from the bundled corpus, each with a title; `tag` makes a version's words its own. */
function page(name: string, seed: number, tag = ''): LexicalDocument[] {
  const random = seededRandom(seed);
  const pick = (count: number) => Array.from({ length: count }, () => words[Math.floor(random() * words.length)]!).join(' ');
  const title = pick(3);
  return Array.from({ length: 2 + Math.floor(random() * 5) }, () => ({
    plain: `${pick(8 + Math.floor(random() * 40))}${tag ? ` ${tag}` : ''}`,
    context: title,
    page: name,
    language: 'fr' as const,
  }));
}

function corpus(pages: number, seed: number): Map<string, LexicalDocument[]> {
  return new Map(Array.from({ length: pages }, (_, index) => [`page-${String(index).padStart(3, '0')}.md`, page(`page-${String(index).padStart(3, '0')}.md`, seed + index)]));
}

const flatten = (pages: Map<string, LexicalDocument[]>) => [...pages.values()].flat();

function questions(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const list = Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => words[Math.floor(random() * words.length)]!).join(' '));
  // Typos: a word the corpus never uses is looked up among near spellings.
  list.push('entreprisses participantes', 'Bucarestt industriee', 'zzzz', '');
  return list;
}

function ranking(store: LexicalStore, documents: readonly LexicalDocument[], question: string) {
  return rankLexically(store, store.queryWordsOf(question), EVERY_STEP, 100, (index) => termsOf(documents[index]!.plain, 'fr'));
}

describe('the segmented lexical index against the index it replaced', () => {
  const documents = flatten(corpus(60, 1));
  const legacy = LegacyLexicalStore.build(documents);
  const store = LexicalStore.build(documents);

  it('gives every passage and page the same BM25F score, to the last bit', () => {
    for (const question of questions(80, 7)) {
      const legacyWords = legacy.queryWordsOf(question);
      assert.deepEqual(store.queryWordsOf(question), legacyWords);
      const bySorted = (hits: { index: number; score: number }[]) => [...hits].sort((a, b) => a.index - b.index);
      const ours = store.score(legacyWords, 1.2);
      const theirs = legacy.score(legacyWords, 1.2);
      assert.deepEqual(bySorted(ours.passages), bySorted(theirs.passages), question);
      assert.deepEqual(bySorted(ours.pages), bySorted(theirs.pages), question);
      for (const word of legacyWords) for (const term of word.terms) assert.equal(store.idf(term), legacy.idf(term));
    }
  });

  it('ranks exactly as before: same passages, same order, same scores (MaxScore prunes nothing that counts)', () => {
    const terms = (index: number) => termsOf(documents[index]!.plain, 'fr');
    for (const question of questions(120, 11)) {
      const words = store.queryWordsOf(question);
      for (const limit of [1, 5, 100]) {
        assert.deepEqual(
          rankLexically(store, words, SETTINGS, limit, terms),
          legacyRankLexically(legacy, words, SETTINGS, limit, terms),
          `${question} (limit ${limit})`,
        );
      }
      assert.deepEqual(
        rankLexically(store, words, { ...SETTINGS, proximityWeight: 0, pageWeight: 0 }, 100, terms),
        legacyRankLexically(legacy, words, { ...SETTINGS, proximityWeight: 0, pageWeight: 0 }, 100, terms),
      );
    }
  });
});

describe('lexical index files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-segments-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('round-trips through binary segment files with the same scores and vocabulary', async () => {
    const documents = flatten(corpus(30, 100));
    const inMemory = LexicalStore.build(documents);
    await writeLexicalIndex(join(dir, 'round-trip'), lexicalSegmentOf(documents), LEXICAL);
    const opened = await openLexicalIndex(join(dir, 'round-trip'));
    assert.equal(opened.documentCount, documents.length);
    assert.deepEqual(opened.pageNames, inMemory.pageNames);
    for (const question of questions(40, 3)) {
      assert.deepEqual(ranking(opened, documents, question), ranking(inMemory, documents, question), question);
      const words = opened.queryWordsOf(question);
      assert.deepEqual(opened.score(words, 1.2), inMemory.score(words, 1.2));
    }
  });

  it('after changing, removing and adding pages, ranks exactly as a full rebuild of the same corpus, and never returns a deleted passage', async () => {
    const before = corpus(40, 200);
    await writeLexicalIndex(join(dir, 'v1'), lexicalSegmentOf(flatten(before)), LEXICAL);
    // Change two pages (their new passages hold a word of their own), remove one, add two.
    const after = new Map(before);
    after.set('page-003.md', page('page-003.md', 9003, 'zeppelinvert'));
    after.set('page-017.md', page('page-017.md', 9017, 'zeppelinvert'));
    after.delete('page-020.md');
    after.set('page-040.md', page('page-040.md', 9040));
    after.set('page-005b.md', page('page-005b.md', 9041, 'dirigeable'));
    const sorted = new Map([...after.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    const documents = flatten(sorted);
    const order = [...sorted.keys()];
    const segmentOf = (pages: readonly string[]) => lexicalSegmentOf(pages.flatMap((name) => sorted.get(name)!));
    const passageCounts = new Map([...sorted].map(([name, passages]) => [name, passages.length]));
    const update = await updateLexicalIndex(join(dir, 'v1'), join(dir, 'v2'), {
      removedPages: new Set(['page-003.md', 'page-017.md', 'page-020.md', 'page-040.md', 'page-005b.md']),
      addedPages: ['page-003.md', 'page-005b.md', 'page-017.md', 'page-040.md'],
      order,
      passageCounts,
      segmentOf,
      settings: LEXICAL,
    });
    assert.deepEqual(update, { kind: 'updated', segments: 2 });
    const updated = await openLexicalIndex(join(dir, 'v2'));
    const rebuilt = LexicalStore.build(documents);
    assert.equal(updated.documentCount, rebuilt.documentCount);
    for (const question of [...questions(60, 5), 'zeppelinvert', 'dirigeable zeppelinvert']) {
      assert.deepEqual(ranking(updated, documents, question), ranking(rebuilt, documents, question), question);
    }
    // The previous version's passages of changed and removed pages are gone.
    const removed = before.get('page-020.md')!;
    const hits = ranking(updated, documents, removed[0]!.plain);
    assert.ok(hits.every((hit) => documents[hit.index]!.page !== 'page-020.md'));
    assert.equal(updated.pageNames.includes('page-020.md'), false);
    assert.ok(ranking(updated, documents, 'zeppelinvert').length > 0);
    // The previous index is untouched and still serves the old state.
    const previous = await openLexicalIndex(join(dir, 'v1'));
    assert.equal(previous.has('zeppelinvert'), false);
    assert.equal(previous.documentCount, flatten(before).length);
  });

  it('merges small segments when updates pile up, still ranking as a full rebuild', async () => {
    let current = corpus(40, 300);
    await writeLexicalIndex(join(dir, 'm0'), lexicalSegmentOf(flatten(current)), LEXICAL);
    const kinds: string[] = [];
    for (let step = 1; step <= 7; step++) {
      const name = `page-${String(step).padStart(3, '0')}.md`;
      const next = new Map(current);
      next.set(name, page(name, 5000 + step, `version${step}`));
      const documentsOf = (pages: readonly string[]) => pages.flatMap((page) => next.get(page)!);
      const update = await updateLexicalIndex(join(dir, `m${step - 1}`), join(dir, `m${step}`), {
        removedPages: new Set([name]),
        addedPages: [name],
        order: [...next.keys()],
        passageCounts: new Map([...next].map(([page, passages]) => [page, passages.length])),
        segmentOf: (pages) => lexicalSegmentOf(documentsOf(pages)),
        settings: LEXICAL,
      });
      kinds.push(update.kind);
      current = next;
    }
    assert.ok(kinds.includes('merged'), kinds.join(', '));
    const documents = flatten(current);
    const updated = await openLexicalIndex(join(dir, 'm7'));
    const rebuilt = LexicalStore.build(documents);
    for (const question of [...questions(40, 9), 'version3', 'version7']) {
      assert.deepEqual(ranking(updated, documents, question), ranking(rebuilt, documents, question), question);
    }
  });

  it('rebuilds instead of updating when the settings differ', async () => {
    const documents = corpus(5, 400);
    await writeLexicalIndex(join(dir, 's1'), lexicalSegmentOf(flatten(documents)), LEXICAL);
    const update = await updateLexicalIndex(join(dir, 's1'), join(dir, 's2'), {
      removedPages: new Set(),
      addedPages: [],
      order: [...documents.keys()],
      passageCounts: new Map([...documents].map(([page, passages]) => [page, passages.length])),
      segmentOf: (pages) => lexicalSegmentOf(pages.flatMap((page) => documents.get(page)!)),
      settings: { ...LEXICAL, stemming: 'both' },
    });
    assert.equal(update.kind, 'rebuilt');
  });

  it('refuses a damaged or truncated segment file with an error that names it', async () => {
    const documents = flatten(corpus(5, 500));
    await writeLexicalIndex(join(dir, 'damaged'), lexicalSegmentOf(documents), LEXICAL);
    const [file] = (await readdir(join(dir, 'damaged'))).filter((name) => name.endsWith('.seg'));
    const path = join(dir, 'damaged', file!);
    const bytes = await readFile(path);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 20] = flipped[flipped.length - 20]! ^ 0xff;
    await writeFile(path, flipped);
    await assert.rejects(openLexicalIndex(join(dir, 'damaged')), (error: Error) => error instanceof SegmentFileError && error.message.includes(file!) && /damaged|wrong size|out of/.test(error.message));
    await writeFile(path, bytes.subarray(0, bytes.length / 2));
    await assert.rejects(openLexicalIndex(join(dir, 'damaged')), /truncated/);
    await writeFile(path, 'garbage');
    await assert.rejects(openLexicalIndex(join(dir, 'damaged')), /not a citebot lexical segment|truncated/);
  });
});
