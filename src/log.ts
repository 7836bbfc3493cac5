import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Logs go to stderr so that stdout stays free for answers (`npm run ask -- --json`): JSON lines for
 * services and log collectors, short human lines for a person at a terminal.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', format: LogFormat = 'auto'): Logger {
  const human = format === 'pretty' || (format === 'auto' && process.stderr.isTTY === true);
  if (!human) return pino({ level, base: undefined }, pino.destination({ dest: 2, sync: true }));
  return pino(
    { level, base: undefined },
    pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY === true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', singleLine: true }),
  );
}
