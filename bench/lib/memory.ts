export function rssMiB(): number {
  return process.memoryUsage().rss / 1024 ** 2;
}

/** Peak resident memory of this process so far (the kernel's high-water mark). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
