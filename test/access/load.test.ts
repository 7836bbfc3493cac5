// citebot.yml: validation naming the entry and the field, no file = the open policy, and reload on change.
import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PolicyFileError, PolicyStore, loadPolicy, parsePolicy } from '../../src/access/load.ts';
import { OPEN_POLICY } from '../../src/access/schema.ts';

describe('citebot.yml validation', () => {
  it('names the entry (position and name) and the field of each mistake', () => {
    assert.throws(
      () =>
        parsePolicy(
          {
            channels: [
              { name: 'rh', platform: 'slack', id: 'C0RH', folders: ['rh'] },
              { name: 'it', platform: 'teams', id: 'C0IT', mentions: 'yes' },
              { platform: 'discord', id: '12', folders: ['../etc'] },
            ],
            access: { channels: 'some', dms: 'no' },
          },
          '/srv/citebot.yml',
        ),
      (error: unknown) => {
        assert.ok(error instanceof PolicyFileError);
        const message = error.message;
        assert.match(message, /\/srv\/citebot\.yml is invalid/);
        assert.match(message, /channels entry 2 \("it"\), field "platform": must be "discord" or "slack"/);
        assert.match(message, /channels entry 2 \("it"\), field "mentions": must be true or false/);
        assert.match(message, /channels entry 3 \("12"\), field "folders\.0": a folder cannot go up/);
        assert.match(message, /access, field "channels": must be "all" or a list of channel ids/);
        assert.match(message, /access, field "dms": must be true or false/);
        assert.doesNotMatch(message, /entry 1/, 'the valid entry is not blamed');
        return true;
      },
    );
  });

  it('a channel listed twice, an unknown top-level key, an unknown access key', () => {
    assert.throws(() => parsePolicy({ channels: [{ platform: 'slack', id: 'C1' }, { platform: 'slack', id: 'C1' }] }, 'f'), /channels entry 2 \("C1"\), field "id": slack channel C1 is listed twice/);
    assert.throws(() => parsePolicy({ chanels: [] }, 'f'), /field "\(top level\)": Unrecognized key: "chanels"/);
    assert.throws(() => parsePolicy({ access: { slackGroups: ['S1'] } }, 'f'), /access, field "\(access\)": Unrecognized key: "slackGroups"/);
  });

  it('no file is the open policy; an empty file too; broken YAML names the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citebot-policy-'));
    try {
      assert.deepEqual(await loadPolicy(join(dir, 'missing.yml')), OPEN_POLICY);
      await writeFile(join(dir, 'empty.yml'), '');
      assert.deepEqual(await loadPolicy(join(dir, 'empty.yml')), OPEN_POLICY);
      await writeFile(join(dir, 'broken.yml'), 'channels: [\n');
      await assert.rejects(loadPolicy(join(dir, 'broken.yml')), /broken\.yml is not valid YAML/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PolicyStore', () => {
  it('reloads when the file changes; a bad edit is reported and the previous policy stays in force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citebot-policy-'));
    const file = join(dir, 'citebot.yml');
    const reloads: ({ ok: true } | { ok: false; error: Error })[] = [];
    let notify = () => {};
    const reloaded = () => new Promise<void>((resolve) => (notify = resolve));
    try {
      await writeFile(file, 'access:\n  slackUsers: [U1]\n');
      const store = await PolicyStore.open(file, (result) => {
        reloads.push(result);
        notify();
      });
      assert.deepEqual(store.current.access.slackUsers, ['U1']);
      const stop = store.watch(20);
      // The watcher does not keep the process alive (citebot's own servers do): this test holds it open.
      const keepAlive = setInterval(() => {}, 1000);
      try {
        // One change the watcher sees at once, with a later mtime for certain (some file systems keep a
        // coarse mtime): written beside, then renamed over. A write then a touch could be seen as two reloads.
        const replace = async (text: string, secondsAhead: number) => {
          await writeFile(`${file}.next`, text);
          await utimes(`${file}.next`, new Date(), new Date(Date.now() + secondsAhead * 1000));
          await rename(`${file}.next`, file);
        };
        let next = reloaded();
        await replace('access:\n  slackUsers: [U1, U2]\n', 2);
        await next;
        assert.deepEqual(store.current.access.slackUsers, ['U1', 'U2'], 'the new policy is in force');
        assert.deepEqual(reloads.at(-1), { ok: true });

        next = reloaded();
        await replace('access:\n  dms: perhaps\n', 4);
        await next;
        const last = reloads.at(-1)!;
        assert.equal(last.ok, false);
        assert.match(!last.ok ? last.error.message : '', /access, field "dms"/);
        assert.deepEqual(store.current.access.slackUsers, ['U1', 'U2'], 'the previous policy stays');
      } finally {
        clearInterval(keepAlive);
        stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
