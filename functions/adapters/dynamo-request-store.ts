import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { referenceKey } from '../../schemas/municipal-reference.ts';
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
import { outboxTransactItems } from './dynamo-outbox.ts';
import { returnedStrings, transactWithConflictRetries } from './dynamo-transactions.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Idempotency records live at least this long (the contract promises 24 hours). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** A claim older than this is taken to be from a crashed request and may be taken over. */
const CLAIM_LOCK_MS = 30_000;
/** Items a list call reads at most (before its filter) to fill a page; then it answers with a cursor. */
export const LIST_EVALUATION_BUDGET = 200;
/** Where `create` puts the idempotency record in its transaction (after META and PERSONAL). */
const IDEMPOTENCY_INDEX = 2;

export const key = {
  request: (id: string) => `REQ#${id}`,
  idempotency: (scope: IdempotencyScope) => `IDEMP#${scope.clientId}#${scope.key}`,
  // The same file (equal after normalisation and case folding) is one key.
  reference: (municipality: string, reference: string) => `REF#${municipality}#${referenceKey(reference)}`,
};

export const epochSeconds = (date: Date | string) => Math.floor(new Date(date).getTime() / 1000);

export function metaItem(meta: RequestMeta): Record<string, unknown> {
  const sort = `${meta.createdAt}#${meta.id}`;
  return {
    pk: key.request(meta.id),
    sk: 'META',
    ...meta,
    gsi1pk: `OWNER#${meta.municipality}#${meta.kind}`,
    gsi1sk: sort,
    gsi2pk: `ASSIGNEE#${meta.centre}#${meta.kind}`,
    gsi2sk: sort,
    // What the list filter compares: the file number normalised and case folded.
    ...(meta.municipalReference !== undefined ? { referenceKey: referenceKey(meta.municipalReference) } : {}),
  };
}

function metaOf(item: Record<string, unknown>): RequestMeta {
  const { pk: _pk, sk: _sk, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, referenceKey: _5, ...meta } = item;
  return meta as unknown as RequestMeta;
}

/** Which items of a cancelled transaction failed their condition. */
export function failedConditions(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

/**
 * Requests in the data table. Per request: a META item (the skeleton, listed through two indexes), a
 * PERSONAL item (the submission and centre notes, deleted by TTL at retention expiry), and OUTBOX items
 * until sent (written in the same transaction; read and removed through `DynamoOutbox`). Changes of
 * existing requests are written by DynamoLifecycleStore.
 */
export class DynamoRequestStore implements RequestStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #auditTable: string;

  constructor(doc: DynamoDBDocumentClient, tables: { data: string; audit: string }) {
    this.#doc = doc;
    this.#table = tables.data;
    this.#auditTable = tables.audit;
  }

  async claimIdempotencyKey(scope: IdempotencyScope, bodyHash: string, now: Date): Promise<IdempotencyClaim> {
    const lockId = crypto.randomUUID();
    const pk = key.idempotency(scope);
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk,
            sk: 'IDEMP',
            status: 'in_progress',
            bodyHash,
            lockId,
            lockedUntil: now.getTime() + CLAIM_LOCK_MS,
            expiresAt: epochSeconds(now) + IDEMPOTENCY_TTL_SECONDS,
          },
          // Free, expired (TTL may lag by days), or a claim abandoned by a crashed request.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND lockedUntil < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': epochSeconds(now), ':nowMs': now.getTime(), ':inProgress': 'in_progress' },
        }),
      );
      return { acquired: true, lockId };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const { Item } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: { pk, sk: 'IDEMP' }, ConsistentRead: true }));
    if (!Item) return this.claimIdempotencyKey(scope, bodyHash, now); // released in between: try again
    return {
      acquired: false,
      status: Item.status,
      bodyHash: Item.bodyHash,
      ...(Item.kind ? { kind: Item.kind } : {}),
      ...(Item.resourceId ? { resourceId: Item.resourceId } : {}),
    };
  }

  async releaseIdempotencyKey(scope: IdempotencyScope, lockId: string): Promise<void> {
    await this.#doc.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: { pk: key.idempotency(scope), sk: 'IDEMP' },
        // Only our own unfinished claim: never a completed record or someone else's claim.
        ConditionExpression: 'lockId = :lockId AND #status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':lockId': lockId, ':inProgress': 'in_progress' },
      }),
    );
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
      this.#idempotencyRecord(plan, now),
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
      if (failed.includes(IDEMPOTENCY_INDEX)) throw new IdempotencyKeyTakenError(await this.#takenClaim(plan.idempotency, error));
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

  /** The completed idempotency record, put only where the key is free (as in claimIdempotencyKey). */
  #idempotencyRecord(plan: CreatePlan, now: Date): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: {
          pk: key.idempotency(plan.idempotency),
          sk: 'IDEMP',
          status: 'completed',
          bodyHash: plan.idempotency.bodyHash,
          kind: plan.meta.kind,
          resourceId: plan.meta.id,
          expiresAt: epochSeconds(now) + IDEMPOTENCY_TTL_SECONDS,
        },
        // Free, expired (TTL may lag by days), or a claim abandoned by a crashed request.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND lockedUntil < :nowMs)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': epochSeconds(now), ':nowMs': now.getTime(), ':inProgress': 'in_progress' },
        // The taking record comes back with the cancellation: a replay needs no second read.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  /** The record that holds the key, from the cancellation reason (no extra read) or, failing that, a consistent read. */
  async #takenClaim(scope: IdempotencyScope, error: unknown): Promise<Extract<IdempotencyClaim, { acquired: false }>> {
    const returned = returnedStrings(error, IDEMPOTENCY_INDEX);
    const Item =
      returned ??
      (
        await this.#doc.send(
          new GetCommand({ TableName: this.#table, Key: { pk: key.idempotency(scope), sk: 'IDEMP' }, ConsistentRead: true }),
        )
      ).Item;
    return {
      acquired: false,
      // Gone in between (a release): the caller retries, as for a claim still in progress.
      status: Item?.status === 'completed' ? 'completed' : 'in_progress',
      bodyHash: String(Item?.bodyHash ?? ''),
      ...(Item?.kind ? { kind: Item.kind } : {}),
      ...(Item?.resourceId ? { resourceId: Item.resourceId } : {}),
    };
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
    const metaRecord = Items.find((i) => i.sk === 'META');
    if (!metaRecord) return undefined;
    const personal = Items.find((i) => i.sk === 'PERSONAL');
    // TTL deletion lags by up to days: an item past its expiry is treated as gone.
    const kept = personal && typeof personal.expiresAt === 'number' && personal.expiresAt > epochSeconds(now);
    if (!kept) return { meta: metaOf(metaRecord) };
    const centreNotes = personal.centreNotes as StoredRequest['centreNotes'];
    const withdrawalReason = personal.withdrawalReason as string | undefined;
    return {
      meta: metaOf(metaRecord),
      submission: personal.submission as Record<string, unknown>,
      ...(centreNotes ? { centreNotes } : {}),
      ...(withdrawalReason !== undefined ? { withdrawalReason } : {}),
    };
  }

  async list(query: ListQuery): Promise<{ items: RequestMeta[]; after?: unknown }> {
    const byOwner = 'municipality' in query.owner;
    const partition = byOwner
      ? `OWNER#${(query.owner as { municipality: string }).municipality}#${query.kind}`
      : `ASSIGNEE#${(query.owner as { centre: string }).centre}#${query.kind}`;
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':p': partition };
    if (query.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = query.status;
    }
    if (query.municipalReference) {
      filters.push('referenceKey = :ref');
      values[':ref'] = referenceKey(query.municipalReference);
    }
    const index = byOwner ? { name: 'byOwner', pk: 'gsi1pk', sk: 'gsi1sk' } : { name: 'byAssignee', pk: 'gsi2pk', sk: 'gsi2sk' };
    const filtered = filters.length > 0;
    const items: RequestMeta[] = [];
    let after = query.after as Record<string, unknown> | undefined;
    let evaluated = 0;
    // A filter applies after Limit, so a filtered page reads up to the whole budget and keeps what matches;
    // when the budget is spent the page ends (perhaps empty) with a cursor: bounded work per call.
    do {
      const input: QueryCommandInput = {
        TableName: this.#table,
        IndexName: index.name,
        KeyConditionExpression: `${index.pk} = :p`,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: filtered ? LIST_EVALUATION_BUDGET - evaluated : query.limit - items.length,
        ...(filtered ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ...(after ? { ExclusiveStartKey: after } : {}),
      };
      const page = await this.#doc.send(new QueryCommand(input));
      evaluated += page.ScannedCount ?? page.Items?.length ?? 0;
      after = page.LastEvaluatedKey;
      for (const [i, item] of (page.Items ?? []).entries()) {
        items.push(metaOf(item));
        if (items.length === query.limit) {
          // More matched than the page holds: continue after the last one kept.
          if (i < (page.Items?.length ?? 0) - 1)
            after = { pk: item.pk, sk: item.sk, [index.pk]: item[index.pk], [index.sk]: item[index.sk] };
          break;
        }
      }
    } while (after && items.length < query.limit && evaluated < LIST_EVALUATION_BUDGET);
    return { items, ...(after ? { after } : {}) };
  }
}
