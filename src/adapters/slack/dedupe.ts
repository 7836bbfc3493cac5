/**
 * Slack re-delivers an event it thinks was not acknowledged in time (same event_id; `retry_attempt` in Socket
 * Mode, `X-Slack-Retry-Num` over HTTP). Each event_id is answered at most once; the memory is bounded.
 */
export class EventDedupe {
  readonly #seen = new Set<string>();

  constructor(private readonly capacity = 2000) {}

  /** True the first time an event id is seen, false for every re-delivery of it. */
  firstTime(eventId: string): boolean {
    if (this.#seen.has(eventId)) return false;
    this.#seen.add(eventId);
    if (this.#seen.size > this.capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
