import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench module's `runChild(input)` in a fresh node process and returns its JSON result, so
 * each measurement gets its own heap and its own peak-RSS figure.
 */
export function runInChild<T>(moduleUrl: string, input: unknown, options: { maxOldSpaceMiB?: number; exposeGc?: boolean } = {}): Promise<T> {
  const runner = fileURLToPath(new URL('./child-entry.ts', import.meta.url));
  const args = ['--import', 'tsx'];
  if (options.maxOldSpaceMiB) args.push(`--max-old-space-size=${options.maxOldSpaceMiB}`);
  if (options.exposeGc) args.push('--expose-gc');
  args.push(runner, moduleUrl, JSON.stringify(input));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`bench child exited with ${signal ?? `code ${code}`}`));
        return;
      }
      const lastLine = output.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(lastLine) as T);
      } catch {
        reject(new Error(`bench child printed no JSON result: ${lastLine.slice(0, 200)}`));
      }
    });
  });
}
