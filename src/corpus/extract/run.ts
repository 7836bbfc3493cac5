import { Worker } from 'node:worker_threads';
import { ExtractError, type ExtractFormat, type ExtractLimits, type Extracted } from './types.ts';
import type { ExtractRequest, ExtractResponse } from './worker.ts';

const WORKER_URL = new URL('./worker.ts', import.meta.url);

/**
 * The worker runs TypeScript as the rest of citebot does (through tsx), whose loader a worker
 * thread does not inherit: a two-line bootstrap registers it first.
 */
function workerSource(): { source: string | URL; eval: boolean } {
  if (!WORKER_URL.pathname.endsWith('.ts')) return { source: WORKER_URL, eval: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  return {
    source: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); });`,
    eval: true,
  };
}

/**
 * Extraction in a worker thread with a time and a memory limit. One worker serves file after file;
 * a file that takes too long or too much memory ends its worker (the next file gets a fresh one)
 * and comes back as an ExtractError naming the limit.
 */
export class Extractor {
  private worker: { thread: Worker; ready: Promise<void> } | null = null;
  private nextId = 1;

  constructor(readonly limits: ExtractLimits) {}

  private spawn(): { thread: Worker; ready: Promise<void> } {
    const { source, eval: evaluate } = workerSource();
    const worker = new Worker(source, {
      eval: evaluate,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.limits.memoryMb / 8)) },
      stdout: true,
      stderr: true,
    });
    // pdf.js and the others may print warnings: they are not the build's output.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const onReady = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        worker.off('message', onReady);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    });
    ready.catch(() => undefined);
    return { thread: worker, ready };
  }

  async extract(format: ExtractFormat, bytes: Uint8Array): Promise<Extracted> {
    if (bytes.length > this.limits.maxFileBytes) {
      throw new ExtractError('too-large', `is larger than ${Math.round(this.limits.maxFileBytes / 1024 / 1024)} MB (EXTRACT_MAX_FILE_MB): skipped`);
    }
    const spawned = (this.worker ??= this.spawn());
    const worker = spawned.thread;
    try {
      await spawned.ready;
    } catch (error) {
      this.stopWorker(worker);
      throw new ExtractError('malformed', `could not be extracted: the extractor did not start (${(error as Error).message})`);
    }
    const id = this.nextId++;
    const copy = new Uint8Array(bytes);
    const request: ExtractRequest = { id, format, bytes: copy, maxUnzippedBytes: this.limits.maxUnzippedBytes };
    return new Promise<Extracted>((resolve, reject) => {
      const done = (settle: () => void, stop: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (stop) this.stopWorker(worker);
        settle();
      };
      const onMessage = (response: ExtractResponse) => {
        if (response.id !== id) return;
        done(() => (response.ok ? resolve(response.extracted) : reject(new ExtractError(response.reason, response.message))), false);
      };
      const onError = (error: Error & { code?: string }) => {
        const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(error.message);
        done(
          () =>
            reject(
              outOfMemory
                ? new ExtractError('out-of-memory', `needed more than ${this.limits.memoryMb} MB to extract (EXTRACT_MEMORY_MB): skipped`)
                : new ExtractError('malformed', `could not be read (${error.message.slice(0, 160)})`),
            ),
          true,
        );
      };
      const onExit = (code: number) => done(() => reject(new ExtractError('malformed', `stopped its extractor (exit code ${code})`)), true);
      const timer = setTimeout(
        () => done(() => reject(new ExtractError('timeout', `took longer than ${this.limits.timeoutMs / 1000} s to extract (EXTRACT_TIMEOUT_SECONDS): skipped`)), true),
        this.limits.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage(request, [copy.buffer]);
    }).finally(() => this.worker?.thread.unref());
  }

  private stopWorker(worker: Worker): void {
    if (this.worker?.thread === worker) this.worker = null;
    void worker.terminate().catch(() => undefined);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.thread.terminate().catch(() => undefined);
  }
}
