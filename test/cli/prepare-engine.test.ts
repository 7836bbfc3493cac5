// What `npm start` and `npm run ask` do before answering: build the index when it is missing or
// stale, keep serving the previous build when a rebuild fails.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnswerReply } from '../../src/answer/types.ts';
import { prepareEngine } from '../../src/cli/prepare-engine.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { buildFiles, indexLayout } from '../../src/index/layout.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { silentLog } from '../index/generated-embedder.ts';

describe('prepareEngine', () => {
  let dir: string;
  let config: Config;
  const current = () => readFile(indexLayout(config.INDEX_DIR).current, 'utf8');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-prepare-'));
    config = parseConfig({
      CORPUS_DIR: join(dir, 'corpus'),
      INDEX_DIR: join(dir, 'index'),
      MODELS_DIR: join(dir, 'models'),
      DATA_DIR: join(dir, 'data'),
      ALLOW_MODEL_DOWNLOAD: 'false',
    });
    await cp(bundledCorpus, config.CORPUS_DIR, { recursive: true });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('with no model and no index: explains lexical-only, builds, and answers the forum question', async () => {
    const notices: string[] = [];
    const { citebot, embedderReason } = await prepareEngine(config, silentLog, (notice) => notices.push(notice));
    assert.ok(embedderReason?.includes('Xenova/multilingual-e5-small'));
    assert.ok(notices.some((notice) => notice.includes('lexical-only')), 'the user is told why search is lexical-only');
    assert.deepEqual(citebot.mode(), { mode: 'lexical-only', reason: embedderReason });
    const reply = (await citebot.run('ask', { text: "Combien d'entreprises ont participé au forum ?" })) as AnswerReply;
    assert.equal(reply.kind, 'answer');
    assert.ok(reply.passages[0]?.text.includes('355 entreprises'));
    assert.equal(reply.passages[0]?.source.file, '001_72b8e4faedbc53ad.txt');
  });

  it('does not rebuild an index that matches the corpus', async () => {
    const before = await current();
    await prepareEngine(config, silentLog);
    assert.equal(await current(), before);
  });

  it('rebuilds when the corpus changed', async () => {
    const before = await current();
    await writeFile(join(config.CORPUS_DIR, 'added.txt'), 'Le zeppelin logistique de Tromsø transporte des pièces.\n');
    const { citebot } = await prepareEngine(config, silentLog);
    assert.notEqual(await current(), before);
    const reply = (await citebot.run('ask', { text: 'zeppelin Tromsø' })) as AnswerReply;
    assert.equal(reply.passages[0]?.source.file, 'added.txt');
  });

  it('rebuilds from scratch when a lexical segment file is damaged, and answers', async () => {
    const before = await current();
    const lexicalDir = join(indexLayout(config.INDEX_DIR).build(before.trim()), buildFiles.lexical);
    for (const file of await readdir(lexicalDir)) if (file.endsWith('.seg')) await writeFile(join(lexicalDir, file), 'damaged');
    const { citebot } = await prepareEngine(config, silentLog);
    assert.notEqual(await current(), before);
    const reply = (await citebot.run('ask', { text: 'zeppelin Tromsø' })) as AnswerReply;
    assert.equal(reply.passages[0]?.source.file, 'added.txt');
  });

  it('keeps serving the previous build when the rebuild fails, and says so', async () => {
    const before = await current();
    for (const file of await readdir(config.CORPUS_DIR)) await writeFile(join(config.CORPUS_DIR, file), Buffer.from('\xe9t\xe9', 'latin1'));
    const notices: string[] = [];
    const { citebot } = await prepareEngine(config, silentLog, (notice) => notices.push(notice));
    assert.equal(await current(), before);
    assert.ok(notices.some((notice) => notice.includes('previous build')), notices.join('\n'));
    const reply = (await citebot.run('ask', { text: 'zeppelin Tromsø' })) as AnswerReply;
    assert.equal(reply.passages[0]?.source.file, 'added.txt');
  });

  it('with no index at all, a failed build is fatal', async () => {
    const empty = { ...config, INDEX_DIR: join(dir, 'index-none') };
    await assert.rejects(prepareEngine(empty, silentLog), /No readable/);
  });
});
