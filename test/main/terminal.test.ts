// `npm start` with no chat token: the terminal chat, over an index it builds first, lexical-only
// because no model can be loaded (empty MODELS_DIR, downloads off), ending at the end of input.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { t } from '../../src/answer/strings.ts';
import { fold, killAll, makeWorkspace, PROMPT, startCitebot, type Exit, type NodeProcess, type Workspace } from './citebot-process.ts';

const QUESTION = "Combien d'entreprises ont participé au forum ?";
const FORUM_FILE = '001_72b8e4faedbc53ad.txt';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The corpus text of a rendered passage: its `  │ ` lines, without the prefix. */
function quotedLines(block: string): string {
  return block
    .split('\n')
    .filter((line) => line.startsWith('  │'))
    .map((line) => line.replace(/^ {2}│ ?/, ''))
    .join('\n');
}

describe('npm start without chat tokens: the terminal chat', { timeout: 120_000 }, () => {
  let workspace: Workspace;
  let citebot: NodeProcess;
  let exit: Exit;
  /** stdout cut at each prompt: the welcome, then one reply per line typed. */
  let sections: string[];

  before(async () => {
    workspace = await makeWorkspace();
    citebot = startCitebot(workspace.env);
    citebot.child.stdin.end(`${QUESTION}\n/quote Russie\n/status\n`);
    exit = await citebot.waitForExit('the end of the chat', 90_000);
    sections = citebot.stdout.split(PROMPT);
  });
  after(async () => {
    killAll();
    await workspace?.close();
  });

  it('exits 0 at the end of input, after answering every line', () => {
    assert.deepEqual(exit, { code: 0, signal: null }, citebot.stderr);
    assert.equal(sections.length, 5, `welcome, three replies, and the last prompt:\n${citebot.stdout}`);
    assert.equal(sections[4], '');
  });

  it('built the index first, since there was none', () => {
    assert.ok(existsSync(join(workspace.indexDir, 'CURRENT')));
    const building = citebot.logs.find((line) => line.msg === 'building the index');
    assert.equal(building?.reason, 'no index yet');
  });

  it('welcomes the user, says lexical-only and why: the model could not be loaded', () => {
    const welcome = sections[0] ?? '';
    assert.ok(welcome.startsWith(t('fr', 'terminalWelcome')), welcome);
    assert.match(welcome, /^Mode: lexical-only$/m);
    assert.match(welcome, /Xenova\/multilingual-e5-small could not be loaded/);
    assert.match(welcome, /ALLOW_MODEL_DOWNLOAD=false/);
    assert.ok(welcome.includes(join(workspace.env.MODELS_DIR ?? '', 'Xenova', 'multilingual-e5-small')), 'names the folder searched');
  });

  it('answers the question with the verbatim 001 passage on the 355 companies, and its citation', () => {
    const reply = sections[1] ?? '';
    const first = reply.split(/\n\n(?=\d+\. )/).find((block) => /^\s*1\. /.test(block)) ?? '';
    const quoted = quotedLines(first);
    assert.ok(quoted.includes('355 entreprises'), `first passage:\n${first}`);
    assert.ok(fold(workspace.corpus[FORUM_FILE] ?? '').includes(fold(quoted)), 'the passage is verbatim corpus text');
    assert.match(first, new RegExp(`^ {2}— .*${escapeRegExp(FORUM_FILE)}, ¶ \\d+`, 'm'), 'citation line');
    assert.ok(reply.includes(t('fr', 'lexicalOnly')), 'the reply says lexical-only');
  });

  it('/quote Russie answers with one verbatim quotation and its source', () => {
    const reply = sections[2] ?? '';
    const quotation = /« ([\s\S]+?) »/.exec(reply)?.[1] ?? /^\n?(.+)$/m.exec(reply)?.[1] ?? '';
    assert.match(quotation, /Russie/);
    const file = Object.keys(workspace.corpus).find((name) => fold(workspace.corpus[name] ?? '').includes(fold(quotation)));
    assert.ok(file, `verbatim: ${quotation}`);
    assert.ok(new RegExp(`^ {2}\\(.*${escapeRegExp(file)}, ¶ \\d+`, 'm').test(reply), `cites ${file}:\n${reply}`);
  });

  it('/status says lexical-only with the reason', () => {
    const reply = sections[3] ?? '';
    assert.ok(reply.includes(t('fr', 'statusHeading')), reply);
    assert.match(reply, /Mode: lexical-only — The embedding model Xenova\/multilingual-e5-small could not be loaded/);
    assert.match(reply, /: 5 · \d+ passages/);
  });
});
