import { createHmac } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AwsClients } from '../adapters/aws-clients.ts';
import { DynamoAuditReader } from '../adapters/dynamo-audit-reader.ts';
import { DynamoEventFeed } from '../adapters/dynamo-event-feed.ts';
import { DynamoExchangeLog } from '../adapters/dynamo-exchange-log.ts';
import { DynamoLeaseLedger } from '../adapters/dynamo-lease-ledger.ts';
import { DynamoLifecycleStore } from '../adapters/dynamo-lifecycle-store.ts';
import { DynamoOutbox } from '../adapters/dynamo-outbox.ts';
import { DynamoRequestStore } from '../adapters/dynamo-request-store.ts';
import { DynamoSequencerStore } from '../adapters/dynamo-sequencer-store.ts';
import type { ResourceNames } from '../adapters/resources.ts';
import { QueueUrls } from '../adapters/sqs-queue-urls.ts';
import { SqsWorkPublisher } from '../adapters/sqs-work-publisher.ts';
import { SqsWorkQueue } from '../adapters/sqs-work-queue.ts';
import { storeHealthProbe } from '../adapters/store-health.ts';
import { AuditService } from '../core/audit/audit-service.ts';
import { Sequencer } from '../core/audit/sequencer.ts';
import { EventFeedService } from '../core/events/event-feed-service.ts';
import { LifecycleService } from '../core/lifecycle/lifecycle-service.ts';
import { OutboxDispatcher } from '../core/outbox/outbox-dispatcher.ts';
import { type ParticipantRegistry, unroutableMunicipalities } from '../core/participants.ts';
import { type Metrics, noMetrics } from '../core/ports/metrics.ts';
import type { RateLimitSettings } from '../core/rate-limit/rate-limiter.ts';
import { RequestService } from '../core/requests/request-service.ts';
import type { RetentionPolicy } from '../core/requests/retention.ts';
import type { RouteGroup } from '../core/route-groups.ts';
import type { RoutingTable } from '../core/routing/routing-table.ts';
import { WorkOperations } from '../core/work/work-operations.ts';
import { WorkService } from '../core/work/work-service.ts';
import { createApp } from '../http/app.ts';
import type { TokenVerifier } from '../http/auth/token-verifier.ts';
import { CursorSealer } from '../http/cursor.ts';
import type { AppEnv } from '../http/env.ts';
import { JweLeaseTokens } from '../http/lease-tokens.ts';
import type { Logger } from '../http/logger.ts';
import { servesOnly } from '../http/middleware/route-group-guard.ts';
import { type CheckpointKeys, ephemeralCheckpointKeys } from './checkpoint-keys.ts';
import { swaggerUiAssets } from './docs-assets.ts';
import { payloadHashers } from './key-ring.ts';
import type { DerivedKeys } from './keys.ts';
import { meterExchangeLog, meterSubmissions } from './metered.ts';
import { createRateLimiter } from './rate-limiter.ts';

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
  /** The current keys: they seal, hash and sign. */
  keys: DerivedKeys;
  /** The key ring's older (and staged) keys: they only open and compare, so a key rotation breaks nothing made before it. */
  previousKeys?: DerivedKeys[];
  /** The route group this process serves (one Lambda function); every route when unset (the local server, tests). */
  routeGroup?: RouteGroup;
  /** Where the counters go (Powertools EMF on Lambda); none by default. */
  metrics?: Metrics;
  retention: RetentionPolicy;
  /** The clock of every service (tests skew it); the system clock by default. */
  clock?: () => Date;
  /** The per-client rate limit of /v1 calls; none when unset. */
  rateLimit?: RateLimitSettings;
  /**
   * The exchange log's checkpoint keys (checkpoint-keys.ts): a signer only where the sequencer runs.
   * Absent: a key pair for this process alone (tests, benchmarks).
   */
  checkpoints?: CheckpointKeys;
}

/** The domain services over the adapters; the relay (timer or scheduled Lambda) uses the dispatcher. */
export function composeServices(runtime: Runtime) {
  const { clients, resources, logger } = runtime;
  const now = runtime.clock ?? (() => new Date());
  const newId = () => crypto.randomUUID();
  const auditTable = resources.tables.audit.name;
  const metrics = runtime.metrics ?? noMetrics;
  const exchangeLog = meterExchangeLog(
    new DynamoExchangeLog(clients.doc, auditTable, {
      digest: (text) => createHmac('sha256', runtime.keys.refusalSource).update(text).digest('hex'),
    }),
    metrics,
  );
  const checkpoints = runtime.checkpoints ?? ephemeralCheckpointKeys();
  const sequencer = new Sequencer({ store: new DynamoSequencerStore(clients.doc, auditTable), signer: checkpoints.signer, logger, now });
  const audit = new AuditService({
    reader: new DynamoAuditReader(clients.doc, auditTable),
    verifier: checkpoints.verifier,
    exchangeLog,
    now,
    newId,
  });
  const store = meterSubmissions(
    new DynamoRequestStore(clients.doc, { data: resources.tables.data.name, audit: resources.tables.audit.name }),
    metrics,
  );
  const queueUrls = new QueueUrls(clients.sqs, resources.queues);
  const publisher = new SqsWorkPublisher(clients.sqs, queueUrls);
  const outbox = new DynamoOutbox(clients.doc, resources.tables.data.name, resources.tables.audit.name);
  const dispatcher = new OutboxDispatcher(outbox, publisher, logger, { exchangeLog, now });
  const common = {
    dispatcher,
    exchangeLog,
    retention: runtime.retention,
    ...payloadHashers({ current: runtime.keys, previous: runtime.previousKeys ?? [] }),
    now,
    newId,
  };
  for (const p of unroutableMunicipalities(runtime.registry, runtime.routing)) {
    logger.warn('registered municipality is not in the routing table: its submissions get 422 unknown-authority', {
      clientId: p.clientId,
      ags: p.organisation,
      policyVersion: runtime.routing.policyVersion,
    });
  }
  const requests = new RequestService({ ...common, store, routingTable: runtime.routing });
  const lifecycleStore = new DynamoLifecycleStore(clients.doc, { data: resources.tables.data.name, audit: resources.tables.audit.name });
  // Status, transfer and withdraw go through the lifecycle; so does the ack's queued -> delivered.
  const lifecycle = new LifecycleService({ ...common, requests: store, store: lifecycleStore });
  const events = new EventFeedService(new DynamoEventFeed(clients.doc, resources.tables.data.name));
  const queue = new SqsWorkQueue(clients.sqs, queueUrls);
  const ledger = new DynamoLeaseLedger(clients.doc, resources.tables.data.name);
  const work = new WorkService({
    queue,
    ledger,
    tokens: new JweLeaseTokens(
      runtime.keys.leaseToken,
      (runtime.previousKeys ?? []).map((keys) => keys.leaseToken),
    ),
    store,
    exchangeLog,
    onDelivered: (input) => lifecycle.confirmDelivery(input),
    logger,
    now,
    newId,
  });
  const operations = new WorkOperations({
    queue,
    ledger,
    outbox,
    publisher,
    exchangeLog,
    logger,
    queueRetentionSeconds: resources.queues.braunschweig.retentionSeconds,
    now,
    newId,
  });
  return {
    exchangeLog,
    store,
    outbox,
    queueUrls,
    publisher,
    dispatcher,
    requests,
    lifecycle,
    events,
    queue,
    ledger,
    work,
    operations,
    sequencer,
    audit,
  };
}

export type Services = ReturnType<typeof composeServices>;

/**
 * One pass of the background work (the local timer, the scheduled Lambda): the outbox relay, then the
 * reconciliation of work that no queue holds any more. Answers counts: sent, failed, requeued. With
 * `sequence` (the local timer; on AWS the sequencer is a function of its own) it then chains the
 * exchange log's new entries and publishes a checkpoint when one is due.
 */
export async function backgroundPass(
  services: Services,
  options: { sequence?: boolean } = {},
): Promise<{ sent: number; failed: number; requeued: number; sequenced?: number }> {
  const relayed = await services.dispatcher.relay();
  const result = { ...relayed, requeued: await services.operations.reconcile() };
  if (!options.sequence) return result;
  return { ...result, sequenced: (await services.sequencer.pass()).sequenced };
}

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
    cursors: new CursorSealer(
      runtime.keys.cursor,
      (runtime.previousKeys ?? []).map((keys) => keys.cursor),
    ),
    ...(runtime.rateLimit ? { rateLimiter: createRateLimiter(runtime, runtime.rateLimit) } : {}),
    extraRoutes,
    ...(runtime.routeGroup ? { routeGuard: servesOnly(runtime.routeGroup) } : {}),
  });
}
