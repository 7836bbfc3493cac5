import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IndexInfo } from '../answer/citebot.ts';

export type Platform = 'discord' | 'slack' | 'terminal';
/** What became of a question: answered, declined (the corpus does not cover it), refused (citebot.yml), limited (rate limit), busy (queue full), error. */
export type Outcome = 'answered' | 'declined' | 'refused' | 'limited' | 'busy' | 'error';

export interface MetricSources {
  queueDepth(): number;
  index(): IndexInfo | null;
}

/** citebot's Prometheus metrics, on a registry of its own (prom-client), with Node's process metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly questions: Counter<'platform' | 'command' | 'outcome'>;
  readonly latency: Histogram<'platform' | 'command'>;
  readonly briefings: Counter<'platform' | 'outcome'>;
  readonly reconnects: Counter<'platform'>;
  readonly connected: Gauge<'platform'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'citebot_' });
    this.questions = new Counter({
      name: 'citebot_questions_total',
      help: 'Questions by platform, command and outcome (answered, declined, refused, limited, busy, error).',
      labelNames: ['platform', 'command', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'citebot_answer_seconds',
      help: 'Time from a question to its answer being sent, queue wait included.',
      labelNames: ['platform', 'command'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
      registers,
    });
    new Gauge({ name: 'citebot_queue_depth', help: 'Questions waiting for the engine.', registers, collect() {
      this.set(sources.queueDepth());
    } });
    new Gauge({ name: 'citebot_index_passages', help: 'Passages in the serving index.', registers, collect() {
      this.set(sources.index()?.passages ?? 0);
    } });
    new Gauge({ name: 'citebot_index_build_age_seconds', help: 'Seconds since the serving index was built.', registers, collect() {
      const info = sources.index();
      this.set(info ? Math.max(0, (Date.now() - Date.parse(info.builtAt)) / 1000) : 0);
    } });
    new Gauge({ name: 'citebot_embedding_mode', help: '1 for the search mode in force (dense+lexical or lexical-only).', labelNames: ['mode'], registers, collect() {
      const mode = sources.index()?.mode;
      this.set({ mode: 'dense+lexical' }, mode === 'dense+lexical' ? 1 : 0);
      this.set({ mode: 'lexical-only' }, mode === 'lexical-only' ? 1 : 0);
    } });
    this.briefings = new Counter({ name: 'citebot_briefings_total', help: 'Scheduled briefings posted or failed.', labelNames: ['platform', 'outcome'], registers });
    this.reconnects = new Counter({ name: 'citebot_reconnects_total', help: 'Reconnections to a platform (gateway or socket).', labelNames: ['platform'], registers });
    this.connected = new Gauge({ name: 'citebot_platform_connected', help: '1 while the platform is connected.', labelNames: ['platform'], registers });
  }

  /** Count a question and, when it got an answer (or a decline), its latency. */
  question(platform: Platform, command: string, outcome: Outcome, seconds?: number): void {
    this.questions.inc({ platform, command, outcome });
    if (seconds !== undefined) this.latency.observe({ platform, command }, seconds);
  }
}
