import { FirstSeen } from '../../present/first-seen.ts';

/**
 * Slack re-delivers an event it thinks was not acknowledged in time (same event_id; `retry_attempt` in Socket
 * Mode, `X-Slack-Retry-Num` over HTTP). Each event_id is answered at most once; the memory is bounded.
 */
export class EventDedupe extends FirstSeen {
  constructor(capacity = 2000) {
    super(capacity);
  }
}
