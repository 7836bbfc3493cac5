import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../log.ts';

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** The Bolt level matching a pino level ('trace' → debug, 'fatal'/'silent' → error). */
export function boltLevel(pinoLevel: string): LogLevel {
  if (pinoLevel === 'trace' || pinoLevel === 'debug') return LogLevel.DEBUG;
  if (pinoLevel === 'info') return LogLevel.INFO;
  if (pinoLevel === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/** Bolt's and the Socket Mode client's logs, sent through our pino logger (stderr). */
export function boltLogger(log: Logger): BoltLogger {
  let level = boltLevel(log.level);
  const enabled = (wanted: LogLevel) => ORDER.indexOf(wanted) >= ORDER.indexOf(level);
  const message = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part))).join(' ');
  return {
    debug: (...parts: unknown[]) => enabled(LogLevel.DEBUG) && log.debug(message(parts)),
    info: (...parts: unknown[]) => enabled(LogLevel.INFO) && log.info(message(parts)),
    warn: (...parts: unknown[]) => enabled(LogLevel.WARN) && log.warn(message(parts)),
    error: (...parts: unknown[]) => enabled(LogLevel.ERROR) && log.error(message(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
