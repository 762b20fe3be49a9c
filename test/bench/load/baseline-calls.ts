import { createHmac } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../../functions/adapters/aws-clients.ts';
import { DynamoExchangeLog, exchangeLogItem } from '../../../functions/adapters/dynamo-exchange-log.ts';
import { DynamoLeaseLedger } from '../../../functions/adapters/dynamo-lease-ledger.ts';
import { DynamoLifecycleStore } from '../../../functions/adapters/dynamo-lifecycle-store.ts';
import { DynamoOutbox, outboxTransactItems } from '../../../functions/adapters/dynamo-outbox.ts';
import { epochSeconds, key, metaItem } from '../../../functions/adapters/dynamo-request-items.ts';
import { DynamoRequestStore } from '../../../functions/adapters/dynamo-request-store.ts';
import type { ResourceNames } from '../../../functions/adapters/resources.ts';
import { QueueUrls } from '../../../functions/adapters/sqs-queue-urls.ts';
import { SqsWorkQueue } from '../../../functions/adapters/sqs-work-queue.ts';
import type { Centre } from '../../../functions/core/centres.ts';
import { planChange } from '../../../functions/core/lifecycle/plan-change.ts';
import type { Principal } from '../../../functions/core/participants.ts';
import type { ExchangeLogEntry } from '../../../functions/core/ports/exchange-log.ts';
import { ConcurrentChangeError } from '../../../functions/core/ports/request-store.ts';
import type { RequestMeta, StoredRequest } from '../../../functions/core/requests/request.ts';
import { routeRequest } from '../../../functions/core/routing/route-request.ts';
import type { RoutingTable } from '../../../functions/core/routing/routing-table.ts';
import type { WorkMessage } from '../../../schemas/work-message.ts';

const RETENTION = { afterIntakeDays: 365, afterFinalDays: 30 };
const HMAC_KEY = new Uint8Array(32);
/** Attempts of a delivery whose request changed meanwhile (the lifecycle service's MAX_ATTEMPTS). */
const DELIVERY_ATTEMPTS = 4;

/** A leased item as the baseline holds it: the message, its receipt and the lease id in the ledger. */
export interface BaselineLease {
  message: WorkMessage;
  receipt: string;
  leaseId: string;
}

/**
 * The storage calls the API makes per request, made straight through the SDK (and the thin adapters),
 * without HTTP, authentication, validation, tokens or logging: what the storage alone allows. The item
 * shapes are the real ones (the adapters' item builders), so both sides write the same bytes.
 */
export class BaselineCalls {
  readonly #clients: AwsClients;
  readonly #resources: ResourceNames;
  readonly #routing: RoutingTable;
  readonly #store: DynamoRequestStore;
  readonly #ledger: DynamoLeaseLedger;
  readonly #log: DynamoExchangeLog;
  readonly #lifecycle: DynamoLifecycleStore;
  readonly #queue: SqsWorkQueue;
  readonly #urls: QueueUrls;
  readonly #outbox: DynamoOutbox;

  constructor(clients: AwsClients, resources: ResourceNames, routing: RoutingTable) {
    const tables = { data: resources.tables.data.name, audit: resources.tables.audit.name };
    this.#clients = clients;
    this.#resources = resources;
    this.#routing = routing;
    this.#store = new DynamoRequestStore(clients.doc, tables);
    this.#ledger = new DynamoLeaseLedger(clients.doc, tables);
    this.#log = new DynamoExchangeLog(clients.doc, tables.audit);
    this.#lifecycle = new DynamoLifecycleStore(clients.doc, tables);
    this.#urls = new QueueUrls(clients.sqs, resources.queues);
    this.#queue = new SqsWorkQueue(clients.sqs, this.#urls);
    this.#outbox = new DynamoOutbox(clients.doc, tables.data, tables.audit);
  }

  /**
   * A case handover as the storage needs it: one transaction (skeleton, personal data, idempotency
   * record, outbox entry and ledger entry, two log entries, the file-number reservation), one send,
   * one transaction that removes the outbox entry and writes the send's log entry (as the API does).
   */
  async submitCase(principal: Principal, body: Record<string, unknown> & { municipalReference: string }): Promise<RequestMeta> {
    const now = new Date();
    const at = now.toISOString();
    const id = crypto.randomUUID();
    const routing = routeRequest({ municipality: principal.organisation }, this.#routing);
    const meta: RequestMeta = {
      kind: 'case',
      id,
      status: 'queued',
      municipality: principal.organisation,
      centre: routing.centre,
      routing,
      municipalReference: body.municipalReference,
      createdAt: at,
      updatedAt: at,
      personalDataExpiresAt: new Date(now.getTime() + RETENTION.afterIntakeDays * 86_400_000).toISOString(),
      personalDataErased: false,
      version: 1,
    };
    const message: WorkMessage = {
      workId: crypto.randomUUID(),
      type: 'case.submitted',
      subject: { type: 'case', id },
      centre: meta.centre,
      at,
    };
    meta.deliveryWorkId = message.workId;
    const bodyHash = createHmac('sha256', HMAC_KEY).update(JSON.stringify(body)).digest('hex');
    const entry = (action: string): ExchangeLogEntry => ({
      id: crypto.randomUUID(),
      at,
      requestId: crypto.randomUUID(),
      actor: principal,
      action,
      subject: { type: 'case', id },
      outcome: 'success',
      payloadSha256: bodyHash,
    });
    const table = this.#resources.tables.data.name;
    const audit = this.#resources.tables.audit.name;
    await this.#clients.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: metaItem(meta), ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: table,
              Item: { pk: key.request(id), sk: 'PERSONAL', submission: body, expiresAt: epochSeconds(meta.personalDataExpiresAt) },
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                pk: key.idempotency({ clientId: principal.clientId, key: crypto.randomUUID() }),
                sk: 'IDEMP',
                status: 'completed',
                bodyHash,
                kind: 'case',
                resourceId: id,
                expiresAt: epochSeconds(now) + 86_400,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...outboxTransactItems(table, message, meta.version),
          { Put: { TableName: audit, Item: exchangeLogItem(entry('cases.create')) } },
          { Put: { TableName: audit, Item: exchangeLogItem(entry('cases.route')) } },
          {
            Put: {
              TableName: table,
              Item: { pk: key.reference(meta.municipality, body.municipalReference), sk: 'REF', requestId: id, reservedAt: at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    await this.#clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: await this.#urls.main(meta.centre),
        MessageBody: JSON.stringify(message),
        MessageGroupId: id,
        MessageDeduplicationId: message.workId,
      }),
    );
    // As the API's dispatcher: the outbox entry's removal and the send's log entry in one write.
    await this.#outbox.markSent(
      { message, version: meta.version },
      {
        id: crypto.randomUUID(),
        at: new Date().toISOString(),
        requestId: crypto.randomUUID(),
        action: 'work.send',
        subject: message.subject,
        outcome: 'success',
        details: { workId: message.workId, centre: message.centre, type: message.type },
      },
    );
    return meta;
  }

  /**
   * A lease as the API makes it: one receive, per item the ledger's conditional write, then one read of
   * all the requests and one write of all the log entries.
   */
  async lease(principal: Principal, centre: Centre, max: number): Promise<BaselineLease[]> {
    const received = await this.#queue.receive(centre, { max, visibilitySeconds: 300, waitSeconds: 0 });
    if (received.length === 0) return [];
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 300_000).toISOString();
    const leased = await Promise.all(
      received.map(async ({ message, receipt }) => {
        const leaseId = crypto.randomUUID();
        await this.#ledger.start(message, { leaseId, startedAt: now.toISOString(), expiresAt });
        return { message, receipt, leaseId };
      }),
    );
    await this.#store.getMany(
      leased.map((l) => l.message.subject.id),
      now,
    );
    await this.#log.appendMany(leased.map((l) => this.#entry(principal, 'work.lease', l.message)));
    return leased;
  }

  /**
   * An ack as the API makes it: one read of the requests; then per item the delivery (feed head, the
   * lifecycle transaction that also acks the lease and holds the ack's log entry), or for a request no
   * longer queued the ledger's ack with its log entry, one authority's items one after another; one
   * batch delete.
   */
  async ack(principal: Principal, centre: Centre, leases: BaselineLease[]): Promise<number> {
    const now = new Date();
    const stored = await this.#store.getMany(
      leases.map((l) => l.message.subject.id),
      now,
    );
    const byAuthority = Map.groupBy(leases, (l) => stored.get(l.message.subject.id)?.meta.municipality ?? l.message.subject.id);
    let acked = 0;
    await Promise.all(
      [...byAuthority.values()].map(async (group) => {
        for (const { message, leaseId } of group) {
          if (await this.#ackOne(principal, message, { workId: message.workId, leaseId }, stored.get(message.subject.id), now)) acked++;
        }
      }),
    );
    await this.#queue.delete(
      centre,
      leases.map((l) => l.receipt),
    );
    return acked;
  }

  /**
   * One ack as the API's lifecycle service makes it: the delivery with the ledger's ack and its log entry
   * in one transaction, read again and retried when the request changed meanwhile (up to
   * {@link DELIVERY_ATTEMPTS} times, as the API does); for a request no longer queued the ledger's ack.
   */
  async #ackOne(
    principal: Principal,
    message: WorkMessage,
    lease: { workId: string; leaseId: string },
    first: StoredRequest | undefined,
    now: Date,
  ): Promise<boolean> {
    const log = this.#entry(principal, 'work.ack', message);
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
      const request = attempt === 1 ? first : await this.#store.get(message.subject.id, now);
      if (request?.meta.status !== 'queued') return this.#ledger.ack(lease, now, log);
      const { plan } = planChange(
        request,
        { change: 'deliver', workId: message.workId },
        { actor: principal, requestId: crypto.randomUUID(), now, newId: () => crypto.randomUUID(), retention: RETENTION },
      );
      try {
        await this.#lifecycle.change({ ...plan, log: [...plan.log, log], settlesLease: { ...lease, at: now } });
        return true;
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
      }
    }
    return false;
  }

  /** A list page: one Query of the owner index. */
  async list(principal: Principal, limit = 25): Promise<number> {
    const { Items = [] } = await this.#clients.doc.send(
      new QueryCommand({
        TableName: this.#resources.tables.data.name,
        IndexName: 'byOwner',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `OWNER#${principal.organisation}#case` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.length;
  }

  /** A read: the request with its personal data, and the log entry of the read. */
  async read(principal: Principal, id: string): Promise<void> {
    await this.#store.get(id, new Date());
    await this.#log.append({ ...this.#entry(principal, 'cases.read', undefined), subject: { type: 'case', id } });
  }

  #entry(principal: Principal, action: string, message: WorkMessage | undefined): ExchangeLogEntry {
    return {
      id: crypto.randomUUID(),
      at: new Date().toISOString(),
      requestId: crypto.randomUUID(),
      actor: principal,
      action,
      subject: message?.subject ?? { type: 'case', id: 'none' },
      outcome: 'success',
      ...(message ? { details: { workId: message.workId } } : {}),
    };
  }
}
