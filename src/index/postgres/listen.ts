import pg from 'pg';
import { GENERATION_CHANNEL } from './publish.ts';

export interface GenerationListener {
  stop(): Promise<void>;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * LISTEN for published generations on a connection of its own. `onChange` runs on each NOTIFY and
 * after each (re)connection, since a publish may have happened while the connection was down.
 */
export function listenForGenerations(url: string, onChange: () => void, onError: (error: Error) => void = () => {}): GenerationListener {
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let delay = RETRY_MIN_MS;

  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(RETRY_MAX_MS, delay * 2);
  };

  const connect = async () => {
    const current = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'citebot-listen', keepAlive: true });
    client = current;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      if (!stopped) onError(error);
      void current.end().catch(() => undefined);
      retry();
    };
    current.on('error', fail);
    current.on('end', () => fail(new Error('the LISTEN connection closed')));
    current.on('notification', (message) => {
      if (message.channel === GENERATION_CHANNEL) onChange();
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${GENERATION_CHANNEL}`);
      delay = RETRY_MIN_MS;
      if (!stopped) onChange();
    } catch (error) {
      fail(error as Error);
    }
  };
  void connect();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
