import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CreatePlan, IdempotencyClaim, IdempotencyScope } from '../core/ports/request-store.ts';
import { epochSeconds, key, type TransactItem } from './dynamo-request-items.ts';
import { returnedStrings } from './dynamo-transactions.ts';

/** Idempotency records live at least this long (the contract promises 24 hours). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** A claim older than this is taken to be from a crashed request and may be taken over. */
const CLAIM_LOCK_MS = 30_000;
/** Free, expired (TTL may lag by days), or a claim abandoned by a crashed request. */
const KEY_IS_FREE = 'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND lockedUntil < :nowMs)';
const freeValues = (now: Date) => ({ ':now': epochSeconds(now), ':nowMs': now.getTime(), ':inProgress': 'in_progress' });

/**
 * The Idempotency-Key records of the data table (`IDEMP#<client>#<key>`), shared by intake (completed in
 * the creating transaction) and changes of existing requests (claimed first, completed with the change).
 */
export class DynamoIdempotencyRecords {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  /** Takes the key (an in-progress claim with a lock), or answers the record that holds it. */
  async claim(scope: IdempotencyScope, bodyHash: string, now: Date): Promise<IdempotencyClaim> {
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
          ConditionExpression: KEY_IS_FREE,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: freeValues(now),
        }),
      );
      return { acquired: true, lockId };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const { Item } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: { pk, sk: 'IDEMP' }, ConsistentRead: true }));
    if (!Item) return this.claim(scope, bodyHash, now); // released in between: try again
    return {
      acquired: false,
      status: Item.status,
      bodyHash: Item.bodyHash,
      ...(Item.kind ? { kind: Item.kind } : {}),
      ...(Item.resourceId ? { resourceId: Item.resourceId } : {}),
    };
  }

  /** Gives back our own unfinished claim (never a completed record or someone else's claim). */
  async release(scope: IdempotencyScope, lockId: string): Promise<void> {
    await this.#doc.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: { pk: key.idempotency(scope), sk: 'IDEMP' },
        ConditionExpression: 'lockId = :lockId AND #status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':lockId': lockId, ':inProgress': 'in_progress' },
      }),
    );
  }

  /** The completed record of a submission, as a transaction item put only where the key is free (as in `claim`). */
  completedRecord(plan: CreatePlan, now: Date): TransactItem {
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
        ConditionExpression: KEY_IS_FREE,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: freeValues(now),
        // The taking record comes back with the cancellation: a replay needs no second read.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  /**
   * The record that holds the key, from the cancellation reason of the item at `index` (no extra read)
   * or, failing that, a consistent read.
   */
  async takenClaim(scope: IdempotencyScope, error: unknown, index: number): Promise<Extract<IdempotencyClaim, { acquired: false }>> {
    const Item =
      returnedStrings(error, index) ??
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
}
