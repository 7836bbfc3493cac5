import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { queryWords, termsOf } from '../../src/text/tokenize.ts';
import { measureQueries, peakRssMiB, secondsSince, syntheticCorpus, type LexicalScaleOptions, type LexicalScaleResult } from './lexical-common.ts';

/** The part of better-sqlite3's API this measurement uses (it is not a dependency of citebot: installed by hand to measure). */
interface Statement {
  run(...values: unknown[]): unknown;
  all(...values: unknown[]): unknown[];
}
interface Database {
  exec(sql: string): void;
  pragma(sql: string): unknown;
  prepare(sql: string): Statement;
  transaction(work: () => void): () => void;
  close(): void;
}
type DatabaseConstructor = new (path: string, options?: { readonly?: boolean }) => Database;

const require = createRequire(import.meta.url);

export function loadSqlite(): DatabaseConstructor | null {
  try {
    return require('better-sqlite3') as DatabaseConstructor;
  } catch {
    return null;
  }
}

/** A question as an FTS5 query over the product's terms: each term quoted, every alternative OR'ed. */
function matchExpression(question: string): string | null {
  const terms = [...new Set(queryWords(question).flatMap((word) => word.terms))];
  return terms.length === 0 ? null : terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(' OR ');
}

/**
 * SQLite FTS5 (better-sqlite3 12) over the same passages and the product's own terms (stemmed,
 * accent-folded, stopwords dropped, written as space-separated words): one FTS5 table of passages
 * (text, headings) and one of pages, ranked by FTS5's bm25() with the product's field weights; a
 * question asks both for their 100 best (the product would then combine them, which FTS5 cannot
 * do inside one query). This measures the engine, not the product's exact ranking.
 */
export async function measureLexicalFts5(options: LexicalScaleOptions): Promise<LexicalScaleResult> {
  const Sqlite = loadSqlite();
  if (!Sqlite) throw new Error('better-sqlite3 is not installed (npm install --no-save better-sqlite3@12 to measure it)');
  const corpus = syntheticCorpus(options, options.size);
  const path = join(options.workDir, 'lexical.sqlite');
  const buildStart = performance.now();
  const db = new Sqlite(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec("CREATE VIRTUAL TABLE passages USING fts5(text, context, tokenize = 'unicode61 remove_diacritics 0')");
  db.exec("CREATE VIRTUAL TABLE pages USING fts5(text, context, tokenize = 'unicode61 remove_diacritics 0')");
  const insertPassage = db.prepare('INSERT INTO passages (rowid, text, context) VALUES (?, ?, ?)');
  const insertPage = db.prepare('INSERT INTO pages (rowid, text, context) VALUES (?, ?, ?)');
  db.transaction(() => {
    let pageText: string[] = [];
    let page = corpus.pageOf(0);
    let pageNumber = 0;
    corpus.texts.forEach((text, index) => {
      const terms = termsOf(text, 'fr').join(' ');
      insertPassage.run(index, terms, '');
      if (corpus.pageOf(index) !== page) {
        insertPage.run(pageNumber++, pageText.join(' '), '');
        pageText = [];
        page = corpus.pageOf(index);
      }
      pageText.push(terms);
    });
    insertPage.run(pageNumber, pageText.join(' '), '');
  })();
  db.exec("INSERT INTO passages (passages) VALUES ('optimize'); INSERT INTO pages (pages) VALUES ('optimize')");
  db.close();
  const buildSeconds = secondsSince(buildStart);

  let opened: Database | null = null;
  const measured = await measureQueries(options, () => {
    const database = new Sqlite(path, { readonly: true });
    opened = database;
    const passageQuery = database.prepare('SELECT rowid, bm25(passages, 1.0, 0.5) AS score FROM passages WHERE passages MATCH ? ORDER BY score LIMIT 100');
    const pageQuery = database.prepare('SELECT rowid, bm25(pages, 1.0, 0.5) AS score FROM pages WHERE pages MATCH ? ORDER BY score LIMIT 100');
    return {
      ask: (question) => {
        const expression = matchExpression(question);
        if (!expression) return 0;
        pageQuery.all(expression);
        return passageQuery.all(expression).length;
      },
    };
  });
  (opened as Database | null)?.close();
  return {
    variant: 'fts5',
    size: options.size,
    wordsPerPassage: options.wordsPerPassage,
    queries: measured.latency.count,
    built: corpus.texts.length,
    buildCompleted: true,
    buildSeconds,
    diskMiB: statSync(path).size / 1024 ** 2,
    openSeconds: measured.openSeconds,
    openRssMiB: measured.openRssMiB,
    peakRssMiB: peakRssMiB(),
    latency: measured.latency,
    cpuLatency: measured.cpuLatency,
    queryLoad: measured.queryLoad,
    meanResults: measured.meanResults,
  };
}
