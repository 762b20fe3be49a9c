import { createHmac } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AwsClients } from '../adapters/aws-clients.ts';
import { DynamoEventFeed } from '../adapters/dynamo-event-feed.ts';
import { DynamoExchangeLog } from '../adapters/dynamo-exchange-log.ts';
import { DynamoLifecycleStore } from '../adapters/dynamo-lifecycle-store.ts';
import { DynamoRequestStore } from '../adapters/dynamo-request-store.ts';
import type { ResourceNames } from '../adapters/resources.ts';
import { SqsWorkPublisher } from '../adapters/sqs-work-publisher.ts';
import { storeHealthProbe } from '../adapters/store-health.ts';
import { EventFeedService } from '../core/events/event-feed-service.ts';
import { LifecycleService } from '../core/lifecycle/lifecycle-service.ts';
import { OutboxDispatcher } from '../core/outbox/outbox-dispatcher.ts';
import type { ParticipantRegistry } from '../core/participants.ts';
import { RequestService } from '../core/requests/request-service.ts';
import type { RetentionPolicy } from '../core/requests/retention.ts';
import { routingTable } from '../core/routing/routing-table.ts';
import { createApp } from '../http/app.ts';
import type { TokenVerifier } from '../http/auth/token-verifier.ts';
import { CursorSealer } from '../http/cursor.ts';
import type { AppEnv } from '../http/env.ts';
import type { Logger } from '../http/logger.ts';
import { swaggerUiAssets } from './docs-assets.ts';
import type { DerivedKeys } from './keys.ts';

export const VERSION = '0.1.0';

/** Everything a composed app runs on: store clients and names, logger, identity, keys, retention. */
export interface Runtime {
  clients: AwsClients;
  resources: ResourceNames;
  logger: Logger;
  registry: ParticipantRegistry;
  verify: TokenVerifier;
  tokenUrl: string;
  keys: DerivedKeys;
  retention: RetentionPolicy;
}

/** The domain services over the adapters; the relay (timer or scheduled Lambda) uses the dispatcher. */
export function composeServices(runtime: Runtime) {
  const { clients, resources, logger } = runtime;
  const exchangeLog = new DynamoExchangeLog(clients.doc, resources.tables.audit.name);
  const store = new DynamoRequestStore(clients.doc, { data: resources.tables.data.name, audit: resources.tables.audit.name });
  const publisher = new SqsWorkPublisher(clients.sqs, resources.queues);
  const dispatcher = new OutboxDispatcher(store, publisher, logger);
  const common = {
    dispatcher,
    exchangeLog,
    retention: runtime.retention,
    hashPayload: (canonical: string) => createHmac('sha256', runtime.keys.payloadHmac).update(canonical).digest('hex'),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
  };
  const requests = new RequestService({ ...common, store, routingTable });
  const lifecycleStore = new DynamoLifecycleStore(clients.doc, { data: resources.tables.data.name, audit: resources.tables.audit.name });
  // The ack route calls lifecycle.confirmDelivery; status, transfer and withdraw go through it too.
  const lifecycle = new LifecycleService({ ...common, requests: store, store: lifecycleStore });
  const events = new EventFeedService(new DynamoEventFeed(clients.doc, resources.tables.data.name));
  return { exchangeLog, store, publisher, dispatcher, requests, lifecycle, events };
}

export type Services = ReturnType<typeof composeServices>;

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
    auth: { verify: runtime.verify, registry: runtime.registry, exchangeLog: services.exchangeLog },
    tokenUrl: runtime.tokenUrl,
    requests: services.requests,
    lifecycle: services.lifecycle,
    events: services.events,
    cursors: new CursorSealer(runtime.keys.cursor),
    extraRoutes,
  });
}
