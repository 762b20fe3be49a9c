import { createHmac } from 'node:crypto';
import { DynamoAuditReader } from '../adapters/dynamo-audit-reader.ts';
import { DynamoEventFeed } from '../adapters/dynamo-event-feed.ts';
import { DynamoExchangeLog } from '../adapters/dynamo-exchange-log.ts';
import { DynamoLeaseLedger } from '../adapters/dynamo-lease-ledger.ts';
import { DynamoLifecycleStore } from '../adapters/dynamo-lifecycle-store.ts';
import { DynamoOutbox } from '../adapters/dynamo-outbox.ts';
import { DynamoRequestStore } from '../adapters/dynamo-request-store.ts';
import { DynamoSequencerStore } from '../adapters/dynamo-sequencer-store.ts';
import { QueueUrls } from '../adapters/sqs-queue-urls.ts';
import { SqsWorkPublisher } from '../adapters/sqs-work-publisher.ts';
import { SqsWorkQueue } from '../adapters/sqs-work-queue.ts';
import { AuditService } from '../core/audit/audit-service.ts';
import { Sequencer } from '../core/audit/sequencer.ts';
import { EventFeedService } from '../core/events/event-feed-service.ts';
import { LifecycleService } from '../core/lifecycle/lifecycle-service.ts';
import { OutboxDispatcher } from '../core/outbox/outbox-dispatcher.ts';
import { unroutableMunicipalities } from '../core/participants.ts';
import type { ExchangeLog } from '../core/ports/exchange-log.ts';
import { noMetrics } from '../core/ports/metrics.ts';
import type { RequestStore } from '../core/ports/request-store.ts';
import { RequestService } from '../core/requests/request-service.ts';
import type { RoutingTable } from '../core/routing/routing-table.ts';
import { WorkOperations } from '../core/work/work-operations.ts';
import { WorkService } from '../core/work/work-service.ts';
import { CursorSealer } from '../http/cursor.ts';
import { JweLeaseTokens } from '../http/lease-tokens.ts';
import { transientFailureKind } from '../http/transient-errors.ts';
import { ephemeralCheckpointKeys } from './checkpoint-keys.ts';
import { payloadHashers } from './key-ring.ts';
import { meterAcks, meterExchangeLog, meterSubmissions } from './metered.ts';
import type { BaseRuntime } from './runtime.ts';

/*
 * The services of the exchange, one builder each, so that a Lambda function of one route group builds
 * (and its bundle contains) only what its routes use: esbuild drops the builders, and with them the
 * adapters and services, that an entry never calls. compose.ts builds all of them for the local server.
 */

const clockOf = (runtime: BaseRuntime) => runtime.clock ?? (() => new Date());
const newId = () => crypto.randomUUID();

/** The exchange log's writer (entries and refusals), metered. */
export function exchangeLogOf(runtime: BaseRuntime) {
  return meterExchangeLog(
    new DynamoExchangeLog(runtime.clients.doc, runtime.resources.tables.audit.name, {
      digest: (text) => createHmac('sha256', runtime.keys.refusalSource).update(text).digest('hex'),
    }),
    runtime.metrics ?? noMetrics,
  );
}

/** The request store (skeletons, personal data, idempotency records), its submissions metered. */
export function requestStoreOf(runtime: BaseRuntime) {
  const { tables } = runtime.resources;
  return meterSubmissions(
    new DynamoRequestStore(runtime.clients.doc, { data: tables.data.name, audit: tables.audit.name }),
    runtime.metrics ?? noMetrics,
  );
}

/** The outbox, the queues' publisher and the dispatcher that sends after each commit (and relays). */
export function outboxOf(runtime: BaseRuntime, exchangeLog: ExchangeLog) {
  const { clients, resources, logger } = runtime;
  const queueUrls = new QueueUrls(clients.sqs, resources.queues);
  const publisher = new SqsWorkPublisher(clients.sqs, queueUrls);
  const outbox = new DynamoOutbox(clients.doc, resources.tables.data.name, resources.tables.audit.name);
  const dispatcher = new OutboxDispatcher(outbox, publisher, logger, { exchangeLog, now: clockOf(runtime) });
  return { queueUrls, publisher, outbox, dispatcher };
}

type Outbox = ReturnType<typeof outboxOf>;

/** What intake and the lifecycle share: the dispatcher, the log, retention, the payload hashers, clock and ids. */
function commonOf(runtime: BaseRuntime, exchangeLog: ExchangeLog, dispatcher: OutboxDispatcher) {
  return {
    dispatcher,
    exchangeLog,
    retention: runtime.retention,
    ...payloadHashers({ current: runtime.keys, previous: runtime.previousKeys ?? [] }),
    now: clockOf(runtime),
    newId,
  };
}

/** Intake, reads and lists of cases and consultations; warns once about registered authorities the table lacks. */
export function requestServiceOf(
  runtime: BaseRuntime,
  routing: RoutingTable,
  parts: { exchangeLog: ExchangeLog; store: RequestStore; outbox: Outbox },
) {
  for (const p of unroutableMunicipalities(runtime.registry, routing)) {
    runtime.logger.warn('registered municipality is not in the routing table: its submissions get 422 unknown-authority', {
      clientId: p.clientId,
      ags: p.organisation,
      policyVersion: routing.policyVersion,
    });
  }
  return new RequestService({
    ...commonOf(runtime, parts.exchangeLog, parts.outbox.dispatcher),
    store: parts.store,
    routingTable: routing,
  });
}

/** Status changes, transfers, withdrawals and the ack's queued -> delivered. */
export function lifecycleOf(runtime: BaseRuntime, parts: { exchangeLog: ExchangeLog; store: RequestStore; outbox: Outbox }) {
  const { tables } = runtime.resources;
  const store = new DynamoLifecycleStore(runtime.clients.doc, { data: tables.data.name, audit: tables.audit.name });
  return new LifecycleService({ ...commonOf(runtime, parts.exchangeLog, parts.outbox.dispatcher), requests: parts.store, store });
}

/** The municipalities' event feed. */
export function eventFeedOf(runtime: BaseRuntime) {
  return new EventFeedService(new DynamoEventFeed(runtime.clients.doc, runtime.resources.tables.data.name));
}

/** The centres' queues and the lease ledger. */
export function workQueuesOf(runtime: BaseRuntime, outbox: Outbox) {
  return {
    queue: new SqsWorkQueue(runtime.clients.sqs, outbox.queueUrls, { requestTimeoutMs: runtime.clients.requestTimeoutMs }),
    ledger: new DynamoLeaseLedger(runtime.clients.doc, {
      data: runtime.resources.tables.data.name,
      audit: runtime.resources.tables.audit.name,
    }),
  };
}

type WorkQueues = ReturnType<typeof workQueuesOf>;

/** Leases and their settlement; an ack records the delivery through the lifecycle. */
export function workServiceOf(
  runtime: BaseRuntime,
  parts: { exchangeLog: ExchangeLog; store: RequestStore; lifecycle: LifecycleService; queues: WorkQueues },
) {
  // The acks are counted here: since an ack's log entry rides in its ledger transaction, the log's meter does not see it.
  const work = new WorkService({
    ...parts.queues,
    tokens: new JweLeaseTokens(
      runtime.keys.leaseToken,
      (runtime.previousKeys ?? []).map((keys) => keys.leaseToken),
    ),
    store: parts.store,
    exchangeLog: parts.exchangeLog,
    onDelivered: (input) => parts.lifecycle.confirmDelivery(input),
    transient: transientFailureKind,
    logger: runtime.logger,
    now: clockOf(runtime),
    newId,
  });
  return meterAcks(work, runtime.metrics ?? noMetrics);
}

/** Queue status, redrive and reconciliation (administrators, the relay). */
export function workOperationsOf(runtime: BaseRuntime, parts: { exchangeLog: ExchangeLog; outbox: Outbox; queues: WorkQueues }) {
  return new WorkOperations({
    ...parts.queues,
    outbox: parts.outbox.outbox,
    publisher: parts.outbox.publisher,
    exchangeLog: parts.exchangeLog,
    logger: runtime.logger,
    queueRetentionSeconds: runtime.resources.queues.braunschweig.retentionSeconds,
    now: clockOf(runtime),
    newId,
  });
}

/** The exchange log's sequencer; it signs checkpoints only where the runtime's keys have a signer. */
export function sequencerOf(runtime: BaseRuntime) {
  const checkpoints = runtime.checkpoints ?? ephemeralCheckpointKeys();
  const table = runtime.resources.tables.audit.name;
  return new Sequencer({
    store: new DynamoSequencerStore(runtime.clients.doc, table),
    reader: new DynamoAuditReader(runtime.clients.doc, table),
    signer: checkpoints.signer,
    verifier: checkpoints.verifier,
    logger: runtime.logger,
    now: clockOf(runtime),
  });
}

/** The administrators' search, verification and export of the exchange log. */
export function auditServiceOf(runtime: BaseRuntime, exchangeLog: ExchangeLog) {
  const checkpoints = runtime.checkpoints ?? ephemeralCheckpointKeys();
  return new AuditService({
    reader: new DynamoAuditReader(runtime.clients.doc, runtime.resources.tables.audit.name),
    verifier: checkpoints.verifier,
    exchangeLog,
    now: clockOf(runtime),
    newId,
  });
}

/** Seals list cursors with the current key; the ring's other keys still open them. */
export function cursorsOf(runtime: BaseRuntime) {
  return new CursorSealer(
    runtime.keys.cursor,
    (runtime.previousKeys ?? []).map((keys) => keys.cursor),
  );
}
