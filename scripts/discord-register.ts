/**
 * npm run discord:register [-- --global]
 * Registers citebot's slash commands with Discord (bulk overwrite): in DISCORD_GUILD_ID when set
 * (instant), else globally (may take a while to show). `--global` forces global registration.
 * The bot also does this at start-up; this is for registering without starting it. With entries in
 * the briefings file (BRIEFINGS_FILE), the admin command /briefing is registered too, as at start-up.
 */
import { REST } from 'discord.js';
import { buildCommandPayloads, registerCommands } from '../src/adapters/discord/register-commands.ts';
import { commands } from '../src/answer/commands/index.ts';
import { BriefingsFileError, loadBriefings } from '../src/briefings/load.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: npm run discord:register [-- --global] [-- --print]\n');
    return 0;
  }
  const config = loadConfig();
  const briefingNames = (await loadBriefings(config.BRIEFINGS_FILE)).map((briefing) => briefing.name);
  if (args.includes('--print')) {
    process.stdout.write(`${JSON.stringify(buildCommandPayloads(commands, briefingNames), null, 2)}\n`);
    return 0;
  }
  const log = createLogger(config.LOG_LEVEL, config.LOG_FORMAT);
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) {
    log.error('DISCORD_TOKEN and DISCORD_APP_ID must be set (see docs/discord.md)');
    return 1;
  }
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const guildId = args.includes('--global') ? undefined : config.DISCORD_GUILD_ID;
  const result = await registerCommands(rest, { appId: config.DISCORD_APP_ID, guildId, commands, briefingNames });
  log.info({ ...result, guildId }, `registered ${result.count} slash commands ${result.scope === 'guild' ? `in guild ${guildId}` : 'globally'}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof BriefingsFileError ? error.message : `Registration failed: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);
