// The staleness check re-hashes only the corpus files whose stamp (size, times, inode) changed since
// the build, and still sees every change of their bytes.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileStamp, hashBytes, readCorpusHashes } from '../../src/corpus/read-corpus.ts';
import { readKnownHashes, writeCorpusStamps } from '../../src/index/corpus-stamps.ts';
import { buildFiles } from '../../src/index/layout.ts';
import { readCurrentBuild, readManifest } from '../../src/index/read-build.ts';
import { whyRebuild } from '../../src/index/staleness.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { TEST_CHUNK_MAX_CHARS, testBuild } from './generated-embedder.ts';

const FILE = '001_72b8e4faedbc53ad.txt';

describe('corpus stamps', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  const staleness = () => whyRebuild({ indexDir, corpusDir, chunkMaxChars: TEST_CHUNK_MAX_CHARS, embedder: null });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-stamps-'));
    corpusDir = join(dir, 'corpus');
    indexDir = join(dir, 'index');
    await cp(bundledCorpus, corpusDir, { recursive: true, preserveTimestamps: true });
    // Files older than the build: their stamps are recorded (a file touched just before it is not).
    const longAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(corpusDir, FILE), longAgo, longAgo);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await testBuild({ corpusDir, indexDir, embedder: null });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a hash known with the same stamp is taken as it is, unread; with another stamp the file is read', async () => {
    const path = join(corpusDir, FILE);
    const stamp = fileStamp(path)!;
    const known = new Map([[FILE, { stamp, hash: 'the hash the build took' }]]);
    assert.equal((await readCorpusHashes(corpusDir, known))[FILE], 'the hash the build took');
    const moved = new Map([[FILE, { stamp: { ...stamp, size: stamp.size + 1 }, hash: 'the hash the build took' }]]);
    assert.equal((await readCorpusHashes(corpusDir, moved))[FILE], hashBytes(await readFile(path)));
  });

  it('the build stamps the files nothing touched since a little before it read them', async () => {
    const buildDir = (await readCurrentBuild(indexDir))!;
    const manifest = await readManifest(buildDir);
    const known = await readKnownHashes(join(buildDir, buildFiles.corpusStamps), manifest.files);
    assert.deepEqual(known.get(FILE), { stamp: fileStamp(join(corpusDir, FILE)), hash: manifest.files[FILE] });
    assert.equal(await staleness(), null);

    const late = join(dir, 'late');
    await writeFile(join(corpusDir, 'late.md'), 'Écrit juste avant la lecture.\n');
    const startedAt = Date.now();
    await writeCorpusStamps(late, corpusDir, ['late.md', FILE], startedAt);
    const stamped = await readKnownHashes(late, { 'late.md': 'x', [FILE]: 'y' });
    assert.deepEqual([...stamped.keys()], [FILE], 'a file written within the margin before the build is hashed at every check');
    await rm(join(corpusDir, 'late.md'));
  });

  it('sees a change of bytes that kept the size and the modification time', async () => {
    const path = join(corpusDir, FILE);
    const text = await readFile(path, 'utf8');
    const { mtime, atime } = await stat(path);
    await writeFile(path, text.replace('355 entreprises', '356 entreprises'));
    await utimes(path, atime, mtime);
    assert.equal((await stat(path)).size, Buffer.byteLength(text));
    assert.match((await staleness()) ?? '', new RegExp(`corpus changed \\(${FILE}`));
    await writeFile(path, text);
    assert.equal(await staleness(), null, 'the same bytes again: the hash matches, whatever the stamp');
  });

  it('a build without a stamps file (or an unreadable one) hashes every file', async () => {
    const buildDir = (await readCurrentBuild(indexDir))!;
    await writeFile(join(buildDir, buildFiles.corpusStamps), 'not json');
    assert.equal((await readKnownHashes(join(buildDir, buildFiles.corpusStamps), { [FILE]: 'x' })).size, 0);
    assert.equal(await staleness(), null);
  });
});
