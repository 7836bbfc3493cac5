/** The script's side of the fakes' process (fakes-host.ts): start it, ask it, close it. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PlanOptions } from './plan.ts';

export type FakesRequest = { id: number } & (
  | { op: 'start'; platform: 'slack' | 'discord' }
  | { op: 'connected' }
  | { op: 'send'; options: PlanOptions }
  | { op: 'records' }
  | { op: 'close' }
);

type Op<K extends FakesRequest['op']> = Omit<Extract<FakesRequest, { op: K }>, 'id'>;

export class FakesProcess {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(`fakes process: ${message.error}`));
      else pending?.resolve(message.result);
    });
    child.on('exit', (code) => {
      for (const { reject } of this.#pending.values()) reject(new Error(`fakes process exited (${code})`));
      this.#pending.clear();
    });
  }

  static start(): FakesProcess {
    const child = fork(fileURLToPath(new URL('./fakes-host.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new FakesProcess(child);
  }

  request<K extends FakesRequest['op'], T>(request: Op<K> & { op: K }): Promise<T> {
    const id = (this.#next += 1);
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...request, id });
    });
  }

  /** Close the fake and wait for the process to end (killed if it has not within 5 s). */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill(), 5000);
    await this.request({ op: 'close' }).catch(() => undefined);
    await exited;
    clearTimeout(timer);
  }
}
