import { provenance } from './lib/machine.ts';
import { commandLine, isMainModule } from './lib/main-module.ts';
import { writeSection } from './lib/report.ts';
import { benchFormats } from './formats/main.ts';
import { benchQuality } from './quality/main.ts';
import { benchScale } from './scale/main.ts';
import { benchSpeed } from './speed/main.ts';
import { renderSummary, type BenchRun } from './summary.ts';

// `npm run bench`: every benchmark, timing-sensitive ones first on a quiet machine, then the summary.
if (isMainModule(import.meta.url)) {
  const run: BenchRun = { seconds: [] };
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    process.stderr.write(`bench: ${name}…\n`);
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    run.seconds.push([name, seconds]);
    process.stderr.write(`bench: ${name} done in ${seconds.toFixed(0)} s\n`);
    return result;
  };
  run.speed = await time('speed', benchSpeed);
  run.scale = await time('scale', benchScale);
  run.quality = await time('quality', benchQuality);
  await time('formats', benchFormats);
  writeSection('summary', renderSummary(run, provenance(commandLine('bench'))));
}
