// `npm start` with no chat token: the terminal chat, over an index it builds first, lexical-only
// because no model can be loaded (empty MODELS_DIR, downloads off), ending at the end of input.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { t } from '../../src/present/strings.ts';
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
    // A French system: the whole start-up text follows it.
    citebot = startCitebot({ ...workspace.env, LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
    citebot.child.stdin.end(`${QUESTION}\n/quote Russie\n/status\n/quote\n/more 1\n/QUIT now\nRutte\n`);
    exit = await citebot.waitForExit('the end of the chat', 90_000);
    // The prompt opens a line; the same sign inside a line is a breadcrumb separator.
    sections = citebot.stdout.split(new RegExp(`(?<=^|\n)${escapeRegExp(PROMPT)}`));
  });
  after(async () => {
    killAll();
    await workspace?.close();
  });

  it('exits 0 at /quit (whatever follows it), after answering every line before', () => {
    assert.deepEqual(exit, { code: 0, signal: null }, citebot.stderr);
    assert.equal(sections.length, 7, `welcome, five replies, and the last prompt:\n${citebot.stdout}`);
    assert.doesNotMatch(sections[5] ?? '', /Commande inconnue|Unknown command/, '/more with a count is /more');
    assert.equal(sections[6], '');
  });

  it('built the index first, since there was none', () => {
    assert.ok(existsSync(join(workspace.indexDir, 'CURRENT')));
    const building = citebot.logs.find((line) => line.msg === 'building the index');
    assert.equal(building?.reason, 'no index yet');
  });

  it('welcomes the user in one language, with short lines: what to type, what is indexed, the mode', () => {
    const welcome = sections[0] ?? '';
    const commands = '/quote <sujet>, /brief <sujet>, /sources, /status, /help';
    const [first, second, ...rest] = welcome.trim().split('\n');
    assert.equal(first, t('fr', 'terminalWelcome', { commands }));
    const passages = /(\d+) passages/.exec(second ?? '')?.[1] ?? '?';
    assert.equal(second, t('fr', 'terminalReady', { passages, files: 5, mode: t('fr', 'modeLexical') }));
    assert.deepEqual(rest, []);
    assert.doesNotMatch(welcome, /could not be loaded|Mode:/, 'the model paragraph is not printed in the chat');
  });

  it('logs why search is lexical-only once, as a log line (JSON when stderr is not a terminal)', () => {
    const reasons = citebot.logs.filter((line) => /Xenova\/multilingual-e5-small could not be loaded/.test(String(line.msg)));
    assert.equal(reasons.length, 1, citebot.stderr);
    assert.match(String(reasons[0]?.msg), /ALLOW_MODEL_DOWNLOAD=false/);
    assert.ok(String(reasons[0]?.msg).includes(join(workspace.env.MODELS_DIR ?? '', 'Xenova', 'multilingual-e5-small')), 'names the folder searched');
    assert.ok(citebot.stderr.split('\n').every((line) => line.trim() === '' || line.startsWith('{')), 'only JSON lines on stderr');
  });

  it('answers the question with the verbatim 001 passage on the 355 companies, and its citation', () => {
    const reply = sections[1] ?? '';
    const first = reply.split(/\n\n(?=\d+\. )/).find((block) => /^\s*1\. /.test(block)) ?? '';
    const quoted = quotedLines(first);
    assert.ok(quoted.includes('355 entreprises'), `first passage:\n${first}`);
    assert.ok(fold(workspace.corpus[FORUM_FILE] ?? '').includes(fold(quoted)), 'the passage is verbatim corpus text');
    assert.match(first, new RegExp(`^ {2}— .*${escapeRegExp(FORUM_FILE)}, ¶ \\d+`, 'm'), 'citation line');
    assert.ok(reply.trimEnd().endsWith(t('fr', 'lexicalOnlyShort')), 'the reply ends with the short lexical-only line');
  });

  it('/quote Russie answers with one verbatim quotation and its source', () => {
    const reply = sections[2] ?? '';
    const quotation = /« ([\s\S]+?) »/.exec(reply)?.[1] ?? /^\n?(.+)$/m.exec(reply)?.[1] ?? '';
    assert.match(quotation, /Russie/);
    const file = Object.keys(workspace.corpus).find((name) => fold(workspace.corpus[name] ?? '').includes(fold(quotation)));
    assert.ok(file, `verbatim: ${quotation}`);
    assert.ok(new RegExp(`^ {2}\\(.*${escapeRegExp(file)}, ¶ \\d+`, 'm').test(reply), `cites ${file}:\n${reply}`);
  });

  it('/status says lexical-only with the reason (the terminal is the operator’s own)', () => {
    const reply = sections[3] ?? '';
    assert.ok(reply.includes(t('fr', 'statusHeading')), reply);
    assert.match(reply, new RegExp(`Mode: ${t('fr', 'modeLexical')}\n {2}${t('fr', 'modeReasonLabel')}: The embedding model Xenova/multilingual-e5-small could not be loaded`));
    assert.match(reply, /: 5 · \d+ passages/);
  });

  it('/quote with no topic answers with the terminal’s own syntax, in the chat’s language', () => {
    const reply = (sections[4] ?? '').trim();
    assert.equal(reply, t('fr', 'emptyText', { usage: '/quote <sujet>' }));
  });
});
