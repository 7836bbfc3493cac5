/**
 * The whole product as a user runs it: `node --import tsx src/main.ts` (what `npm start` runs) in a
 * child process, from the repo root, with every path in a temp folder. Its stdout, stderr and pino
 * log lines are collected for the tests to wait on and assert about.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../src/config.ts';
import { bundledCorpus, repoRoot } from '../helpers/citebot.ts';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Workspace {
  dir: string;
  corpusDir: string;
  indexDir: string;
  /** The environment of a run over this workspace (no chat platform configured). */
  env: Record<string, string>;
  /** The bundled corpus as copied in (file name → text). */
  corpus: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Every configuration variable pinned to its default (optional ones empty), so that neither the
 * test runner's environment nor a stray `.env` in the repo root (main.ts loads it, and it never
 * overrides variables already set) can add a platform or change a setting.
 */
export function pinnedConfigEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, schema] of Object.entries(configSchema.shape)) {
    const fallback: unknown = schema.parse(undefined);
    // A parsed value that is not text (a rate limit) is pinned as empty, which its schema reads as the default.
    env[key] = fallback === undefined || (typeof fallback === 'object' && fallback !== null && !Array.isArray(fallback)) ? '' : Array.isArray(fallback) ? fallback.join(',') : String(fallback);
  }
  return env;
}

/** A temp folder with a copy of the bundled corpus, an empty models folder, and no index yet. */
export async function makeWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-main-'));
  const corpusDir = join(dir, 'corpus');
  await cp(bundledCorpus, corpusDir, { recursive: true });
  await mkdir(join(dir, 'models'));
  const corpus: Record<string, string> = {};
  for (const file of await readdir(corpusDir)) corpus[file] = await readFile(join(corpusDir, file), 'utf8');
  const indexDir = join(dir, 'index');
  return {
    dir,
    corpusDir,
    indexDir,
    corpus,
    env: {
      ...pinnedConfigEnv(),
      CORPUS_DIR: corpusDir,
      INDEX_DIR: indexDir,
      DATA_DIR: join(dir, 'data'),
      MODELS_DIR: join(dir, 'models'),
      BRIEFINGS_FILE: join(dir, 'briefings.yml'),
      ALLOW_MODEL_DOWNLOAD: 'false',
      LOG_LEVEL: 'info',
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kill whatever a test left running (for `after`). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export class NodeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<Exit>;
  #stdout = '';
  #stderr = '';
  #exit: Exit | null = null;

  constructor(args: string[], env: Record<string, string>) {
    const parentEnv = { ...process.env };
    // Set by `node --test` for its own workers; the product must not see it.
    delete parentEnv.NODE_TEST_CONTEXT;
    this.child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, env: { ...parentEnv, ...env }, stdio: 'pipe' });
    running.add(this.child);
    this.child.stdout.setEncoding('utf8').on('data', (text: string) => (this.#stdout += text));
    this.child.stderr.setEncoding('utf8').on('data', (text: string) => (this.#stderr += text));
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => {
        running.delete(this.child);
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  get exit(): Exit | null {
    return this.#exit;
  }

  /** The pino lines on stderr (plain notices are skipped). */
  get logs(): LogLine[] {
    return this.#stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });
  }

  /** Poll `probe` until it returns a value; fails at once if the process ends first, else after `timeoutMs`. */
  async waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== null && value !== false) return value;
      if (this.#exit) throw new Error(`the process ended (${JSON.stringify(this.#exit)}) while waiting for ${what}\n${this.#tail()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.#tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  waitForLog(predicate: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine> {
    return this.waitFor(() => this.logs.find(predicate), what, timeoutMs);
  }

  /** Send `signal` and wait for the exit; SIGKILL and fail when it takes longer than `timeoutMs`. */
  async stopWith(signal: NodeJS.Signals, timeoutMs = 15_000): Promise<Exit> {
    this.child.kill(signal);
    return this.waitForExit(`the exit after ${signal}`, timeoutMs);
  }

  async waitForExit(what = 'the exit', timeoutMs = 30_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`no exit after ${timeoutMs} ms waiting for ${what}\n${this.#tail()}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  #tail(): string {
    return `--- stdout (end) ---\n${this.#stdout.slice(-1500)}\n--- stderr (end) ---\n${this.#stderr.slice(-3000)}`;
  }
}

/** `npm start`: src/main.ts. */
export function startCitebot(env: Record<string, string>): NodeProcess {
  return new NodeProcess(['src/main.ts'], env);
}

/** `npm run build`: scripts/build-index.ts. */
export function runBuildScript(env: Record<string, string>): NodeProcess {
  return new NodeProcess(['scripts/build-index.ts'], env);
}

/** The terminal chat's prompt, written after the welcome and after every reply. */
export const PROMPT = '› ';

/** Drive the terminal chat of a running citebot: one line in, the text up to the next prompt out. */
export async function askChat(citebot: NodeProcess, line: string, timeoutMs = 30_000): Promise<string> {
  await citebot.waitFor(() => citebot.stdout.endsWith(PROMPT), 'the chat prompt', timeoutMs);
  const from = citebot.stdout.length;
  citebot.child.stdin.write(`${line}\n`);
  return citebot.waitFor(
    () => {
      const after = citebot.stdout.slice(from);
      return after.endsWith(PROMPT) ? after.slice(0, -PROMPT.length) : undefined;
    },
    `the reply to ${JSON.stringify(line)}`,
    timeoutMs,
  );
}

/** Collapse runs of whitespace, to compare rendered text with the corpus across line breaks. */
export function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
