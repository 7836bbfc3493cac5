// An index of the format before the binary stores (chunks.json, sources.json, format 3) is not
// loaded: it is rebuilt, and the rebuild still reuses its extractions and its vectors.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnswerReply } from '../../src/answer/types.ts';
import { prepareEngine } from '../../src/cli/prepare-engine.ts';
import { parseConfig } from '../../src/config.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { openBuildStores } from '../../src/index/build-stores.ts';
import { buildFiles, legacyBuildFiles } from '../../src/index/layout.ts';
import { IndexUnavailableError, loadIndex } from '../../src/index/load.ts';
import { INDEX_FORMAT_VERSION } from '../../src/index/manifest.ts';
import { readCurrentBuild } from '../../src/index/read-build.ts';
import { whyRebuild } from '../../src/index/staleness.ts';
import { HTML_PAGE } from '../fixtures/formats.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { loadGeneratedEmbedder, recordingEmbedder, silentLog, TEST_CHUNK_MAX_CHARS, testBuild } from './generated-embedder.ts';

/** Rewrites the serving build as format 3 wrote it: the stores as two JSON files. */
async function downgradeToFormat3(indexDir: string): Promise<void> {
  const buildDir = (await readCurrentBuild(indexDir))!;
  const { chunks, sources } = openBuildStores(buildDir);
  const storedChunks = [...chunks].map(({ position: _position, ...chunk }) => chunk);
  await writeFile(join(buildDir, legacyBuildFiles.chunks), JSON.stringify(storedChunks));
  await writeFile(join(buildDir, legacyBuildFiles.sources), JSON.stringify(Object.fromEntries(sources.files().map((file) => [file, sources.get(file)]))));
  await unlink(join(buildDir, buildFiles.chunks));
  await unlink(join(buildDir, buildFiles.sources));
  const manifestPath = join(buildDir, buildFiles.manifest);
  await writeFile(manifestPath, JSON.stringify({ ...JSON.parse(await readFile(manifestPath, 'utf8')), formatVersion: 3 }));
}

describe('an index of the format before the binary stores', () => {
  let dir: string;
  let corpusDir: string;
  let embedder: Embedder;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-format-upgrade-'));
    corpusDir = join(dir, 'corpus');
    await cp(bundledCorpus, corpusDir, { recursive: true });
    await writeFile(join(corpusDir, 'page.html'), HTML_PAGE);
    embedder = await loadGeneratedEmbedder(join(dir, 'models'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is refused by loadIndex and named stale by whyRebuild', async () => {
    const indexDir = join(dir, 'refused');
    await testBuild({ corpusDir, indexDir, embedder: null });
    await downgradeToFormat3(indexDir);
    assert.match((await whyRebuild({ indexDir, corpusDir, chunkMaxChars: TEST_CHUNK_MAX_CHARS, embedder: null })) ?? '', new RegExp(`another format \\(3; this version reads ${INDEX_FORMAT_VERSION}\\)`));
    await assert.rejects(loadIndex(indexDir), (error: Error) => error instanceof IndexUnavailableError && /npm run build/.test(error.message));
  });

  it('is rebuilt by npm start (prepareEngine), which then answers', async () => {
    const indexDir = join(dir, 'started');
    await testBuild({ corpusDir, indexDir, embedder: null });
    await downgradeToFormat3(indexDir);
    const old = await readCurrentBuild(indexDir);
    const config = parseConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, MODELS_DIR: join(dir, 'no-models'), DATA_DIR: join(dir, 'data'), ALLOW_MODEL_DOWNLOAD: 'false', CHUNK_MAX_CHARS: String(TEST_CHUNK_MAX_CHARS) });
    const { citebot } = await prepareEngine(config, silentLog);
    assert.notEqual(await readCurrentBuild(indexDir), old);
    const reply = (await citebot.run('ask', { text: "Combien d'entreprises ont participé au forum ?" })) as AnswerReply;
    assert.ok(reply.passages[0]?.text.includes('355 entreprises'));
  });

  it('gives its rebuild its extractions, passage vectors and sentence vectors: nothing is extracted or embedded again', async () => {
    const indexDir = join(dir, 'reused');
    const first = await testBuild({ corpusDir, indexDir, embedder });
    await downgradeToFormat3(indexDir);
    const recording = recordingEmbedder(embedder);
    let extracted = -1;
    const rebuilt = await testBuild({ corpusDir, indexDir, embedder: recording.embedder, onExtractProgress: (_done, total) => (extracted = total) });
    assert.equal(extracted, -1, 'the HTML page is not extracted again');
    assert.equal(rebuilt.manifest.counts.reused, first.manifest.counts.chunks);
    assert.equal(rebuilt.manifest.sentenceVectors?.reused, first.manifest.sentenceVectors?.sentences);
    assert.deepEqual(recording.embedded, []);
    assert.equal(rebuilt.lexical, 'built', 'the lexical index of another format is built anew');
    const index = await loadIndex(indexDir);
    assert.equal(index.chunks.length, first.manifest.counts.chunks);
  });
});
