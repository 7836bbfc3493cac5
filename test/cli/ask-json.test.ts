// `npm run ask -- --json …`: exactly one JSON object on stdout, in the shape of issue 2 §6.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { configSchema } from '../../src/config.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { runProcess, type Run } from '../helpers/run-process.ts';

const sourceSchema = z
  .object({
    file: z.string().min(1),
    title: z.string().min(1),
    url: z.string().nullable(),
    link: z.string().nullable(),
    page: z.number().int().positive().optional(),
    paragraph: z.number().int().positive(),
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
  })
  .strict();

const answerJsonSchema = z
  .object({
    query: z.string(),
    lang: z.enum(['fr', 'en']),
    mode: z.enum(['dense+lexical', 'lexical-only']),
    noAnswer: z.boolean(),
    passages: z.array(
      z
        .object({
          rank: z.number().int().positive(),
          text: z.string().min(1),
          highlight: z.string().min(1),
          score: z.number().min(0).max(1),
          source: sourceSchema,
        })
        .strict(),
    ),
    quote: z
      .object({ text: z.string().min(1), isQuotation: z.boolean(), speaker: z.string().nullable(), start: z.number().int(), end: z.number().int() })
      .strict()
      .optional(),
  })
  .strict();

type AnswerJson = z.infer<typeof answerJsonSchema>;

describe('the JSON command line (scripts/ask.ts)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const runs = new Map<string, Run>();

  function run(command: string, args: string[]): Promise<Run> {
    return runProcess(command, args, env);
  }
  const ask = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/ask.ts', ...args]);

  /** stdout is one line holding one JSON object of the documented shape. */
  function parseAnswer(result: Run): AnswerJson {
    assert.equal(result.code, 0, `exit code 0 (stderr: ${result.stderr})`);
    assert.ok(result.stdout.endsWith('\n'));
    assert.equal(result.stdout.trim().split('\n').length, 1, `one line on stdout, got: ${result.stdout.slice(0, 300)}`);
    return answerJsonSchema.parse(JSON.parse(result.stdout));
  }

  async function assertVerbatim(json: AnswerJson): Promise<void> {
    for (const passage of json.passages) {
      const text = await readFile(join(dir, 'corpus', passage.source.file), 'utf8');
      assert.equal(text.slice(passage.source.start, passage.source.end), passage.text);
      assert.ok(passage.text.includes(passage.highlight));
    }
  }

  const cases: Record<string, string[]> = {
    quote: ['--json', '--command', 'quote', 'Roumanie engagement réciproque'],
    brief: ['--json', '--command', 'brief', '-k', '3', 'munitions Russie production'],
    offTopic: ['--json', 'Recette de la tarte aux pommes'],
    empty: ['--json', ''],
    badOption: ['--json', '--command', 'sing', '-k', '0', 'PURL'],
    human: ["Combien d'entreprises ont participé au forum ?"],
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-cli-'));
    await cp(bundledCorpus, join(dir, 'corpus'), { recursive: true });
    env = { ...process.env };
    for (const key of Object.keys(configSchema.shape)) delete env[key];
    delete env.NODE_TEST_CONTEXT;
    Object.assign(env, {
      CORPUS_DIR: join(dir, 'corpus'),
      INDEX_DIR: join(dir, 'index'),
      MODELS_DIR: join(dir, 'models'),
      DATA_DIR: join(dir, 'data'),
      ALLOW_MODEL_DOWNLOAD: 'false',
    });
    // The first run finds no index and builds it; the others then run side by side.
    runs.set('first', await ask(['--json', '-k', '2', "Combien d'entreprises ont participé au forum ?"]));
    const names = Object.keys(cases);
    const results = await Promise.all([...names.map((name) => ask(cases[name]!)), run('npm', ['run', 'ask', '--', '--json', 'PURL'])]);
    names.forEach((name, position) => runs.set(name, results[position]!));
    runs.set('npm', results.at(-1)!);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('builds the missing index, then prints one JSON answer: -k 2, French, lexical-only, the 355 passage', async () => {
    assert.ok(existsSync(join(dir, 'index', 'CURRENT')), 'the index was built on first use');
    const first = runs.get('first')!;
    const json = parseAnswer(first);
    assert.equal(json.query, "Combien d'entreprises ont participé au forum ?");
    assert.equal(json.lang, 'fr');
    assert.equal(json.mode, 'lexical-only');
    assert.equal(json.noAnswer, false);
    assert.ok(json.passages.length >= 1 && json.passages.length <= 2);
    assert.deepEqual(json.passages.map((passage) => passage.rank), json.passages.map((_, index) => index + 1));
    assert.equal(json.passages[0]!.source.file, '001_72b8e4faedbc53ad.txt');
    assert.ok(json.passages[0]!.text.includes('355 entreprises'));
    assert.equal(json.quote, undefined);
    await assertVerbatim(json);
    assert.match(first.stderr, /lexical-only/, 'the reason for lexical-only goes to stderr');
  });

  it('--command quote adds the quotation, verbatim at its range', async () => {
    const json = parseAnswer(runs.get('quote')!);
    assert.ok(json.quote);
    assert.equal(json.passages.length, 1);
    const text = await readFile(join(dir, 'corpus', json.passages[0]!.source.file), 'utf8');
    assert.equal(text.slice(json.quote.start, json.quote.end), json.quote.text);
    assert.equal(json.quote.isQuotation, true);
    assert.match(json.quote.speaker ?? '', /Rutte/);
    await assertVerbatim(json);
  });

  it('--command brief gives at most -k passages across sources', async () => {
    const json = parseAnswer(runs.get('brief')!);
    assert.equal(json.noAnswer, false);
    assert.ok(json.passages.length >= 2 && json.passages.length <= 3);
    assert.ok(new Set(json.passages.map((passage) => passage.source.file)).size >= 2, 'several sources');
    await assertVerbatim(json);
  });

  it('an off-topic question gives noAnswer true and no passages', () => {
    const json = parseAnswer(runs.get('offTopic')!);
    assert.equal(json.noAnswer, true);
    assert.deepEqual(json.passages, []);
  });

  it('an empty question or bad options print nothing on stdout and fail', () => {
    for (const [name, code] of [['empty', 1], ['badOption', 2]] as const) {
      const result = runs.get(name)!;
      assert.equal(result.code, code, `${name}: exit code`);
      assert.equal(result.stdout, '', `${name}: stdout stays empty`);
      assert.ok(result.stderr.trim().length > 0, `${name}: the reason is on stderr`);
    }
  });

  it('without --json, prints the answer for a person with its citation', () => {
    const result = runs.get('human')!;
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes('355 entreprises'));
    assert.ok(result.stdout.includes('001_72b8e4faedbc53ad.txt'));
    assert.ok(!result.stdout.includes('\u001b['), 'no colours when stdout is not a terminal');
  });

  it('`npm run ask -- --json` prints only the JSON object (no npm banner)', () => {
    const json = parseAnswer(runs.get('npm')!);
    assert.equal(json.query, 'PURL');
    assert.equal(json.lang, 'en');
    assert.ok(json.passages.length <= 3, 'the default count is 3');
    assert.ok(json.passages[0]!.text.includes('PURL'));
  });
});
