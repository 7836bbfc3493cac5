// A build that fails or is killed halfway leaves the previous build serving: the new one is
// written to builds/<id>.tmp and swapped in by rename only when complete.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Citebot } from '../../src/answer/citebot.ts';
import { openCitebot } from '../../src/answer/open.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { indexLayout } from '../../src/index/layout.ts';
import { bundledCorpus, repoRoot } from '../helpers/citebot.ts';
import { silentLog, testBuild } from './generated-embedder.ts';
import { writeGeneratedModel } from '../fakes/model/write-model.ts';

const NEW_FILE = 'added.txt';
const NEW_TEXT = 'Le zeppelin logistique de Tromsø transporte des pièces détachées.\n';
const NEW_QUESTION = 'zeppelin Tromsø';
const OLD_QUESTION = "Combien d'entreprises ont participé au forum ?";

function configFor(dir: string): Config {
  return parseConfig({
    CORPUS_DIR: join(dir, 'corpus'),
    INDEX_DIR: join(dir, 'index'),
    DATA_DIR: join(dir, 'data'),
    MODELS_DIR: join(dir, 'models'),
    ALLOW_MODEL_DOWNLOAD: 'false',
    LOG_LEVEL: 'silent',
  });
}

async function openLexical(config: Config): Promise<Citebot> {
  return openCitebot({ config, log: silentLog, embedder: null, embedderReason: 'test: no embedding model' });
}

async function answerFiles(citebot: Citebot, question: string): Promise<string[] | 'no answer'> {
  const reply = await citebot.run('ask', { text: question });
  assert.equal(reply.kind, 'answer');
  if (reply.kind !== 'answer') return 'no answer';
  return reply.noAnswer ? 'no answer' : reply.passages.map((passage) => passage.source.file);
}

async function buildEntries(indexDir: string): Promise<string[]> {
  return (await readdir(indexLayout(indexDir).builds)).sort();
}

describe('a build that fails before the swap', () => {
  let dir: string;
  let config: Config;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-atomic-'));
    config = configFor(dir);
    await cp(bundledCorpus, config.CORPUS_DIR, { recursive: true });
    await testBuild({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embedder: null });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('leaves CURRENT, the serving build and the engine as they were, and removes its .tmp folder', async () => {
    const layout = indexLayout(config.INDEX_DIR);
    const currentBefore = await readFile(layout.current, 'utf8');
    const entriesBefore = await buildEntries(config.INDEX_DIR);
    const serving = await openLexical(config);
    assert.deepEqual((await answerFiles(serving, OLD_QUESTION))[0], '001_72b8e4faedbc53ad.txt');

    await writeFile(join(config.CORPUS_DIR, NEW_FILE), NEW_TEXT);
    let temporarySeen: string[] = [];
    await assert.rejects(
      testBuild({
        corpusDir: config.CORPUS_DIR,
        indexDir: config.INDEX_DIR,
        embedder: null,
        beforeSwap: async () => {
          temporarySeen = (await buildEntries(config.INDEX_DIR)).filter((entry) => entry.endsWith('.tmp'));
          assert.equal(temporarySeen.length, 1);
          assert.ok(existsSync(join(layout.builds, temporarySeen[0]!, 'manifest.json')), 'the new build is complete when the hook runs');
          throw new Error('simulated crash before the swap');
        },
      }),
      /simulated crash before the swap/,
    );

    assert.equal(temporarySeen.length, 1, 'the build was written to a .tmp folder');
    assert.equal(await readFile(layout.current, 'utf8'), currentBefore, 'CURRENT still names the previous build');
    assert.deepEqual(await buildEntries(config.INDEX_DIR), entriesBefore, 'the .tmp folder is gone, the serving build is intact');
    assert.ok(!existsSync(layout.lock), 'the build lock is released');

    assert.equal(await serving.refresh(), false, 'there is no new build to switch to');
    assert.equal((await answerFiles(serving, OLD_QUESTION))[0], '001_72b8e4faedbc53ad.txt', 'the running engine still answers');
    const reopened = await openLexical(config);
    assert.equal((await answerFiles(reopened, OLD_QUESTION))[0], '001_72b8e4faedbc53ad.txt', 'a fresh engine opens the previous build');
    assert.equal(await answerFiles(reopened, NEW_QUESTION), 'no answer', 'the failed build’s content is not served');
  });

  it('the next build succeeds and the running engine switches to it', async () => {
    const serving = await openLexical(config);
    await testBuild({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embedder: null });
    assert.equal((await buildEntries(config.INDEX_DIR)).length, 1, 'the old build is removed once the new one serves');
    assert.equal(await serving.refresh(), true);
    assert.deepEqual(await answerFiles(serving, NEW_QUESTION), [NEW_FILE]);
  });
});

describe('a build process killed halfway (SIGKILL)', () => {
  let dir: string;
  let config: Config;
  const COPIES = 6;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-killed-'));
    config = configFor(dir);
    await cp(bundledCorpus, config.CORPUS_DIR, { recursive: true });
    await testBuild({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embedder: null });
    // A corpus big enough that embedding it with the generated model takes seconds, so the build
    // is certainly still running (its builds/<id>.tmp folder present) when it is killed.
    const bulk = join(config.CORPUS_DIR, 'bulk');
    await mkdir(bulk);
    for (const file of await readdir(bundledCorpus)) {
      const text = await readFile(join(bundledCorpus, file), 'utf8');
      for (let copy = 0; copy < COPIES; copy += 1) {
        await writeFile(join(bulk, `copy${copy}-${file}`), text.replace(/\.\n/g, ` (copie ${copy}).\n`));
      }
    }
    await writeGeneratedModel(config.MODELS_DIR);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('leaves the previous build serving, and the next build takes over the stale lock', async () => {
    const layout = indexLayout(config.INDEX_DIR);
    const currentBefore = await readFile(layout.current, 'utf8');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CORPUS_DIR: config.CORPUS_DIR,
      INDEX_DIR: config.INDEX_DIR,
      MODELS_DIR: config.MODELS_DIR,
      DATA_DIR: config.DATA_DIR,
      EMBED_MODEL: 'citebot-test/tiny-e5',
      EMBED_DTYPE: 'q8',
      EMBED_BATCH_SIZE: '4',
      ALLOW_MODEL_DOWNLOAD: 'false',
      LOG_LEVEL: 'warn',
    };
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-index.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    let running = true;
    void exited.then(() => (running = false));

    let temporary: string | undefined;
    while (running && !temporary) {
      temporary = (await readdir(layout.builds)).find((entry) => entry.endsWith('.tmp'));
      if (!temporary) await sleep(5);
    }
    assert.ok(temporary, `the build was seen running before it ended (stderr: ${stderr})`);
    child.kill('SIGKILL');
    const { signal } = await exited;
    assert.equal(signal, 'SIGKILL', `the build was killed, not finished (stderr: ${stderr})`);

    assert.ok(existsSync(join(layout.builds, temporary)), 'the killed build left its unfinished .tmp folder');
    assert.equal((await readFile(layout.lock, 'utf8')).trim(), String(child.pid), 'the killed build left its lock');
    assert.equal(await readFile(layout.current, 'utf8'), currentBefore, 'CURRENT still names the previous build');

    const serving = await openLexical(config);
    assert.equal((await answerFiles(serving, OLD_QUESTION))[0], '001_72b8e4faedbc53ad.txt', 'the previous build still answers');

    await rm(join(config.CORPUS_DIR, 'bulk'), { recursive: true });
    await writeFile(join(config.CORPUS_DIR, NEW_FILE), NEW_TEXT);
    const { manifest } = await testBuild({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embedder: null });
    assert.equal(manifest.counts.documents, 6);
    assert.notEqual(await readFile(layout.current, 'utf8'), currentBefore);
    assert.deepEqual(await buildEntries(config.INDEX_DIR), [manifest.buildId], 'the stale .tmp folder and the old build are removed');
    assert.ok(!existsSync(layout.lock), 'the taken-over lock is released');
    assert.equal(await serving.refresh(), true);
    assert.deepEqual(await answerFiles(serving, NEW_QUESTION), [NEW_FILE]);
  });

  it('a build refuses to start while another live process holds the lock', async () => {
    const layout = indexLayout(config.INDEX_DIR);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      await writeFile(layout.lock, String(sleeper.pid));
      await assert.rejects(
        testBuild({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embedder: null }),
        (error: Error) => error.message.includes(String(sleeper.pid)) && error.message.includes('Another build is running'),
      );
    } finally {
      sleeper.kill('SIGKILL');
      await rm(layout.lock, { force: true });
    }
  });
});
