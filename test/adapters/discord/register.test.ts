import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REST } from 'discord.js';
import { inviteUrl, requiredPermissions } from '../../../src/adapters/discord/permissions.ts';
import { buildCommandPayloads, registerCommands } from '../../../src/adapters/discord/register-commands.ts';
import { commands } from '../../../src/answer/commands/index.ts';
import { repoRoot } from '../../helpers/citebot.ts';
import { FakeDiscord } from '../../fakes/discord/server.ts';

const run = promisify(execFile);

describe('Discord slash command registration', () => {
  it('builds one chat-input command per engine command, within Discord’s rules', () => {
    const payloads = buildCommandPayloads(commands);
    assert.deepEqual(
      payloads.map((payload) => payload.name),
      commands.map((command) => command.name),
    );
    for (const payload of payloads) {
      assert.match(payload.name, /^[-_\p{L}\p{N}]{1,32}$/u);
      assert.ok(payload.description.length >= 1 && payload.description.length <= 100);
      assert.ok((payload.description_localizations?.fr ?? '').length >= 1);
      const options = payload.options ?? [];
      const firstOptional = options.findIndex((option) => !option.required);
      assert.ok(firstOptional === -1 || options.slice(firstOptional).every((option) => !option.required), 'required options first');
      for (const option of options) {
        assert.ok(option.description.length <= 100);
        assert.ok(option.description_localizations?.fr);
      }
    }
    const byName = new Map(payloads.map((payload) => [payload.name, payload]));
    const optionTypes = (name: string) => Object.fromEntries((byName.get(name)?.options ?? []).map((option) => [option.name, option.type]));
    assert.deepEqual(optionTypes('ask'), { question: 3, count: 4, private: 5 });
    assert.deepEqual(optionTypes('quote'), { topic: 3, private: 5 });
    assert.deepEqual(optionTypes('brief'), { topic: 3, count: 4, private: 5 });
    assert.deepEqual(optionTypes('sources'), {});
  });

  describe('npm run discord:register', () => {
    let fake: FakeDiscord;
    let cwd: string;
    before(async () => {
      fake = await FakeDiscord.start();
      // An empty working directory, so that no developer .env is read.
      cwd = await mkdtemp(join(tmpdir(), 'citebot-discord-register-'));
      // The default BRIEFINGS_FILE, relative to the working directory.
      await writeFile(
        join(cwd, 'briefings.yml'),
        'briefings:\n  - name: matin\n    platform: discord\n    channel: "1"\n    topics: [OTAN]\n    schedule: "0 8 * * *"\n',
      );
    });
    after(async () => {
      await fake.close();
      await rm(cwd, { recursive: true, force: true });
    });

    const register = (env: Record<string, string>, args: string[] = []) =>
      run(process.execPath, ['--import', import.meta.resolve('tsx'), join(repoRoot, 'scripts', 'discord-register.ts'), ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.ids.app, DISCORD_API_URL: fake.apiUrl, ...env },
      });

    it('overwrites the guild commands when DISCORD_GUILD_ID is set (with /briefing, as briefings.yml has one), else the global ones', async () => {
      await register({ DISCORD_GUILD_ID: fake.ids.guild });
      const guildPut = fake.calls.find((call) => call.method === 'PUT' && call.route === '/applications/:app/guilds/:guild/commands');
      assert.equal(guildPut?.status, 200);
      const registered = guildPut?.body as { name: string; default_member_permissions?: string; options: { options: { choices?: unknown }[] }[] }[];
      assert.deepEqual(registered.map((command) => command.name), [...commands.map((command) => command.name), 'briefing']);
      assert.equal(registered.at(-1)?.default_member_permissions, '32');
      assert.deepEqual(registered.at(-1)?.options[0]?.options[0]?.choices, [{ name: 'matin', value: 'matin' }]);

      // Global registration, in-process (a second child process would only cost time).
      const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
      assert.deepEqual(await registerCommands(rest, { appId: fake.ids.app, commands }), { scope: 'global', count: commands.length });
      const globalPut = fake.calls.find((call) => call.method === 'PUT' && call.route === '/applications/:app/commands');
      assert.equal(globalPut?.status, 200);
      assert.equal(fake.commands.global.length, commands.length);
    });

    it('rejects when the API refuses the token (in-process: one child process is enough)', async () => {
      const rest = new REST({ api: fake.apiUrl }).setToken('wrong-token');
      await assert.rejects(registerCommands(rest, { appId: fake.ids.app, commands }), /401|Unauthorized/);
    });
  });
});

describe('Discord invite link', () => {
  it('docs/discord.md gives the permissions number the bot needs', async () => {
    const docs = await readFile(join(repoRoot, 'docs', 'discord.md'), 'utf8');
    assert.equal(requiredPermissions, 274877991936n);
    assert.ok(docs.includes(`permissions=${requiredPermissions}`));
    assert.equal(
      inviteUrl('123'),
      `https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=${requiredPermissions}`,
    );
  });
});
