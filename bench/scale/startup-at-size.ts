import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openCitebot } from '../../src/answer/open.ts';
import { parseConfig } from '../../src/config.ts';
import { openBuildStores } from '../../src/index/build-stores.ts';
import { readCurrentBuild } from '../../src/index/read-build.ts';
import { whyRebuild } from '../../src/index/staleness.ts';
import { createLogger } from '../../src/log.ts';
import { runInChild } from '../lib/child.ts';
import { rssMiB } from '../lib/memory.ts';
import { syntheticPassages } from '../lib/synthetic-text.ts';
import { coldStart, type ColdStart } from '../speed/cold-start.ts';
import { PASSAGES_PER_PAGE } from './lexical-common.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PEAK_RSS_PRELOAD = pathToFileURL(fileURLToPath(new URL('../lib/report-peak-rss.mjs', import.meta.url))).href;
/** Corpus files per folder of the synthetic corpus. */
const FILES_PER_FOLDER = 1000;

export interface StartupScaleOptions {
  size: number;
  wordsPerPassage: number;
  seed: number;
  /** Cold starts of `npm run ask` measured. */
  runs: number;
  /** Real text the passages' words are drawn from. */
  sourceTexts: readonly string[];
  /** The real question every cold start asks. */
  question: string;
}

export interface StartupRun extends ColdStart {
  /** Peak resident memory of the process that served the answer (scripts/ask.ts), null when it did not report it. */
  peakRssMiB: number | null;
}

/** The same start-up in one process, timed step by step (a second process, after the cold starts). */
export interface StartupBreakdown {
  /** `whyRebuild`: hashing every corpus file to compare with the manifest (what `npm start` and `npm run ask` do first). */
  stalenessMs: number;
  /** `openCitebot`: the index opened (manifest, chunk and source stores, lexical segments). */
  openMs: number;
  /** The chunk and source stores alone, opened again afterwards (`openBuildStores`): their share of `openMs`. */
  storesMs: number;
  /** Resident memory opening added. */
  openRssMiB: number;
  firstAskMs: number;
  secondAskMs: number;
}

/** `npm run build` after a change of the corpus, as a user runs it: timed, with the previous build's files carried over. */
export interface RebuildTiming {
  change: string;
  seconds: number;
  peakRssMiB: number | null;
  /** Passages in the index after it. */
  passages: number;
}

export interface IndexPart {
  name: string;
  mib: number;
}

export interface StartupScaleResult {
  size: number;
  /** Passages the product's build made of the corpus (the chunker decides). */
  passages: number;
  files: number;
  corpusMiB: number;
  build: { seconds: number; peakRssMiB: number | null };
  index: { mib: number; parts: IndexPart[] };
  question: string;
  runs: StartupRun[];
  breakdown: StartupBreakdown;
  /** `npm run build` again after one file changed, then after 100 files were added. */
  rebuilds: RebuildTiming[];
  /** A cold start after those rebuilds. */
  afterRebuilds: StartupRun;
}

const mib = (bytes: number) => bytes / 1024 ** 2;

function bytesUnder(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((sum, entry) => sum + bytesUnder(join(path, entry)), 0);
}

/** Files of PASSAGES_PER_PAGE passages separated by blank lines (one passage each for the chunker), a thousand to a folder. */
export function writeCorpus(dir: string, options: Pick<StartupScaleOptions, 'size' | 'wordsPerPassage' | 'seed' | 'sourceTexts'>): { files: number; bytes: number } {
  const passages = syntheticPassages(options.sourceTexts, options.size, options.wordsPerPassage, options.seed);
  let files = 0;
  let bytes = 0;
  let page: string[] = [];
  const flush = () => {
    const folder = join(dir, `part-${String(Math.floor(files / FILES_PER_FOLDER)).padStart(4, '0')}`);
    if (files % FILES_PER_FOLDER === 0) mkdirSync(folder, { recursive: true });
    const text = `${page.join('\n\n')}\n`;
    writeFileSync(join(folder, `page-${String(files).padStart(7, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
    files += 1;
    page = [];
  };
  for (const passage of passages) {
    page.push(passage);
    if (page.length === PASSAGES_PER_PAGE) flush();
  }
  if (page.length > 0) flush();
  return { files, bytes };
}

/** The largest peak any process of the command reported, and the one of the process running `script` (the product). */
function readPeaks(file: string, script: string): { product: number | null; largest: number | null } {
  if (!existsSync(file)) return { product: null, largest: null };
  const entries = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { script: string; peakKiB: number | null });
  rmSync(file);
  const product = entries.filter((entry) => entry.script.endsWith(script)).map((entry) => entry.peakKiB ?? 0);
  const all = entries.map((entry) => entry.peakKiB ?? 0);
  return { product: product.length > 0 ? Math.max(...product) / 1024 : null, largest: all.length > 0 ? Math.max(...all) / 1024 : null };
}

/** `npm run build` as a user runs it, timed, with its peak resident memory. */
function runBuild(env: Record<string, string>, peakFile: string): Promise<{ seconds: number; peakRssMiB: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let errors = '';
    const child = spawn('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      errors = (errors + chunk).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const peaks = readPeaks(peakFile, 'scripts/build-index.ts');
      if (code !== 0) reject(new Error(`npm run build exited with ${signal ?? code} after ${seconds.toFixed(0)} s: ${errors.trim().split('\n').slice(-3).join(' / ')}`));
      else resolve({ seconds, peakRssMiB: peaks.product ?? peaks.largest });
    });
  });
}

/** Passages in the serving build, from its manifest. */
function passagesOf(indexDir: string): number {
  const current = readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
  return (JSON.parse(readFileSync(join(indexDir, 'builds', current, 'manifest.json'), 'utf8')) as { counts: { chunks: number } }).counts.chunks;
}

/** One file changed (a paragraph appended), `npm run build`; then 100 new files of new passages in a new folder, `npm run build`. */
async function measureRebuilds(
  corpusDir: string,
  indexDir: string,
  options: Pick<StartupScaleOptions, 'wordsPerPassage' | 'seed' | 'sourceTexts'>,
  build: (change: string) => Promise<{ seconds: number; peakRssMiB: number | null }>,
): Promise<RebuildTiming[]> {
  const rebuilds: RebuildTiming[] = [];
  const firstFolder = join(corpusDir, readdirSync(corpusDir).sort()[0]!);
  const changed = join(firstFolder, readdirSync(firstFolder).sort()[0]!);
  const [appended] = syntheticPassages(options.sourceTexts, 1, options.wordsPerPassage, options.seed + 1);
  writeFileSync(changed, `${readFileSync(changed, 'utf8')}\n${appended}\n`);
  let change = '1 file changed';
  rebuilds.push({ change, ...(await build(change)), passages: passagesOf(indexDir) });

  const added = [...syntheticPassages(options.sourceTexts, 100 * PASSAGES_PER_PAGE, options.wordsPerPassage, options.seed + 2)];
  const folder = join(corpusDir, 'added');
  mkdirSync(folder, { recursive: true });
  for (let file = 0; file < 100; file++) {
    writeFileSync(join(folder, `added-${String(file).padStart(3, '0')}.txt`), `${added.slice(file * PASSAGES_PER_PAGE, (file + 1) * PASSAGES_PER_PAGE).join('\n\n')}\n`);
  }
  change = '100 files added';
  rebuilds.push({ change, ...(await build(change)), passages: passagesOf(indexDir) });
  return rebuilds;
}

/** Entry point of the breakdown's child process (see runInChild). */
export async function runChild(input: { env: Record<string, string>; question: string }): Promise<StartupBreakdown> {
  const config = parseConfig(input.env);
  const log = createLogger('silent');
  const stalenessStart = performance.now();
  const stale = await whyRebuild({ indexDir: config.INDEX_DIR, corpusDir: config.CORPUS_DIR, chunkMaxChars: config.CHUNK_MAX_CHARS, embedder: null });
  const stalenessMs = performance.now() - stalenessStart;
  if (stale) throw new Error(`the index is stale (${stale}): the cold starts would have rebuilt it`);
  const rssBefore = rssMiB();
  const openStart = performance.now();
  const citebot = await openCitebot({ config, log, embedder: null, embedderReason: 'benchmark: lexical-only' });
  const openMs = performance.now() - openStart;
  const openRssMiB = rssMiB() - rssBefore;
  const ask = async () => {
    const started = performance.now();
    await citebot.run('ask', { text: input.question });
    return performance.now() - started;
  };
  const firstAskMs = await ask();
  const secondAskMs = await ask();
  const buildDir = (await readCurrentBuild(config.INDEX_DIR))!;
  const storesStart = performance.now();
  openBuildStores(buildDir);
  const storesMs = performance.now() - storesStart;
  return { stalenessMs, openMs, storesMs, openRssMiB, firstAskMs, secondAskMs };
}

/**
 * A synthetic corpus of `size` passages written as files, built by `npm run build` (lexical-only: no
 * model), then `npm run ask -- --json` started `runs` times, each timed from spawn to the first byte
 * of its answer, with the peak memory of the process that answered.
 */
export async function measureStartupAtSize(options: StartupScaleOptions): Promise<StartupScaleResult> {
  const work = mkdtempSync(join(tmpdir(), 'citebot-scale-startup-'));
  try {
    const env = {
      CORPUS_DIR: join(work, 'corpus'),
      INDEX_DIR: join(work, 'index'),
      DATA_DIR: join(work, 'data'),
      MODELS_DIR: join(work, 'no-models'),
      ALLOW_MODEL_DOWNLOAD: 'false',
      INDEX_BACKEND: 'files',
      LOG_LEVEL: 'warn',
    };
    const peakFile = join(work, 'peak-rss.jsonl');
    const measured = { ...env, NODE_OPTIONS: `--import=${PEAK_RSS_PRELOAD}`, CITEBOT_PEAK_RSS_FILE: peakFile };
    const corpus = writeCorpus(env.CORPUS_DIR, options);
    process.stderr.write(`scale: startup at ${options.size}: corpus of ${corpus.files} files written, building\n`);
    const build = await runBuild(measured, peakFile);
    const buildDir = await readCurrentBuild(env.INDEX_DIR);
    if (!buildDir) throw new Error('npm run build left no index');
    const manifest = JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8')) as { counts: { chunks: number } };
    const parts = readdirSync(buildDir).map((name) => ({ name, mib: mib(bytesUnder(join(buildDir, name))) })).sort((a, b) => b.mib - a.mib);
    process.stderr.write(`scale: startup at ${options.size}: built in ${build.seconds.toFixed(0)} s, ${options.runs} cold starts\n`);
    const runs: StartupRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      const cold = await coldStart(options.question, measured);
      runs.push({ ...cold, peakRssMiB: readPeaks(peakFile, 'scripts/ask.ts').product });
    }
    const breakdown = await runInChild<StartupBreakdown>(import.meta.url, { env, question: options.question });
    const rebuilds = await measureRebuilds(env.CORPUS_DIR, env.INDEX_DIR, options, (change) =>
      runBuild(measured, peakFile).then((timing) => {
        process.stderr.write(`scale: startup at ${options.size}: rebuilt after ${change} in ${timing.seconds.toFixed(1)} s\n`);
        return timing;
      }),
    );
    const after = await coldStart(options.question, measured);
    const afterRebuilds = { ...after, peakRssMiB: readPeaks(peakFile, 'scripts/ask.ts').product };
    return {
      size: options.size,
      passages: manifest.counts.chunks,
      files: corpus.files,
      corpusMiB: mib(corpus.bytes),
      build,
      index: { mib: parts.reduce((sum, part) => sum + part.mib, 0), parts },
      question: options.question,
      runs,
      breakdown,
      rebuilds,
      afterRebuilds,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
