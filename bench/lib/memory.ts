import { readFileSync } from 'node:fs';

export function rssMiB(): number {
  return process.memoryUsage().rss / 1024 ** 2;
}

/**
 * Peak resident memory of this process so far. Linux's VmHWM is per address space; getrusage's
 * maxRSS is not (it survives execve, so a child would report its parent's peak when higher).
 */
export function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1]) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
