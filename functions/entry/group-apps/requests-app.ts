import { requestsGroupApp } from '../../http/groups/requests-group.ts';
import type { LambdaContext } from '../lambda-app.ts';
import { loadRoutingTable } from '../routing-table-files.ts';
import type { BaseRuntime } from '../runtime.ts';
import { cursorsOf, eventFeedOf, exchangeLogOf, lifecycleOf, outboxOf, requestServiceOf, requestStoreOf } from '../service-parts.ts';
import { shellDepsOf } from './shell-deps.ts';

/** The `requests` function's app: intake, reads, lists, withdrawal, event feed, routing table (loaded from the deployed files). */
export function composeRequestsApp(runtime: BaseRuntime, { config, inCode }: LambdaContext) {
  const routing = loadRoutingTable({
    dir: inCode(config.ROUTING_DIR),
    overridesFile: config.ROUTING_OVERRIDES_FILE && inCode(config.ROUTING_OVERRIDES_FILE),
  });
  const exchangeLog = exchangeLogOf(runtime);
  const parts = { exchangeLog, store: requestStoreOf(runtime), outbox: outboxOf(runtime, exchangeLog) };
  return requestsGroupApp({
    ...shellDepsOf(runtime, exchangeLog),
    requests: requestServiceOf(runtime, routing, parts),
    lifecycle: lifecycleOf(runtime, parts),
    events: eventFeedOf(runtime),
    routing,
    cursors: cursorsOf(runtime),
  });
}
