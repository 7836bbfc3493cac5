import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Bm25Index } from '../../src/index/bm25.ts';
import { queryWords, termsOf } from '../../src/text/tokenize.ts';
import { overlaps } from './corpus.ts';
import { RANK_DEPTH, type BenchQuestion, type QuestionOutcome } from './evaluate.ts';

// The floor issue 10 measures citebot against: plain BM25 with the product's tokenizer, nothing else.

export const BASELINE_CHUNK_CHARS = 1000;
const K1 = 1.2;
const B = 0.75;

export const BASELINE_NOTE =
  `Plain BM25 baseline (\`bench/quality/baseline-bm25.ts\`): each corpus file's body (front matter left out) cut into chunks ` +
  `of consecutive non-blank lines joined while they fit in ${BASELINE_CHUNK_CHARS.toLocaleString('en-US')} characters (a blank line always ends a chunk, ` +
  `so a PIAF paragraph stays whole; a longer single line is one chunk), terms from the product's tokenizer (\`termsOf\`: accent-folded ` +
  `French and English stems, stopwords dropped), BM25 with k1 ${K1} and b ${B}, a question word counting once by its best stem; ` +
  `no page score, no proximity, no titles or headings, no fusion and no no-answer rule (it declines nothing).`;

export interface BaselineChunk {
  file: string;
  start: number;
  end: number;
  text: string;
}

/** Where the body starts: after YAML front matter when the file opens with one. */
function bodyStart(text: string): number {
  if (!text.startsWith('---\n') && !text.startsWith('---\r\n')) return 0;
  const close = text.search(/\n---\r?\n/);
  if (close === -1) return 0;
  return text.indexOf('\n', close + 1) + 1;
}

/** Consecutive non-blank lines joined while the chunk stays within `maxChars`; a blank line always ends a chunk (`blankLineEnds` false: blank lines are skipped, as the Service-Public README's reference chunking does). */
export function baselineChunks(file: string, text: string, maxChars = BASELINE_CHUNK_CHARS, blankLineEnds = true): BaselineChunk[] {
  const chunks: BaselineChunk[] = [];
  let chunkStart = -1;
  let chunkEnd = -1;
  const close = () => {
    if (chunkStart !== -1) chunks.push({ file, start: chunkStart, end: chunkEnd, text: text.slice(chunkStart, chunkEnd) });
    chunkStart = -1;
  };
  let start = bodyStart(text);
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    const contentEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    if (text.slice(start, contentEnd).trim() === '') {
      if (blankLineEnds) close();
    } else {
      if (chunkStart !== -1 && contentEnd - chunkStart > maxChars) close();
      if (chunkStart === -1) chunkStart = start;
      chunkEnd = contentEnd;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  close();
  return chunks;
}

async function corpusFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(md|txt)$/i.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

export interface BaselineIndex {
  chunks: BaselineChunk[];
  index: Bm25Index;
  buildSeconds: number;
}

/** Reads every .md and .txt file of a corpus folder, chunks it and indexes the chunks. */
export async function buildBaseline(corpusDir: string): Promise<BaselineIndex> {
  const started = performance.now();
  const chunks: BaselineChunk[] = [];
  for (const file of await corpusFiles(corpusDir)) chunks.push(...baselineChunks(file, await readFile(join(corpusDir, file), 'utf8')));
  const index = Bm25Index.build(
    chunks.map((chunk) => [termsOf(chunk.text)]),
    [{ weight: 1, b: B }],
  );
  return { chunks, index, buildSeconds: (performance.now() - started) / 1000 };
}

/** The best RANK_DEPTH chunks for a question, best first (ties by position in the corpus). */
export function baselineRanking(baseline: BaselineIndex, question: string): number[] {
  const words = queryWords(question).map(({ terms }) => ({ terms, weight: 1 }));
  return baseline.index
    .score(words, K1)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, RANK_DEPTH)
    .map((hit) => hit.index);
}

export function askBaseline(baseline: BaselineIndex, questions: readonly BenchQuestion[]): QuestionOutcome[] {
  return questions.map(({ question, gold }) => {
    const ranking = baselineRanking(baseline, question);
    const position = gold
      ? ranking.findIndex((index) => {
          const chunk = baseline.chunks[index]!;
          return overlaps(gold, chunk.file, chunk.start, chunk.end);
        })
      : -1;
    return { rank: position === -1 ? null : position + 1, bestRelevance: 0 };
  });
}
