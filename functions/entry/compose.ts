import { createHmac } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AwsClients } from '../adapters/aws-clients.ts';
import { DynamoExchangeLog } from '../adapters/dynamo-exchange-log.ts';
import { DynamoRequestStore } from '../adapters/dynamo-request-store.ts';
import type { ResourceNames } from '../adapters/resources.ts';
import { SqsWorkPublisher } from '../adapters/sqs-work-publisher.ts';
import { storeHealthProbe } from '../adapters/store-health.ts';
import { OutboxDispatcher } from '../core/outbox/outbox-dispatcher.ts';
import { type ParticipantRegistry, unroutableMunicipalities } from '../core/participants.ts';
import { RequestService } from '../core/requests/request-service.ts';
import type { RetentionPolicy } from '../core/requests/retention.ts';
import type { RoutingTable } from '../core/routing/routing-table.ts';
import { createApp } from '../http/app.ts';
import type { TokenVerifier } from '../http/auth/token-verifier.ts';
import { CursorSealer } from '../http/cursor.ts';
import type { AppEnv } from '../http/env.ts';
import type { Logger } from '../http/logger.ts';
import { swaggerUiAssets } from './docs-assets.ts';
import type { DerivedKeys } from './keys.ts';

export const VERSION = '0.1.0';

/** Everything a composed app runs on: store clients and names, logger, identity, routing table, keys, retention. */
export interface Runtime {
  clients: AwsClients;
  resources: ResourceNames;
  logger: Logger;
  registry: ParticipantRegistry;
  /** The routing table in force, validated at start (functions/entry/routing-table-files.ts). */
  routing: RoutingTable;
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
  for (const p of unroutableMunicipalities(runtime.registry, runtime.routing)) {
    logger.warn('registered municipality is not in the routing table: its submissions get 422 unknown-authority', {
      clientId: p.clientId,
      ags: p.organisation,
      policyVersion: runtime.routing.policyVersion,
    });
  }
  const requests = new RequestService({
    store,
    dispatcher,
    exchangeLog,
    routingTable: runtime.routing,
    retention: runtime.retention,
    hashPayload: (canonical) => createHmac('sha256', runtime.keys.payloadHmac).update(canonical).digest('hex'),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
  });
  return { exchangeLog, store, publisher, dispatcher, requests };
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
    routing: runtime.routing,
    cursors: new CursorSealer(runtime.keys.cursor),
    extraRoutes,
  });
}
