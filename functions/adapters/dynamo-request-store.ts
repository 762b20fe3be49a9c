import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CreatePlan,
  DuplicateReferenceError,
  type IdempotencyClaim,
  IdempotencyKeyTakenError,
  type IdempotencyScope,
  type ListQuery,
  type RequestStore,
} from '../core/ports/request-store.ts';
import type { RequestMeta, StoredRequest } from '../core/requests/request.ts';
import { exchangeLogItem } from './dynamo-exchange-log.ts';
import { DynamoIdempotencyRecords } from './dynamo-idempotency-records.ts';
import { outboxTransactItems } from './dynamo-outbox.ts';
import { epochSeconds, failedConditions, key, metaItem, metaOf, type TransactItem } from './dynamo-request-items.ts';
import { listRequests } from './dynamo-request-list.ts';
import { transactWithConflictRetries } from './dynamo-transactions.ts';

/** Where `create` puts the idempotency record in its transaction (after META and PERSONAL). */
const IDEMPOTENCY_INDEX = 2;
/** BatchGetItem takes at most 100 keys: 50 requests of two items each. */
const BATCH_GET_REQUESTS = 50;
/** Rounds of asking again for keys DynamoDB left unprocessed (throttling) before the read fails. */
const UNPROCESSED_ROUNDS = 5;

/**
 * A stored request from its META and PERSONAL items. TTL deletion lags by up to days: personal data
 * past its expiry at `now` is treated as gone.
 */
function storedRequest(meta: Record<string, unknown>, personal: Record<string, unknown> | undefined, now: Date): StoredRequest {
  const kept = personal && typeof personal.expiresAt === 'number' && personal.expiresAt > epochSeconds(now);
  if (!kept) return { meta: metaOf(meta) };
  const centreNotes = personal.centreNotes as StoredRequest['centreNotes'];
  const withdrawalReason = personal.withdrawalReason as string | undefined;
  return {
    meta: metaOf(meta),
    submission: personal.submission as Record<string, unknown>,
    ...(centreNotes ? { centreNotes } : {}),
    ...(withdrawalReason !== undefined ? { withdrawalReason } : {}),
  };
}

/**
 * Requests in the data table. Per request: a META item (the skeleton, listed through two indexes), a
 * PERSONAL item (the submission and centre notes, deleted by TTL at retention expiry), and OUTBOX items
 * until sent (written in the same transaction; read and removed through `DynamoOutbox`). Item layout in
 * dynamo-request-items.ts, idempotency records in dynamo-idempotency-records.ts, lists in
 * dynamo-request-list.ts; changes of existing requests are written by DynamoLifecycleStore.
 */
export class DynamoRequestStore implements RequestStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #auditTable: string;
  readonly #idempotency: DynamoIdempotencyRecords;

  constructor(doc: DynamoDBDocumentClient, tables: { data: string; audit: string }) {
    this.#doc = doc;
    this.#table = tables.data;
    this.#auditTable = tables.audit;
    this.#idempotency = new DynamoIdempotencyRecords(doc, tables.data);
  }

  claimIdempotencyKey(scope: IdempotencyScope, bodyHash: string, now: Date): Promise<IdempotencyClaim> {
    return this.#idempotency.claim(scope, bodyHash, now);
  }

  releaseIdempotencyKey(scope: IdempotencyScope, lockId: string): Promise<void> {
    return this.#idempotency.release(scope, lockId);
  }

  async create(plan: CreatePlan, now: Date): Promise<void> {
    const { meta } = plan;
    const items: TransactItem[] = [
      { Put: { TableName: this.#table, Item: metaItem(meta), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: this.#table,
          Item: {
            pk: key.request(meta.id),
            sk: 'PERSONAL',
            submission: plan.submission,
            expiresAt: epochSeconds(meta.personalDataExpiresAt),
          },
        },
      },
      this.#idempotency.completedRecord(plan, now),
      ...outboxTransactItems(this.#table, plan.outbox, meta.version),
      ...plan.log.map((entry): TransactItem => ({ Put: { TableName: this.#auditTable, Item: exchangeLogItem(entry) } })),
    ];
    const referenceIndex = items.length;
    if (plan.reserveReference && meta.municipalReference) {
      items.push({
        Put: {
          TableName: this.#table,
          Item: {
            pk: key.reference(meta.municipality, meta.municipalReference),
            sk: 'REF',
            requestId: meta.id,
            reservedAt: now.toISOString(),
          },
          // One open case per authority and file number: a re-send after a timeout must not create a twin.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    try {
      await transactWithConflictRetries(this.#doc, items);
    } catch (error) {
      const failed = failedConditions(error);
      // The key first: a retry of an accepted request also fails the file-number reservation it made itself.
      if (failed.includes(IDEMPOTENCY_INDEX)) {
        throw new IdempotencyKeyTakenError(await this.#idempotency.takenClaim(plan.idempotency, error, IDEMPOTENCY_INDEX));
      }
      if (failed.includes(referenceIndex) && meta.municipalReference) {
        const { Item } = await this.#doc.send(
          new GetCommand({
            TableName: this.#table,
            Key: { pk: key.reference(meta.municipality, meta.municipalReference), sk: 'REF' },
            ConsistentRead: true,
          }),
        );
        throw new DuplicateReferenceError(String(Item?.requestId ?? 'unknown'));
      }
      throw error;
    }
  }

  async get(id: string, now: Date): Promise<StoredRequest | undefined> {
    const { Items = [] } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :meta AND :personal',
        ExpressionAttributeValues: { ':pk': key.request(id), ':meta': 'META', ':personal': 'PERSONAL' },
        ConsistentRead: true,
      }),
    );
    const meta = Items.find((i) => i.sk === 'META');
    return meta
      ? storedRequest(
          meta,
          Items.find((i) => i.sk === 'PERSONAL'),
          now,
        )
      : undefined;
  }

  /** One request: a Query (as `get`); more: one strongly consistent BatchGetItem per 50 requests. */
  async getMany(ids: string[], now: Date): Promise<Map<string, StoredRequest>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, StoredRequest>();
    if (unique.length === 1 && unique[0] !== undefined) {
      const stored = await this.get(unique[0], now);
      if (stored) found.set(unique[0], stored);
      return found;
    }
    const items = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < unique.length; i += BATCH_GET_REQUESTS) {
      let keys = unique.slice(i, i + BATCH_GET_REQUESTS).flatMap((id) => ['META', 'PERSONAL'].map((sk) => ({ pk: key.request(id), sk })));
      for (let round = 1; keys.length > 0; round++) {
        if (round > UNPROCESSED_ROUNDS) throw new Error(`${keys.length} request items stayed unprocessed`);
        const { Responses, UnprocessedKeys } = await this.#doc.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of Responses?.[this.#table] ?? []) items.set(`${item.pk}|${item.sk}`, item);
        keys = (UnprocessedKeys?.[this.#table]?.Keys ?? []) as typeof keys;
        if (keys.length > 0) await sleep(Math.round(Math.random() * 50 * round));
      }
    }
    for (const id of unique) {
      const meta = items.get(`${key.request(id)}|META`);
      if (meta) found.set(id, storedRequest(meta, items.get(`${key.request(id)}|PERSONAL`), now));
    }
    return found;
  }

  list(query: ListQuery): Promise<{ items: RequestMeta[]; after?: unknown }> {
    return listRequests(this.#doc, this.#table, query);
  }
}
