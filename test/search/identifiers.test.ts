// Developer documentation names settings and functions in camelCase: a question that spells out their words finds them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asAnswer, makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';

describe('camelCase identifiers in an English corpus', () => {
  let engine: TestCitebot;
  before(async () => {
    engine = await makeTestCitebot({
      corpus: {
        'server.md': '# Server\n\nSet `maxConnections` in the configuration file to limit how many clients the server accepts at once.\n',
        'logging.md': '# Logging\n\nThe server writes its logs to a file that rotates daily; old files are kept for two weeks.\n',
        'deploy.md': '# Deployment\n\nThe server is deployed with a rolling restart, one node at a time, so clients are never refused.\n',
      },
    });
  });
  after(() => engine.close());

  for (const question of ['max connections', 'How many connections at most?']) {
    it(`finds \`maxConnections\` for "${question}"`, async () => {
      const reply = asAnswer(await engine.citebot.run('ask', { text: question, count: 1 }));
      assert.equal(reply.noAnswer, false);
      assert.equal(reply.passages[0]!.source.file, 'server.md');
      assert.match(reply.passages[0]!.text, /`maxConnections`/, 'the quote keeps the identifier as written');
    });
  }

  it('still finds it by its name', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'maxConnections', count: 1 }));
    assert.equal(reply.passages[0]!.source.file, 'server.md');
  });
});
