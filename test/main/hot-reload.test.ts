// A running `npm start` picks up an index rebuilt by `npm run build` in another shell, without a
// restart: main.ts watches INDEX_DIR/CURRENT (and polls every 30 s where watching fails).
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { askChat, fold, killAll, makeWorkspace, runBuildScript, startCitebot, type NodeProcess, type Workspace } from './citebot-process.ts';

const FILE = '004_4245ddf72926b519.txt';
const NEW_PARAGRAPH =
  'Le démonstrateur Zorblax, un drone de reconnaissance à hydrogène, a été présenté aux délégués du forum par un consortium de quatre entreprises roumaines.';
const QUESTION = "Qu'est-ce que le démonstrateur Zorblax ?";
/** The watcher usually fires at once; the 30 s poll is the fallback. */
const RELOAD_DEADLINE_MS = 45_000;

/** The corpus text of a rendered terminal passage: its `  │ ` lines, without the prefix. */
function quotedLines(reply: string): string {
  return reply
    .split('\n')
    .filter((line) => line.startsWith('  │'))
    .map((line) => line.replace(/^ {2}│ ?/, ''))
    .join('\n');
}

describe('index hot reload while the terminal chat runs', { timeout: 150_000 }, () => {
  let workspace: Workspace;
  let citebot: NodeProcess;

  before(async () => {
    workspace = await makeWorkspace();
    citebot = startCitebot(workspace.env);
  });
  after(async () => {
    killAll();
    await workspace?.close();
  });

  it('answers from the new build after `npm run build`, then still exits 0 at the end of input', async () => {
    const before = await askChat(citebot, QUESTION, 60_000);
    assert.doesNotMatch(before, /Zorblax/, 'the word is not in the corpus yet');

    await appendFile(join(workspace.corpusDir, FILE), `\n\n${NEW_PARAGRAPH}\n`);
    const build = runBuildScript(workspace.env);
    const built = await build.waitForExit('the build', 60_000);
    assert.deepEqual(built, { code: 0, signal: null }, build.stderr);
    assert.match(build.stderr, /Index built: \d+ passages from 5 files, lexical-only/);

    const deadline = Date.now() + RELOAD_DEADLINE_MS;
    let reply = await askChat(citebot, QUESTION);
    while (!reply.includes('Zorblax') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      reply = await askChat(citebot, QUESTION);
    }
    assert.ok(reply.includes('Zorblax'), `the running chat never answered from the new build; last reply:\n${reply}`);
    const first = reply.split(/\n\n(?=\d+\. )/).find((block) => /^\s*1\. /.test(block)) ?? '';
    assert.ok(fold(quotedLines(first)).includes(NEW_PARAGRAPH), `the new paragraph, verbatim, comes first:\n${reply}`);
    assert.match(first, new RegExp(`^ {2}— .*${FILE.replace(/\./g, '\\.')}, ¶ \\d+`, 'm'), 'cited');

    citebot.child.stdin.end();
    const exit = await citebot.waitForExit('the end of the chat');
    assert.deepEqual(exit, { code: 0, signal: null }, citebot.stderr);
    assert.ok(!citebot.logs.some((line) => line.msg === 'index refresh failed'), citebot.stderr);
  });
});
