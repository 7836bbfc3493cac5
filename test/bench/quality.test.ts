import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeManpageCorpus } from '../../bench/quality/corpus.ts';
import { renderQuality, renderThreshold } from '../../bench/quality/render.ts';
import { DEFAULT_QUALITY_OPTIONS, runQuality } from '../../bench/quality/run.ts';
import { thresholdCurve } from '../../bench/quality/threshold.ts';

let modelsDir: string;
const savedModelsDir = process.env.MODELS_DIR;
before(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'citebot-bench-models-'));
  process.env.MODELS_DIR = modelsDir;
});
after(async () => {
  if (savedModelsDir === undefined) delete process.env.MODELS_DIR;
  else process.env.MODELS_DIR = savedModelsDir;
  await rm(modelsDir, { recursive: true, force: true });
});

test('the quality benchmark scores PIAF questions through the real engine', async () => {
  const corpora = await runQuality({
    ...DEFAULT_QUALITY_OPTIONS,
    corpora: [
      { name: 'PIAF', articleShare: 1, distractors: false, keepOutcomes: false },
      { name: 'half of PIAF', articleShare: 0.5, distractors: false, keepOutcomes: true },
    ],
    articleLimit: 6,
    questionLimit: 20,
    isolate: false,
    concurrency: 1,
  });
  const [full, half] = corpora;
  assert.ok(full && half);
  assert.ok(full.passages > 0 && full.passages >= half.passages);
  assert.equal(full.answerable.length, 20);
  assert.ok(full.answerable.every(Boolean), 'every question is answerable from the full index');
  const lexical = full.strategies.find((result) => result.strategy === 'lexical')!.metrics!;
  assert.equal(lexical.questions, 20);
  for (const value of [lexical.hitAt1, lexical.hitAt5, lexical.mrr]) assert.ok(value >= 0 && value <= 1);
  assert.ok(lexical.hitAt1 <= lexical.hitAt5);
  assert.ok(lexical.mrr >= lexical.hitAt1);
  assert.ok(lexical.hitAt5 > 0.3, 'PIAF questions share words with their paragraph');
  for (const result of full.strategies.filter((entry) => entry.strategy !== 'lexical')) {
    assert.equal(result.metrics, null);
    assert.match(result.unavailable ?? '', /^no model available/);
  }

  const outcomes = half.strategies.find((result) => result.strategy === 'lexical')!.outcomes!;
  assert.equal(outcomes.length, half.answerable.length);
  const curve = thresholdCurve(outcomes, half.answerable);
  assert.equal(curve.points[0]!.declinesAnswerable, 0, 'threshold 0 declines nothing');
  assert.ok(curve.points.every((point, i) => i === 0 || point.answersAnyway <= curve.points[i - 1]!.answersAnyway));

  const quality = renderQuality(corpora, '- Command: test');
  assert.match(quality, /\| lexical-only \(BM25\) \| 20 \|/);
  assert.match(quality, /no model available/);
  const threshold = renderThreshold(corpora, 0.35, '- Command: test');
  assert.match(threshold.markdown, /Recommended default: NO_ANSWER_THRESHOLD=/);
});

test('distractor paragraphs are written one file per man page', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-corpus-'));
  try {
    const pages = await writeManpageCorpus(dir, [
      { page: 'ls(1)', section: 'DESCRIPTION', text: 'Afficher les informations des fichiers du répertoire courant.' },
      { page: 'ls(1)', section: 'OPTIONS', text: 'Ne pas ignorer les entrées commençant par un point.' },
      { page: 'cp(1)', section: 'DESCRIPTION', text: 'Copier la source vers la destination, ou plusieurs sources vers un répertoire.' },
    ]);
    assert.equal(pages, 2);
    const files = await readdir(join(dir, 'manpages'));
    assert.equal(files.length, 2);
    const ls = await readFile(join(dir, 'manpages', files.find((file) => file.includes('ls'))!), 'utf8');
    assert.match(ls, /courant\.\n\nNe pas ignorer/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
