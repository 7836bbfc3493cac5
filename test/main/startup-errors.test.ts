// `npm start` refuses to start, with exit code 1 and a message that says what to fix, on a bad
// briefings file, a bad citebot.yml or a bad environment value; it builds nothing before refusing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { killAll, makeWorkspace, startCitebot, type Workspace } from './citebot-process.ts';

const teamsBriefings = `briefings:
  - name: morning-defence
    platform: slack
    channel: C0123ABCD
    topics: [drones]
    schedule: "0 8 * * 1-5"
  - name: weekly-teams
    platform: teams
    channel: "19:abc@thread.tacv2"
    topics: [munitions]
    schedule: "30 9 * * 1"
`;

describe('npm start refuses a bad configuration', { timeout: 90_000 }, () => {
  let workspace: Workspace;

  beforeEach(async () => {
    workspace = await makeWorkspace();
  });
  afterEach(async () => {
    killAll();
    await workspace?.close();
  });
  after(killAll);

  it('a briefing for an unknown platform: exit 1, naming the file, the entry and the field', async () => {
    const file = workspace.env.BRIEFINGS_FILE ?? '';
    await writeFile(file, teamsBriefings);
    const citebot = startCitebot(workspace.env);
    const exit = await citebot.waitForExit();
    assert.deepEqual(exit, { code: 1, signal: null }, citebot.stderr);
    assert.ok(citebot.stderr.includes(file), citebot.stderr);
    assert.match(citebot.stderr, /entry 2 \("weekly-teams"\), field "platform": must be "discord" or "slack"/);
    assert.doesNotMatch(citebot.stderr, /entry 1/, 'the valid entry is not blamed');
    assert.equal(citebot.stdout, '', 'no chat was opened');
    assert.ok(!existsSync(join(workspace.indexDir, 'CURRENT')), 'nothing was built');
  });

  it('a bad citebot.yml: exit 1, naming the file, the entry and the field, before building anything', async () => {
    const file = join(workspace.dir, 'citebot.yml');
    await writeFile(
      file,
      `channels:
  - name: rh
    platform: slack
    id: C0RH
    folders: [rh]
  - name: it
    platform: slack
    id: C0IT
    followUps: sometimes
access:
  dms: true
`,
    );
    const citebot = startCitebot({ ...workspace.env, CITEBOT_FILE: file });
    const exit = await citebot.waitForExit();
    assert.deepEqual(exit, { code: 1, signal: null }, citebot.stderr);
    assert.ok(citebot.stderr.includes(file), citebot.stderr);
    assert.match(citebot.stderr, /channels entry 2 \("it"\), field "followUps": must be true or false/);
    assert.doesNotMatch(citebot.stderr, /entry 1/, 'the valid entry is not blamed');
    assert.equal(citebot.stdout, '', 'no chat was opened');
    assert.ok(!existsSync(join(workspace.indexDir, 'CURRENT')), 'nothing was built');
  });

  it('LOG_LEVEL=loud: exit 1, naming LOG_LEVEL', async () => {
    const citebot = startCitebot({ ...workspace.env, LOG_LEVEL: 'loud' });
    const exit = await citebot.waitForExit();
    assert.deepEqual(exit, { code: 1, signal: null }, citebot.stderr);
    assert.match(citebot.stderr, /Invalid configuration/);
    assert.match(citebot.stderr, /^ {2}LOG_LEVEL: /m);
    assert.equal(citebot.stdout, '', 'no chat was opened');
    assert.ok(!existsSync(join(workspace.indexDir, 'CURRENT')), 'nothing was built');
  });

  it('INDEX_BACKEND=postgres with a database that cannot be reached: exit 1, naming its host but not the password', async () => {
    const citebot = startCitebot({ ...workspace.env, INDEX_BACKEND: 'postgres', DATABASE_URL: 'postgres://citebot:s3cret@127.0.0.1:1/citebot' });
    const exit = await citebot.waitForExit();
    assert.deepEqual(exit, { code: 1, signal: null }, citebot.stderr);
    assert.match(citebot.stderr, /the database at 127\.0\.0\.1:1 cannot be used .*check DATABASE_URL/);
    assert.doesNotMatch(citebot.stderr, /s3cret/);
    assert.equal(citebot.stdout, '', 'no chat was opened');
    assert.ok(!existsSync(join(workspace.indexDir, 'CURRENT')), 'nothing was built into INDEX_DIR');
  });
});
