// The lexical side of search on small corpora: accent- and inflection-insensitive matching, numbers,
// exact identifiers, merged parts of a split paragraph, duplicates shown once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnswerReply } from '../../src/answer/types.ts';
import { plainText } from '../../src/corpus/chunk.ts';
import { assertPassageVerbatim } from '../answer/verbatim-assertions.ts';
import { asAnswer, makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';

const LONG_PARAGRAPH = Array.from(
  { length: 8 },
  (_, index) => `La phrase ${index + 1} parle des sous-marins autonomes et de la logistique portuaire du port numéro ${index + 1}.`,
).join(' ');

describe('lexical search', () => {
  let engine: TestCitebot;

  before(async () => {
    engine = await makeTestCitebot({
      env: { CHUNK_MAX_CHARS: '200' },
      corpus: {
        'long.txt': `Titre du rapport\n\n${LONG_PARAGRAPH}\n\nUn paragraphe sans rapport sur les jardins potagers.\n`,
        'copy-a.txt': 'Le brise-glace Polarstern a traversé le détroit de Béring en mars.\n',
        'copy-b.txt': 'Le brise-glace  Polarstern a traversé le détroit de Béring en mars.\n',
        'defense.txt': 'La défense européenne investit 3,5 % du PIB dans les munitions.\n',
        'config.txt': 'Set the option max_connections and the option pool_size to tune the server.\n',
      },
    });
  });
  after(() => engine.close());

  async function ask(question: string, count = 5): Promise<AnswerReply> {
    const reply = asAnswer(await engine.citebot.run('ask', { text: question, count }));
    for (const passage of reply.passages) {
      assertPassageVerbatim(passage, await readFile(join(engine.config.CORPUS_DIR, passage.source.file), 'utf8'), question);
    }
    return reply;
  }

  it('matches without accents, in capitals, and across inflections', async () => {
    for (const question of ['defense europeenne', 'DÉFENSE', 'munition', 'Européens investissant']) {
      const reply = await ask(question);
      assert.equal(reply.passages[0]?.source.file, 'defense.txt', question);
    }
  });

  it('matches a decimal number written with a point or a comma', async () => {
    for (const question of ['3.5', '3,5 %']) assert.equal((await ask(question)).passages[0]?.source.file, 'defense.txt', question);
  });

  it('merges retrieved parts of one split paragraph into one verbatim passage', async () => {
    const reply = await ask('sous-marins autonomes logistique portuaire');
    const [passage] = reply.passages;
    assert.ok(passage);
    assert.ok(passage.chunkIds.length >= 2, 'several parts were merged');
    assert.ok(passage.chunkIds.every((id) => id.startsWith('long.txt#1.')));
    assert.ok(passage.text.includes('La phrase 1 ') && passage.text.includes('La phrase 2 '), 'the merged passage spans the parts');
    assert.equal(reply.passages.filter((other) => other.source.file === 'long.txt').length, 1, 'the parts are not also shown apart');
  });

  it('shows a passage repeated in two files once', async () => {
    const reply = await ask('Polarstern Béring');
    assert.equal(reply.passages.length, 1);
    assert.ok(['copy-a.txt', 'copy-b.txt'].includes(reply.passages[0]!.source.file));
  });

  it(
    'finds identifiers written with underscores (max_connections)',
    async () => {
      assert.equal(plainText('the option max_connections and the option pool_size'), 'the option max_connections and the option pool_size');
      const reply = await ask('max_connections');
      assert.equal(reply.noAnswer, false);
      assert.equal(reply.passages[0]?.source.file, 'config.txt');
    },
  );

  it('removes Markdown emphasis, links and image links from the indexed text', () => {
    assert.equal(plainText('Le **forum** a _réuni_ des `industriels`.'), 'Le forum a réuni des industriels.');
    assert.equal(plainText('Voir [le site](https://example.org) ![logo](logo.png) ici.'), 'Voir le site ici.');
    assert.equal(plainText('## Titre\n- un point\n1. autre point'), 'Titre un point autre point');
  });
});
