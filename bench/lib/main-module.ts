import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** True when the module at `moduleUrl` is the script node was started with (not imported by a test). */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** The npm command that regenerates a section, with any BENCH_* overrides that shaped this run. */
export function commandLine(script: string): string {
  const overrides = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_') || name === 'PIAF_PATH')
    .map(([name, value]) => `${name}=${value}`);
  const lifecycle = process.env.npm_lifecycle_event;
  const npmScript = lifecycle === 'bench' ? 'bench' : script;
  return [...overrides, `npm run ${npmScript}`].join(' ');
}
