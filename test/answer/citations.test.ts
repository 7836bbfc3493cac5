// Citations point to the passage: file, title (front matter, first heading, file name), url, date,
// paragraph number as a reader counts it, line, character range.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { citationText } from '../../src/present/citation.ts';
import { chunkDocument } from '../../src/corpus/chunk.ts';
import { readCorpus } from '../../src/corpus/read-corpus.ts';
import type { Chunk, CorpusDocument } from '../../src/corpus/types.ts';
import { asAnswer, makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';
import { ON_TOPIC_QUESTIONS } from './questions.ts';
import { assertPassageVerbatim } from './verbatim-assertions.ts';

describe('citations on the bundled corpus', () => {
  let engine: TestCitebot;
  let documents: Map<string, CorpusDocument>;
  let chunks: Chunk[];

  before(async () => {
    engine = await makeTestCitebot();
    const corpus = await readCorpus(engine.config.CORPUS_DIR);
    documents = new Map(corpus.documents.map((document) => [document.file, document]));
    chunks = corpus.documents.flatMap((document) => chunkDocument(document, { maxChars: engine.config.CHUNK_MAX_CHARS }));
  });
  after(() => engine.close());

  it('"Combien d\'entreprises ont participé au forum ?" cites the 001 passage with "355 entreprises"', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: "Combien d'entreprises ont participé au forum ?" }));
    assert.equal(reply.lang, 'fr');
    const [best] = reply.passages;
    assert.ok(best);
    assert.equal(best.source.file, '001_72b8e4faedbc53ad.txt');
    assert.ok(best.text.includes('rassemblant 355 entreprises et près de 1000 participants.'));
    assert.ok(best.highlight.includes('355 entreprises'), 'the highlighted sentence is the one that answers');
    assert.equal(best.source.title, 'Interview Francophone');
    assert.equal(best.source.url, null);
    assert.equal(best.source.paragraph, 1);
    assert.equal(best.source.line, 1);
    assert.equal(citationText(best.source, 'fr'), 'Interview Francophone — 001_72b8e4faedbc53ad.txt, ¶ 1, ligne 1');
  });

  it('every cited file, title, paragraph and line is the one of the chunk the passage comes from', async () => {
    for (const { question } of ON_TOPIC_QUESTIONS) {
      const reply = asAnswer(await engine.citebot.run('ask', { text: question, count: 5 }));
      for (const passage of reply.passages) {
        const { source } = passage;
        const document = documents.get(source.file);
        assert.ok(document, `${source.file} is a corpus file`);
        assert.equal(source.title, document.title);
        assert.equal(source.url, document.url);
        assert.equal(source.date, document.date);
        const chunk = chunks.find((candidate) => candidate.file === source.file && candidate.start === source.start);
        assert.ok(chunk, `"${question}": a chunk starts where the passage does`);
        assert.equal(source.paragraph, chunk.paragraph, `"${question}": paragraph of ${chunk.id}`);
        assert.equal(source.line, chunk.line, `"${question}": line of ${chunk.id}`);
        const inParagraph = chunks.filter((candidate) => candidate.file === source.file && candidate.paragraph === source.paragraph);
        assert.ok(source.end <= Math.max(...inParagraph.map((candidate) => candidate.end)), 'the passage stays within its paragraph');
        assertPassageVerbatim(passage, document.text, question);
      }
    }
  });

  it('citationText leaves out a title that is only the file name', () => {
    const source = { file: 'a.txt', title: 'a.txt', url: null, date: null, paragraph: 3, line: 7, start: 0, end: 1 };
    assert.equal(citationText(source, 'en'), 'a.txt, ¶ 3, line 7');
  });
});

describe('citations from front matter, headings and file names', () => {
  let engine: TestCitebot;

  before(async () => {
    engine = await makeTestCitebot({
      corpus: {
        'reports/forum.md': [
          '---',
          'title: Compte rendu du forum de Bucarest',
          'url: https://example.org/forum-bucarest',
          'date: 2025-11-07',
          '---',
          '# Le forum',
          '',
          'Le forum de Bucarest a réuni quatre cents exposants venus de trente pays.',
          '',
          'Les exposants ont présenté des drones sous-marins autonomes.',
          '',
        ].join('\n'),
        'older.md': '---\ntitle: Ancien rapport\ndate: 2024-03-01\n---\nEn 2024, les drones sous-marins autonomes étaient encore rares.\n',
        'heading.md': '# Notes de terrain\n\nLes drones sous-marins autonomes patrouillent désormais en mer Noire.\n',
        'plain.txt': 'Un fournisseur de drones sous-marins autonomes a présenté un prototype au salon.\n',
      },
    });
  });
  after(() => engine.close());

  it('takes title, url and date from the front matter, which no passage contains', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'Combien d’exposants au forum de Bucarest ?' }));
    const [best] = reply.passages;
    assert.ok(best);
    assert.deepEqual(
      { file: best.source.file, title: best.source.title, url: best.source.url, date: best.source.date },
      { file: 'reports/forum.md', title: 'Compte rendu du forum de Bucarest', url: 'https://example.org/forum-bucarest', date: '2025-11-07' },
    );
    assert.ok(best.text.includes('quatre cents exposants'));
    assert.ok(!best.text.includes('title:') && !best.text.includes('---'));
    assert.equal(best.source.paragraph, 1);
    assert.equal(best.source.line, 6, 'line numbers count the front matter lines');
  });

  it('falls back to the first heading, then to the file name; a brief lists dated sources newest first', async () => {
    const reply = asAnswer(await engine.citebot.run('brief', { text: 'drones sous-marins autonomes', count: 5 }));
    assert.ok(reply.groups);
    const titles = new Map(reply.groups.map((group) => [group.source.file, group.source.title]));
    assert.equal(titles.get('heading.md'), 'Notes de terrain');
    assert.equal(titles.get('plain.txt'), 'plain.txt');
    const dated = reply.groups.filter((group) => group.source.date !== null).map((group) => group.source.date);
    assert.deepEqual(dated, ['2025-11-07', '2024-03-01'], 'dated sources newest first');
    const firstUndated = reply.groups.findIndex((group) => group.source.date === null);
    assert.ok(firstUndated === -1 || firstUndated >= dated.length, 'dated sources come before undated ones');
  });
});
