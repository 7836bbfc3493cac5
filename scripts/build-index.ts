import { parseArgs } from 'node:util';
import { runBuild } from '../src/cli/run-build.ts';
import { loadConfig } from '../src/config.ts';
import { loadEmbedderOrExplain } from '../src/embed/load-embedder.ts';
import { createLogger } from '../src/log.ts';

const { values } = parseArgs({
  options: {
    'require-model': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write('Usage: npm run build [-- --require-model]\n\nBuilds the index of CORPUS_DIR into INDEX_DIR.\n--require-model  fail instead of building a lexical-only index when no embedding model can be loaded\n');
  process.exit(0);
}

const config = loadConfig();
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
  const { manifest } = await runBuild(config, log, embedder, reason);
  process.stderr.write(
    `Index built: ${manifest.counts.chunks} passages from ${manifest.counts.documents} files, ${manifest.mode}` +
      `${manifest.counts.skipped ? `, ${manifest.counts.skipped} file(s) skipped` : ''}` +
      `${embedder ? ` (${manifest.counts.embedded} embedded, ${manifest.counts.reused} reused)` : ''}.\n`,
  );
} catch (error) {
  process.stderr.write(`Build failed: ${(error as Error).message}\nThe previous index, if any, is still the one in use.\n`);
  process.exit(1);
}
