import { loadLastRun } from './lib/last-run.ts';
import { provenance } from './lib/machine.ts';
import { commandLine, isMainModule } from './lib/main-module.ts';
import { writeSection } from './lib/report.ts';
import type { CorpusResult } from './quality/run.ts';
import type { ScalePart, ScaleResults } from './scale/run.ts';
import type { SpeedResults } from './speed/run.ts';
import { renderSummary, type BenchRun } from './summary.ts';

/**
 * `npm run bench:summary`: the summary at the top of BENCHMARKS.md from the last run of each
 * benchmark (saved in bench/.cache/last-run), for when they were run one by one rather than by
 * `npm run bench`. Each part of the scale benchmark comes from the last run that measured it.
 */
export function assembleLastRuns(): BenchRun {
  const run: BenchRun = { seconds: [], assembledFrom: [] };
  const from = (what: string, saved: { command: string; date: string }) => run.assembledFrom!.push(`${what} \`${saved.command}\` (${saved.date})`);
  const quality = loadLastRun<CorpusResult[]>('quality');
  if (quality) {
    run.quality = quality.results;
    from('quality', quality);
  }
  const speed = loadLastRun<SpeedResults>('speed');
  if (speed) {
    run.speed = speed.results;
    from('speed', speed);
  }
  const parts: ScalePart[] = ['hnsw', 'lexical', 'startup'];
  for (const part of parts) {
    const saved = loadLastRun<ScaleResults>(`scale-${part}`);
    if (!saved) continue;
    run.scale ??= { options: saved.results.options, hnsw: [], hnswLowMemory: [], lexical: [], startup: [] };
    if (part === 'hnsw') {
      run.scale.options = saved.results.options;
      run.scale.hnsw = saved.results.hnsw;
      run.scale.hnswLowMemory = saved.results.hnswLowMemory;
    } else if (part === 'lexical') run.scale.lexical = saved.results.lexical;
    else run.scale.startup = saved.results.startup;
    from(`scale (${part})`, saved);
  }
  return run;
}

if (isMainModule(import.meta.url)) {
  const run = assembleLastRuns();
  if (run.assembledFrom!.length === 0) throw new Error('no benchmark has saved its results yet (bench/.cache/last-run): run one first');
  writeSection('summary', renderSummary(run, provenance(commandLine('bench:summary'))));
}
