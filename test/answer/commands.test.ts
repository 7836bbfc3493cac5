// The command layer every adapter calls: input checks, reply kinds, reply language, mode reporting.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ErrorReply, Reply } from '../../src/answer/types.ts';
import { makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';

function assertError(reply: Reply, code: ErrorReply['code'], lang: 'fr' | 'en'): ErrorReply {
  assert.equal(reply.kind, 'error', JSON.stringify(reply));
  const error = reply as ErrorReply;
  assert.equal(error.code, code);
  assert.equal(error.lang, lang);
  return error;
}

describe('commands (lexical-only engine on the bundled corpus)', () => {
  let engine: TestCitebot;
  const LEXICAL_REASON = 'test: no embedding model';

  before(async () => {
    engine = await makeTestCitebot();
  });
  after(() => engine.close());

  it('lists the six commands, each described in French and English', () => {
    assert.deepEqual(engine.citebot.commands.map((command) => command.name), ['ask', 'quote', 'brief', 'sources', 'status', 'help']);
    for (const command of engine.citebot.commands) {
      assert.ok(command.description.en && command.description.fr && command.description.en !== command.description.fr);
    }
  });

  it('an empty or blank question is an "empty" error, in the requested language', async () => {
    for (const command of ['ask', 'quote', 'brief']) {
      assertError(await engine.citebot.run(command, { text: '' }), 'empty', 'en');
      assertError(await engine.citebot.run(command, { text: '  \n\t \u0000' }), 'empty', 'en');
      assertError(await engine.citebot.run(command, { text: '\u200B\u200F\u202E\u2066 \u00AD' }), 'empty', 'en');
    }
    const french = assertError(await engine.citebot.run('ask', { text: '', lang: 'fr' }), 'empty', 'fr');
    assert.equal(french.command, 'ask');
    assert.equal(french.textOption, 'question');
    assert.equal(assertError(await engine.citebot.run('quote', { text: '' }), 'empty', 'en').textOption, 'topic');
  });

  it('a 20,000-character question is a "too-long" error naming the limit, in the question’s language', async () => {
    const english = assertError(await engine.citebot.run('ask', { text: `What about ${'the defence industry '.repeat(1000)}?` }), 'too-long', 'en');
    assert.equal(english.maxChars, engine.config.MAX_QUESTION_CHARS);
    const french = assertError(await engine.citebot.run('quote', { text: `Pourquoi ${'la défense de l’Alliance '.repeat(850)}?` }), 'too-long', 'fr');
    assert.equal(french.maxChars, engine.config.MAX_QUESTION_CHARS);
    assertError(await engine.citebot.run('brief', { text: 'x'.repeat(20_000) }), 'too-long', 'en');
  });

  it('an unknown command is an "unknown-command" error that names it', async () => {
    const error = assertError(await engine.citebot.run('frobnicate', { text: 'what is this?' }), 'unknown-command', 'en');
    assert.equal(error.command, 'frobnicate');
    assertError(await engine.citebot.run('commande', { text: 'bonjour, qu’est-ce que c’est ?' }), 'unknown-command', 'fr');
  });

  it('/help describes every command, in the language asked for', async () => {
    for (const lang of ['en', 'fr'] as const) {
      const reply = await engine.citebot.run('/help', { text: '', lang });
      assert.equal(reply.kind, 'help');
      if (reply.kind !== 'help') return;
      assert.equal(reply.lang, lang);
      assert.deepEqual(reply.entries.map((entry) => entry.command), ['ask', 'quote', 'brief', 'sources', 'status', 'help']);
      for (const entry of reply.entries) {
        const command = engine.citebot.commands.find((candidate) => candidate.name === entry.command)!;
        assert.equal(entry.description, command.description[lang]);
        assert.equal(entry.textOption, command.textOption);
      }
    }
  });

  it('/sources lists every indexed file with its title and passage count', async () => {
    const reply = await engine.citebot.run('/sources', { text: '' });
    assert.equal(reply.kind, 'sources');
    if (reply.kind !== 'sources') return;
    assert.deepEqual(reply.sources.map((source) => source.file), [
      '000_1cb8f8b5dc050c03.txt',
      '001_72b8e4faedbc53ad.txt',
      '002_d8945c8b04b67cba.txt',
      '003_bf6b79f1281f9256.txt',
      '004_4245ddf72926b519.txt',
    ]);
    assert.equal(reply.sources[1]!.title, 'Interview Francophone');
    for (const source of reply.sources) assert.ok(source.chunks > 0);
    assert.equal(reply.model, null);
    assert.ok(!Number.isNaN(Date.parse(reply.indexBuiltAt)));
  });

  it('/status reports the mode, file and passage counts', async () => {
    const sources = await engine.citebot.run('sources', { text: '' });
    const reply = await engine.citebot.run('/status', { text: '' });
    assert.equal(reply.kind, 'status');
    if (reply.kind !== 'status' || sources.kind !== 'sources') return;
    assert.equal(reply.mode, 'lexical-only');
    assert.equal(reply.model, null);
    assert.equal(reply.files, 5);
    assert.equal(reply.chunks, sources.sources.reduce((sum, source) => sum + source.chunks, 0));
    assert.deepEqual(reply.skipped, []);
    assert.ok(!Number.isNaN(Date.parse(reply.startedAt)));
  });

  it('/status names the files the index left out, and why', async () => {
    const withBadFile = await makeTestCitebot({ corpus: { 'ok.md': '# Budget\n\nLe budget est voté.\n', 'notes/latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) } });
    try {
      const reply = await withBadFile.citebot.run('status', { text: '' });
      assert.equal(reply.kind, 'status');
      if (reply.kind !== 'status') return;
      assert.equal(reply.files, 1);
      assert.equal(reply.skipped.length, 1);
      assert.match(reply.skipped[0]!, /^notes\/latin1\.txt is not valid UTF-8/);
    } finally {
      await withBadFile.close();
    }
  });

  it('replies speak the language of the question', async () => {
    const cases: [string, 'fr' | 'en'][] = [
      ["Combien d'entreprises ont participé au forum ?", 'fr'],
      ['How many companies took part in the forum?', 'en'],
      ['Qu’est-ce que le mécanisme PURL ?', 'fr'],
      ['What is PURL?', 'en'],
    ];
    for (const [question, lang] of cases) {
      for (const command of ['ask', 'quote', 'brief']) {
        const reply = await engine.citebot.run(command, { text: question });
        assert.equal(reply.lang, lang, `${command} "${question}"`);
      }
    }
  });

  it('every reply in lexical-only mode says so; only /status carries the reason', async () => {
    assert.deepEqual(engine.citebot.mode(), { mode: 'lexical-only', reason: LEXICAL_REASON });
    const replies = await Promise.all([
      engine.citebot.run('ask', { text: 'PURL' }),
      engine.citebot.run('quote', { text: 'PURL' }),
      engine.citebot.run('brief', { text: 'PURL' }),
      engine.citebot.run('ask', { text: 'Recette de la tarte aux pommes' }),
      engine.citebot.run('sources', { text: '' }),
      engine.citebot.run('status', { text: '' }),
      engine.citebot.run('help', { text: '' }),
      engine.citebot.run('ask', { text: '' }),
    ]);
    for (const reply of replies) {
      assert.equal(reply.mode, 'lexical-only', reply.kind);
      // The reason names server folders: only /status carries it (for admins), no other reply.
      assert.equal(reply.kind === 'status' ? reply.modeReason : 'modeReason' in reply, reply.kind === 'status' ? LEXICAL_REASON : false, reply.kind);
    }
  });

  it('clamps the passage count and strips NUL characters', async () => {
    const reply = await engine.citebot.run('ask', { text: 'Rutte\u0000 OTAN', count: 1000 });
    assert.equal(reply.kind, 'answer');
    if (reply.kind !== 'answer') return;
    assert.equal(reply.query, 'Rutte OTAN');
    assert.ok(reply.passages.length <= 10 && reply.passages.length > 3);
  });

  it('reads a word through the invisible characters inside it, in the question as in the corpus', async () => {
    const plain = await engine.citebot.run('ask', { text: 'Combien d’entreprises au forum ?' });
    const hidden = await engine.citebot.run('ask', { text: 'Combien d’en\u00ADtre\u00ADprises au fo\u200Brum ?' });
    assert.equal(plain.kind, 'answer');
    assert.equal(hidden.kind, 'answer');
    if (plain.kind !== 'answer' || hidden.kind !== 'answer') return;
    assert.equal(hidden.query, 'Combien d’entreprises au forum ?');
    assert.deepEqual(hidden.passages.map((passage) => passage.text), plain.passages.map((passage) => passage.text));
  });

  it(
    'a count below 1 or not a number, or a negative offset, is clamped or refused, never misreported',
    async () => {
      const question = 'munitions Russie production';
      for (const args of [{ count: 0 }, { count: -1 }, { count: Number.NaN }, { offset: -2 }]) {
        const reply = await engine.citebot.run('ask', { text: question, ...args });
        if (reply.kind === 'error') continue;
        assert.equal(reply.kind, 'answer');
        if (reply.kind !== 'answer') return;
        assert.equal(reply.noAnswer, false, JSON.stringify(args));
        assert.ok(reply.passages.length >= 1 && reply.passages.length <= 10, JSON.stringify(args));
        assert.equal(reply.passages[0]!.rank, 1, JSON.stringify(args));
      }
    },
  );
});
