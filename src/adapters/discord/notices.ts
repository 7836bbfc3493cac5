/**
 * Private notices after answers. Discord lets a bot send 50 requests a second with its token, and
 * discord.js holds every such request until the budget allows it. An answer to a mention is one of
 * them; so is the DM that tells someone they are limited or turned away (two when the DM channel must
 * be opened first). When many questions arrive at once, the turned-away ones are known at once while
 * the answers are still being computed: sent straight away, their DMs took the budget the answers then
 * waited for. So a notice waits while answers are in progress and the second's budget could not carry
 * both, at most `maxDelayMs`: it is never dropped, only sent after the answers. A notice's text is
 * written when it is sent, so "try again in N s" counts from then.
 */
import type { REST } from 'discord.js';

/** A notice waits at most this long for the answers in progress; then it is sent regardless. */
export const NOTICE_MAX_DELAY_MS = 5000;
/** How often held notices are looked at again (the REST budget refills each second, with no event). */
const RECHECK_MS = 100;
/** Notices being sent at once, at most (so that an answer arriving meanwhile waits behind a few only). */
const MAX_IN_FLIGHT = 5;

/** Bot-token requests discord.js will still send in this second of the global limit. */
export function restBudget(rest: Pick<REST, 'globalRemaining' | 'globalReset' | 'options'>, now = Date.now()): number {
  return rest.globalReset < now ? rest.options.globalRequestsPerSecond : Math.max(0, rest.globalRemaining);
}

export interface NoticeOutboxOptions {
  /** Bot-token requests left in this second (restBudget of the client's REST). */
  budget: () => number;
  /** Default NOTICE_MAX_DELAY_MS. */
  maxDelayMs?: number;
  now?: () => number;
}

interface Held {
  since: number;
  cost: number;
  send: () => Promise<unknown>;
  sent: () => void;
}

export class NoticeOutbox {
  #answering = 0;
  readonly #held: Held[] = [];
  #inFlight = 0;
  #inFlightCost = 0;
  #flushing = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #maxDelayMs: number;
  readonly #now: () => number;

  constructor(private readonly options: NoticeOutboxOptions) {
    this.#maxDelayMs = options.maxDelayMs ?? NOTICE_MAX_DELAY_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Answers in progress (admitted, not yet delivered). */
  get answering(): number {
    return this.#answering;
  }

  /** Notices waiting to be sent. */
  get held(): number {
    return this.#held.length;
  }

  /** Count `work` as an answer in progress until it settles: notices give way to it. */
  async whileAnswering<T>(work: () => Promise<T>): Promise<T> {
    this.#answering += 1;
    try {
      return await work();
    } finally {
      this.#answering -= 1;
      this.recheck();
    }
  }

  /**
   * Send a notice of `cost` bot-token requests once the answers in progress no longer need the budget
   * (or it has waited `maxDelayMs`); resolves when it has been sent. `send` writes the text (when it
   * is called) and sends it; its failure is its own to report (it is caught and ignored here).
   */
  send(cost: number, send: () => Promise<unknown>): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#held.push({ since: this.#now(), cost, send, sent: resolve });
      this.recheck();
    });
  }

  /** Stopping: send everything held now, without waiting for answers. */
  flush(): void {
    this.#flushing = true;
    this.recheck();
  }

  #mayGo(notice: Held): boolean {
    if (this.#flushing || this.#answering === 0) return true;
    if (this.#now() - notice.since >= this.#maxDelayMs) return true;
    // This second's budget carries the notice and one request for each answer in progress.
    return this.options.budget() - this.#inFlightCost - notice.cost >= this.#answering;
  }

  /** Send the notices that may go now (oldest first); look again later while some are held. */
  recheck(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#held.length > 0 && this.#inFlight < MAX_IN_FLIGHT && this.#mayGo(this.#held[0]!)) {
      const notice = this.#held.shift()!;
      this.#inFlight += 1;
      this.#inFlightCost += notice.cost;
      void Promise.resolve()
        .then(notice.send)
        .catch(() => undefined)
        .finally(() => {
          this.#inFlight -= 1;
          this.#inFlightCost -= notice.cost;
          notice.sent();
          this.recheck();
        });
    }
    if (this.#held.length > 0 && this.#inFlight < MAX_IN_FLIGHT) {
      this.#timer = setTimeout(() => this.recheck(), RECHECK_MS);
      this.#timer.unref();
    }
  }
}
