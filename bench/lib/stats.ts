export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = samples.slice().sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
  };
}

/** Runs `work` once per item and returns the wall time of each call in milliseconds. */
export function timeEach<T>(items: readonly T[], work: (item: T) => unknown): number[] {
  const times: number[] = [];
  for (const item of items) {
    const start = performance.now();
    work(item);
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * Runs `work` once per item and returns, per call, its wall time and the CPU time the process spent
 * meanwhile (process.cpuUsage: user + system, every thread of the process, so garbage collection
 * included), both in milliseconds. On a shared machine the wall time also counts the time other
 * processes held the cores; the CPU time does not.
 */
export function timeEachWithCpu<T>(items: readonly T[], work: (item: T) => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const item of items) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    work(item);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

export async function timeEachAsync<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const start = performance.now();
    await work(item);
    times.push(performance.now() - start);
  }
  return times;
}

export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
