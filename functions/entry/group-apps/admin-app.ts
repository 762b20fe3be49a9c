import { adminGroupApp } from '../../http/groups/admin-group.ts';
import type { BaseRuntime } from '../runtime.ts';
import { auditServiceOf, cursorsOf, exchangeLogOf, outboxOf, workOperationsOf, workQueuesOf } from '../service-parts.ts';
import { shellDepsOf } from './shell-deps.ts';

/** The `admin` function's app: queue status, redrive, the exchange log's search, verification and export. */
export function composeAdminApp(runtime: BaseRuntime) {
  const exchangeLog = exchangeLogOf(runtime);
  const outbox = outboxOf(runtime, exchangeLog);
  return adminGroupApp({
    ...shellDepsOf(runtime, exchangeLog),
    operations: workOperationsOf(runtime, { exchangeLog, outbox, queues: workQueuesOf(runtime, outbox) }),
    audit: auditServiceOf(runtime, exchangeLog),
    cursors: cursorsOf(runtime),
  });
}
