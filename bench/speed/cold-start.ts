import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ColdStart {
  /** Spawn to the first byte of the answer on stdout. */
  firstAnswerMs: number;
  /** Spawn to exit. */
  exitMs: number;
  noAnswer: boolean | null;
}

/** `npm run ask -- --json "question"` in a fresh process, timed from spawn. */
export function coldStart(question: string, env: Record<string, string>): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstAnswerMs: number | null = null;
    let output = '';
    let errors = '';
    const child = spawn('npm', ['run', '--silent', 'ask', '--', '--json', question], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      firstAnswerMs ??= performance.now() - started;
      output += chunk;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      errors += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const exitMs = performance.now() - started;
      if (code !== 0 || firstAnswerMs === null) {
        reject(new Error(`npm run ask exited with ${code}: ${errors.trim().split('\n').slice(-3).join(' / ')}`));
        return;
      }
      let noAnswer: boolean | null = null;
      try {
        noAnswer = (JSON.parse(output) as { noAnswer?: boolean }).noAnswer ?? null;
      } catch {
        noAnswer = null;
      }
      resolve({ firstAnswerMs, exitMs, noAnswer });
    });
  });
}
