import { centreWorkGroupApp } from '../../http/groups/centre-work-group.ts';
import type { BaseRuntime } from '../runtime.ts';
import { exchangeLogOf, lifecycleOf, outboxOf, requestStoreOf, workQueuesOf, workServiceOf } from '../service-parts.ts';
import { shellDepsOf } from './shell-deps.ts';

/** The `centre-work` function's app: leases, ack, release, extend, status reports and transfers. */
export function composeCentreWorkApp(runtime: BaseRuntime) {
  const exchangeLog = exchangeLogOf(runtime);
  const store = requestStoreOf(runtime);
  const outbox = outboxOf(runtime, exchangeLog);
  const lifecycle = lifecycleOf(runtime, { exchangeLog, store, outbox });
  const queues = workQueuesOf(runtime, outbox);
  return centreWorkGroupApp({
    ...shellDepsOf(runtime, exchangeLog),
    work: workServiceOf(runtime, { exchangeLog, store, lifecycle, queues }),
    lifecycle,
  });
}
