// `npm run build`: lexical-only with an explanation when no model can be loaded, a failure with
// --require-model, and a dense+lexical build from a model in MODELS_DIR.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configSchema } from '../../src/config.ts';
import { readManifest, readCurrentBuild } from '../../src/index/read-build.ts';
import { writeGeneratedModel } from '../fakes/model/write-model.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { runProcess, type Run } from '../helpers/run-process.ts';

function build(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Run> {
  return runProcess(process.execPath, ['--import', 'tsx', 'scripts/build-index.ts', ...args], env);
}

describe('the build command (scripts/build-index.ts)', () => {
  let dir: string;
  let baseEnv: NodeJS.ProcessEnv;
  let required: Run;
  let dense: Run;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-build-cli-'));
    await cp(bundledCorpus, join(dir, 'corpus'), { recursive: true });
    await writeGeneratedModel(join(dir, 'models'));
    baseEnv = { ...process.env };
    for (const key of Object.keys(configSchema.shape)) delete baseEnv[key];
    delete baseEnv.NODE_TEST_CONTEXT;
    Object.assign(baseEnv, { CORPUS_DIR: join(dir, 'corpus'), MODELS_DIR: join(dir, 'models'), ALLOW_MODEL_DOWNLOAD: 'false', LOG_LEVEL: 'warn' });
    [required, dense] = await Promise.all([
      build({ ...baseEnv, INDEX_DIR: join(dir, 'index-required'), EMBED_MODEL: 'Xenova/multilingual-e5-small' }, ['--require-model']),
      build({ ...baseEnv, INDEX_DIR: join(dir, 'index-dense'), EMBED_MODEL: 'citebot-test/tiny-e5', EMBED_DTYPE: 'q8' }),
    ]);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('--require-model with no model fails, explains where the model was looked for, and builds nothing', () => {
    assert.equal(required.code, 1);
    assert.ok(required.stderr.includes('Xenova/multilingual-e5-small'));
    assert.ok(required.stderr.includes(join(dir, 'models', 'Xenova', 'multilingual-e5-small')), 'names the folder searched');
    assert.match(required.stderr, /--require-model/);
    assert.ok(!existsSync(join(dir, 'index-required', 'CURRENT')));
  });

  it('a model in MODELS_DIR gives a dense+lexical build, reported on stderr only', async () => {
    assert.equal(dense.code, 0, dense.stderr);
    assert.equal(dense.stdout, '');
    assert.match(dense.stderr, /Index built: \d+ passages from 5 files, dense\+lexical \(\d+ embedded, 0 reused\)/);
    const buildDir = await readCurrentBuild(join(dir, 'index-dense'));
    assert.ok(buildDir);
    const manifest = await readManifest(buildDir);
    assert.equal(manifest.mode, 'dense+lexical');
    assert.equal(manifest.model?.id, 'citebot-test/tiny-e5');
  });
});
