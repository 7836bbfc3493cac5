import pino, { type Logger } from 'pino';

export type { Logger };

/** Logs go to stderr so that stdout stays free for answers (`npm run ask -- --json`). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination({ dest: 2, sync: true }));
}
