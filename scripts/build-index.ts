import { parseArgs } from 'node:util';
import { runBuild } from '../src/cli/run-build.ts';
import { loadConfig } from '../src/config.ts';
import { loadEmbedderOrExplain } from '../src/embed/load-embedder.ts';
import { createLogger } from '../src/log.ts';

const usage =
  'Usage: npm run build [-- --require-model] [-- --full]\n\nBuilds the index of CORPUS_DIR into INDEX_DIR, updating the previous build with the files that changed.\n' +
  '--require-model  fail instead of building a lexical-only index when no embedding model can be loaded\n' +
  '--full           rebuild every part of the index from scratch\n';

let parsed;
try {
  parsed = parseArgs({
    options: {
      'require-model': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const { values } = parsed;

if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
const log = createLogger(config.LOG_LEVEL, config.LOG_FORMAT);
try {
  const { embedder, reason } = await loadEmbedderOrExplain(config, log);
  if (!embedder) {
    process.stderr.write(`\n${reason}\n\n`);
    if (values['require-model']) {
      process.stderr.write('Build stopped: --require-model was given and no model could be loaded.\n');
      process.exit(1);
    }
  }
  const { manifest, lexical, carriedFiles } = await runBuild(config, log, embedder, reason, { full: values.full });
  process.stderr.write(
    `Index built: ${manifest.counts.chunks} passages from ${manifest.counts.documents} files, ${manifest.mode}` +
      `${manifest.counts.skipped ? `, ${manifest.counts.skipped} file(s) skipped` : ''}` +
      `${embedder ? ` (${manifest.counts.embedded} embedded, ${manifest.counts.reused} reused)` : ''}` +
      `${carriedFiles ? `; ${carriedFiles} unchanged file(s) copied from the previous index` : ''}` +
      `; lexical index ${lexical === 'built' ? 'built anew' : lexical === 'updated' ? 'updated with the changed files' : lexical === 'merged' ? 'updated, small segments merged' : 'rebuilt'}.\n`,
  );
} catch (error) {
  process.stderr.write(`Build failed: ${(error as Error).message}\nThe previous index, if any, is still the one in use.\n`);
  process.exit(1);
}
