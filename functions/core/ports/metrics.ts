import type { Centre } from '../centres.ts';

/** The CloudWatch namespace of the application's own metrics (embedded metric format). */
export const METRICS_NAMESPACE = 'RueckkehrExchange';

/**
 * The application's metrics. Counters: accepted submissions (replays excluded), leased and acked work
 * items, refused calls (401/403/404 of another tenant, as logged `denied`), items moved by a redrive,
 * and failed verifications of the exchange log's tail (the sequencer's check before each checkpoint:
 * 1 when it failed, 0 when it passed, so the alarm sees the check run).
 * Gauges per centre, from each background pass: dead-lettered items, the age of the oldest pending
 * outbox entry and of the oldest unacknowledged work item, in seconds.
 */
export const metricNames = {
  submissions: 'Submissions',
  leases: 'Leases',
  acks: 'Acks',
  refusals: 'Refusals',
  redriven: 'Redriven',
  exchangeLogVerificationFailures: 'ExchangeLogVerificationFailures',
  deadLettered: 'DeadLettered',
  oldestPendingOutboxAge: 'OldestPendingOutboxAgeSeconds',
  oldestWaitingAge: 'OldestWaitingAgeSeconds',
} as const;

export type CounterName = (typeof metricNames)[
  | 'submissions'
  | 'leases'
  | 'acks'
  | 'refusals'
  | 'redriven'
  | 'exchangeLogVerificationFailures'];
export type GaugeName = (typeof metricNames)['deadLettered' | 'oldestPendingOutboxAge' | 'oldestWaitingAge'];

/** Where the application reports its metrics; a no-op where nobody collects them (the local stack). */
export interface Metrics {
  /** Adds `value` (a count) to a counter of this invocation. */
  count(name: CounterName, value?: number): void;
  /** Reports one centre's current value of a gauge (a count, or seconds for the ages). */
  gauge(name: GaugeName, centre: Centre, value: number): void;
}

export const noMetrics: Metrics = { count: () => undefined, gauge: () => undefined };
