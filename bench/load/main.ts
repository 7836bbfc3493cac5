import { positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { writeSection } from '../lib/report.ts';
import { renderLoad } from './render.ts';
import { DEFAULT_LOAD_OPTIONS, runLoad, type LoadResults } from './run.ts';

/** `npm run bench:load`: the load test of issue 12 as a benchmark (never a timed test). */
export async function benchLoad(): Promise<LoadResults> {
  const started = performance.now();
  const defaults = DEFAULT_LOAD_OPTIONS;
  const results = await runLoad({
    ...defaults,
    questions: positiveNumber('BENCH_LOAD_QUESTIONS', defaults.questions),
    users: positiveNumber('BENCH_LOAD_USERS', defaults.users),
    timeLimitSeconds: positiveNumber('BENCH_LOAD_TIME_LIMIT_S', defaults.timeLimitSeconds),
  });
  const seconds = (performance.now() - started) / 1000;
  writeSection('load', renderLoad(results, provenance(commandLine('bench:load'), seconds)));
  for (const platform of results.platforms) {
    process.stderr.write(
      `bench:load ${platform.platform}: answered ${platform.outcomes.answered + platform.outcomes.declined}, limited ${platform.outcomes.limited}, busy ${platform.outcomes.busy}, ` +
        `p50 ${platform.latency.all.p50.toFixed(0)} ms, p95 ${platform.latency.all.p95.toFixed(0)} ms, unaccounted ${platform.missing}\n`,
    );
  }
  return results;
}

if (isMainModule(import.meta.url)) {
  await benchLoad();
  // The fakes and adapters are closed; anything left (a discord.js timer) must not keep the script alive.
  process.exit(0);
}
