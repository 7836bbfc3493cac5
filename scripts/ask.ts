import { parseArgs } from 'node:util';
import { ansiStyle, plainStyle, renderForTerminal } from '../src/adapters/terminal/render.ts';
import { toAnswerJson } from '../src/answer/json-shape.ts';
import { citationOf } from '../src/present/citation.ts';
import { errorText } from '../src/present/errors.ts';
import { prepareEngine } from '../src/cli/prepare-engine.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';

const usage = 'Usage: npm run ask -- [--json] [-k N] [--command ask|quote|brief] "question"\n';

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      k: { type: 'string', short: 'k' },
      command: { type: 'string', default: 'ask' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const command = values.command ?? 'ask';
if (!['ask', 'quote', 'brief'].includes(command)) {
  process.stderr.write(`Unknown --command "${command}": use ask, quote or brief.\n${usage}`);
  process.exit(2);
}
const count = values.k === undefined ? undefined : Number(values.k);
if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 10)) {
  process.stderr.write(`-k must be a whole number from 1 to 10.\n${usage}`);
  process.exit(2);
}
const question = positionals.join(' ');

try {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, config.LOG_FORMAT);
  const { citebot } = await prepareEngine(config, log, (notice) => process.stderr.write(`${notice}\n`));
  const reply = await citebot.run(command, { text: question, count });
  if (values.json) {
    if (reply.kind !== 'answer') {
      process.stderr.write(`${reply.kind === 'error' ? errorText(reply, 'terminal') : 'unexpected reply'}\n`);
      process.exit(1);
    }
    process.stdout.write(`${JSON.stringify(toAnswerJson(reply, (source) => citationOf(source).link))}\n`);
  } else {
    process.stdout.write(`${renderForTerminal(reply, process.stdout.isTTY ? ansiStyle : plainStyle)}\n`);
    if (reply.kind === 'error') process.exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
