// Loaded into every node process of a measured command (NODE_OPTIONS=--import=<this file>): at exit,
// appends the process's peak resident memory (Linux VmHWM) as a JSON line to the file named by
// CITEBOT_PEAK_RSS_FILE. Plain JavaScript: npm and tsx's own node processes load it too.
import { appendFileSync, readFileSync } from 'node:fs';

const file = process.env.CITEBOT_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    let peakKiB = null;
    try {
      peakKiB = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
    } catch {
      peakKiB = process.resourceUsage().maxRSS;
    }
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, script: process.argv[1] ?? '', peakKiB })}\n`);
  });
}
