import cliProgress from 'cli-progress';
import type { Logger } from '../log.ts';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Embedding progress (see buildProgress). */
export function embeddingProgress(log: Logger, stream: NodeJS.WriteStream = process.stderr): Progress {
  return buildProgress(log, { label: 'Embedding', unit: 'chunks' }, stream);
}

/** Extraction progress of HTML, PDF and Word files (see buildProgress). */
export function extractionProgress(log: Logger, stream: NodeJS.WriteStream = process.stderr): Progress {
  return buildProgress(log, { label: 'Extracting', unit: 'files' }, stream);
}

/**
 * A build step's progress: a bar with ETA on a terminal; on CI logs (no TTY), a plain line every
 * 10 % or every 15 seconds.
 */
export function buildProgress(log: Logger, step: { label: string; unit: string }, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${step.label} {bar} {percentage}% | {value}/{total} ${step.unit} | ETA {eta_formatted}`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (total === 0) return;
        if (!started) bar.start(total, done);
        started = true;
        bar.update(done);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastShare = -1;
  let lastTime = 0;
  const startedAt = Date.now();
  return {
    update(done, total) {
      if (total === 0) return;
      const share = Math.floor((done / total) * 10);
      if (share === lastShare && Date.now() - lastTime < 15_000 && done !== total) return;
      lastShare = share;
      lastTime = Date.now();
      const elapsed = (Date.now() - startedAt) / 1000;
      const eta = done > 0 ? Math.round((elapsed / done) * (total - done)) : null;
      log.info({ done, total, eta_s: eta }, `${step.label.toLowerCase()} ${done}/${total} ${step.unit}`);
    },
    stop() {},
  };
}
