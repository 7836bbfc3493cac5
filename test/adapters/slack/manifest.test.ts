import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { commands } from '../../../src/answer/commands/index.ts';
import { repoRoot } from '../../helpers/citebot.ts';

interface Manifest {
  features: { slash_commands: Array<{ command: string; description: string }>; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

test('slack-app-manifest.yml declares what the adapter listens to', async () => {
  const manifest = parse(await readFile(join(repoRoot, 'slack-app-manifest.yml'), 'utf8')) as Manifest;
  const declared = manifest.features.slash_commands.map((command) => command.command);
  for (const command of commands) assert.ok(declared.includes(`/${command.name}`), `/${command.name} declared`);
  assert.ok(declared.includes('/briefing'), '/briefing declared (the admin preview)');
  for (const command of manifest.features.slash_commands) assert.ok(command.description.length <= 100);
  for (const scope of ['commands', 'app_mentions:read', 'chat:write', 'im:history', 'im:read', 'im:write', 'reactions:write', 'users:read', 'channels:history', 'groups:history', 'usergroups:read']) {
    assert.ok(manifest.oauth_config.scopes.bot.includes(scope), scope);
  }
  assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), ['app_mention', 'message.channels', 'message.groups', 'message.im']);
  assert.equal(manifest.settings.interactivity.is_enabled, true);
  assert.equal(manifest.settings.socket_mode_enabled, true);
});
