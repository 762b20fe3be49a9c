import type { OpenAPIHono } from '@hono/zod-openapi';
import { storeHealthProbe } from '../adapters/store-health.ts';
import { createApp } from '../http/app.ts';
import type { AppEnv } from '../http/env.ts';
import { servesOnly } from '../http/middleware/route-group-guard.ts';
import { ephemeralCheckpointKeys } from './checkpoint-keys.ts';
import { swaggerUiAssets } from './docs-assets.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { type Runtime, VERSION } from './runtime.ts';
import {
  auditServiceOf,
  cursorsOf,
  eventFeedOf,
  exchangeLogOf,
  lifecycleOf,
  outboxOf,
  requestServiceOf,
  requestStoreOf,
  sequencerOf,
  workOperationsOf,
  workQueuesOf,
  workServiceOf,
} from './service-parts.ts';

export { type Runtime, VERSION } from './runtime.ts';

/** The domain services over the adapters (all of them: the local server, tests); the relay (timer or scheduled Lambda) uses the dispatcher. */
export function composeServices(base: Runtime) {
  // One checkpoint key pair for the sequencer and the verifier, also when the runtime brings none.
  const runtime: Runtime = { ...base, checkpoints: base.checkpoints ?? ephemeralCheckpointKeys() };
  const exchangeLog = exchangeLogOf(runtime);
  const store = requestStoreOf(runtime);
  const outbox = outboxOf(runtime, exchangeLog);
  const parts = { exchangeLog, store, outbox };
  const requests = requestServiceOf(runtime, runtime.routing, parts);
  const lifecycle = lifecycleOf(runtime, parts);
  const queues = workQueuesOf(runtime, outbox);
  return {
    exchangeLog,
    store,
    outbox: outbox.outbox,
    queueUrls: outbox.queueUrls,
    publisher: outbox.publisher,
    dispatcher: outbox.dispatcher,
    requests,
    lifecycle,
    events: eventFeedOf(runtime),
    queue: queues.queue,
    ledger: queues.ledger,
    work: workServiceOf(runtime, { exchangeLog, store, lifecycle, queues }),
    operations: workOperationsOf(runtime, { exchangeLog, outbox, queues }),
    sequencer: sequencerOf(runtime),
    audit: auditServiceOf(runtime, exchangeLog),
  };
}

export type Services = ReturnType<typeof composeServices>;

export { backgroundPass } from './background-pass.ts';

/**
 * Wires the adapters into the HTTP app; shared by the local server, the Lambda handlers and the tests.
 * Pass the services when the relay runs in the same process, so both use one set of adapters.
 */
export function composeApp(
  runtime: Runtime,
  extraRoutes: OpenAPIHono[] = [],
  services: Services = composeServices(runtime),
): OpenAPIHono<AppEnv> {
  return createApp({
    logger: runtime.logger,
    health: storeHealthProbe(runtime.clients, runtime.resources),
    readDocsAsset: swaggerUiAssets(),
    version: VERSION,
    auth: {
      verify: runtime.verify,
      registry: runtime.registry,
      exchangeLog: services.exchangeLog,
      ...(runtime.clock ? { now: runtime.clock } : {}),
    },
    tokenUrl: runtime.tokenUrl,
    requests: services.requests,
    work: services.work,
    operations: services.operations,
    audit: services.audit,
    lifecycle: services.lifecycle,
    events: services.events,
    routing: runtime.routing,
    cursors: cursorsOf(runtime),
    ...(runtime.rateLimit ? { rateLimiter: createRateLimiter(runtime, runtime.rateLimit) } : {}),
    extraRoutes,
    ...(runtime.routeGroup ? { routeGuard: servesOnly(runtime.routeGroup) } : {}),
  });
}
