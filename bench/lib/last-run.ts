import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache.ts';

/** A benchmark's results as its last run left them (bench/.cache/last-run, not committed): what `npm run bench:summary` reads. */
export interface LastRun<T> {
  /** The npm command, with its BENCH_ overrides. */
  command: string;
  /** When it ended (ISO 8601). */
  date: string;
  results: T;
}

const pathOf = (name: string) => join(cacheDir('last-run'), `${name}.json`);

export function saveLastRun<T>(name: string, command: string, results: T): void {
  writeFileSync(pathOf(name), JSON.stringify({ command, date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), results } satisfies LastRun<T>));
}

/** The last run saved under `name`, or null when there is none. */
export function loadLastRun<T>(name: string): LastRun<T> | null {
  const path = pathOf(name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LastRun<T>) : null;
}
