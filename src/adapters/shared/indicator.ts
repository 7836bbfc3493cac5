/**
 * A "working on it" indicator (Slack's 👀 reaction, Discord's typing) shown only when the answer is
 * not ready within a short delay. Most answers take tens of milliseconds: an indicator sent for them
 * is one more request against the platform's rate limits, sent before the answer it then delays.
 */

/** How long an answer may take before the indicator is shown (about the limit of an unnoticed wait). */
export const INDICATOR_DELAY_MS = 1000;

export class DelayedIndicator {
  #timer: NodeJS.Timeout | undefined;
  #shown: Promise<boolean> | null = null;

  /**
   * `show` sends the indicator and resolves whether it was shown; it must not reject. A delay of 0
   * shows it at once (without waiting for it: the answer never waits for its indicator).
   */
  constructor(delayMs: number, show: () => Promise<boolean>) {
    if (delayMs <= 0) this.#shown = show();
    else {
      this.#timer = setTimeout(() => (this.#shown = show()), delayMs);
      this.#timer.unref();
    }
  }

  /** The answer is ready: the indicator is not shown any more; resolves whether it was (to undo it). */
  async stop(): Promise<boolean> {
    clearTimeout(this.#timer);
    return this.#shown ? await this.#shown : false;
  }
}
