import type { Centre } from '../core/centres.ts';
import type { ExchangeLog, ExchangeLogEntry } from '../core/ports/exchange-log.ts';
import { type CounterName, type Metrics, metricNames } from '../core/ports/metrics.ts';
import type { RequestStore } from '../core/ports/request-store.ts';
import type { CentreStatus } from '../core/work/work-operations.ts';

/** The counter an exchange-log entry stands for, if any: every lease, ack, redrive and refusal is logged. */
function counterOf(entry: ExchangeLogEntry): CounterName | undefined {
  if (entry.outcome === 'denied') return metricNames.refusals;
  if (entry.outcome !== 'success') return undefined;
  if (entry.action === 'work.lease') return metricNames.leases;
  if (entry.action === 'work.ack') return metricNames.acks;
  if (entry.action === 'work.redrive') return metricNames.redriven;
  return undefined;
}

/**
 * Counts what is appended to the exchange log (leases, acks, redrives, refusals). The method is wrapped
 * on the instance rather than by a wrapper object, so the log keeps every other method it has.
 */
export function meterExchangeLog<T extends ExchangeLog>(log: T, metrics: Metrics): T {
  const append = log.append.bind(log);
  log.append = async (entry) => {
    await append(entry);
    const counter = counterOf(entry);
    if (counter) metrics.count(counter);
  };
  // Refusals have a write of their own (rate-limited per source, functions/adapters/dynamo-exchange-log.ts).
  const refuse = log.refuse.bind(log);
  log.refuse = async (entry, source) => {
    await refuse(entry, source);
    metrics.count(metricNames.refusals);
  };
  return log;
}

/** Counts accepted submissions: each committed `create` of the request store is one (replays never create). */
export function meterSubmissions<T extends Pick<RequestStore, 'create'>>(store: T, metrics: Metrics): T {
  const create = store.create.bind(store);
  store.create = async (plan, now) => {
    await create(plan, now);
    metrics.count(metricNames.submissions);
  };
  return store;
}

/** Reports the state of each centre as gauges (from the administrators' status), for the alarms. */
export function reportCentreGauges(status: Record<Centre, CentreStatus>, metrics: Metrics): void {
  for (const [centre, s] of Object.entries(status) as [Centre, CentreStatus][]) {
    metrics.gauge(metricNames.deadLettered, centre, s.deadLettered);
    metrics.gauge(metricNames.oldestPendingOutboxAge, centre, s.oldestPendingOutboxAgeSeconds);
    metrics.gauge(metricNames.oldestWaitingAge, centre, s.oldestWaitingAgeSeconds);
  }
}
