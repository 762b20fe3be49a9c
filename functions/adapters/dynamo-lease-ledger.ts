import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkMessage } from '../../schemas/work-message.ts';
import type { Centre } from '../core/centres.ts';
import type { LeaseGrant, LeaseLedger, StartLeaseResult, WaitingWork } from '../core/ports/lease-ledger.ts';
import { ALL_SHARDS, shardOf } from './shards.ts';

/** An acknowledged entry is kept this long, to drop late copies (queue retention is 14 days at most). */
const ACKED_RETENTION_SECONDS = 30 * 24 * 3600;

const ledgerKey = (workId: string) => ({ pk: `WORK#${workId}`, sk: 'LEDGER' });
const waitingPartition = (centre: Centre, workId: string) => `WAITING#${centre}#${shardOf(workId)}`;

/**
 * The ledger entry of a new work item, written in the transaction that commits the item (beside its
 * outbox entry). It is listed in the sparse `waitingWork` index until it is acknowledged.
 */
export function ledgerEntryItem(message: WorkMessage): Record<string, unknown> {
  return {
    ...ledgerKey(message.workId),
    message,
    enqueuedAt: message.at,
    waitingPk: waitingPartition(message.centre, message.workId),
    waitingSk: `${message.at}#${message.workId}`,
    deliveries: 0,
  };
}

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** The lease ledger as one item per work item in the data table. */
export class DynamoLeaseLedger implements LeaseLedger {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async start(message: WorkMessage, lease: LeaseGrant): Promise<StartLeaseResult> {
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: ledgerKey(message.workId),
          // A new lease replaces any earlier one: its token dies with this write.
          UpdateExpression:
            'SET leaseId = :leaseId, leaseStartedAt = :startedAt, leaseExpiresAt = :expiresAt, message = if_not_exists(message, :message), ' +
            'enqueuedAt = if_not_exists(enqueuedAt, :at), waitingPk = if_not_exists(waitingPk, :waitingPk), waitingSk = if_not_exists(waitingSk, :waitingSk) ' +
            'ADD deliveries :one',
          // Acknowledged work is never leased again, however late a copy of it turns up.
          ConditionExpression: 'attribute_not_exists(ackedAt)',
          ExpressionAttributeValues: {
            ':leaseId': lease.leaseId,
            ':startedAt': lease.startedAt,
            ':expiresAt': lease.expiresAt,
            ':message': message,
            ':at': message.at,
            ':waitingPk': waitingPartition(message.centre, message.workId),
            ':waitingSk': `${message.at}#${message.workId}`,
            ':one': 1,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { outcome: 'leased', deliveryCount: Number(Attributes?.deliveries ?? 1) };
    } catch (error) {
      if (isConditionFailure(error)) return { outcome: 'acked' };
      throw error;
    }
  }

  ack(workId: string, leaseId: string, now: Date): Promise<WorkMessage | undefined> {
    return this.#settle(workId, leaseId, now, {
      UpdateExpression: 'SET ackedAt = :now, expiresAt = :ttl REMOVE leaseId, waitingPk, waitingSk',
      ExpressionAttributeValues: { ':ttl': Math.floor(now.getTime() / 1000) + ACKED_RETENTION_SECONDS },
    });
  }

  async unack(workId: string, leaseId: string, ackedAt: Date): Promise<void> {
    const { Item } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: ledgerKey(workId), ConsistentRead: true }));
    if (!Item) return;
    const message = Item.message as WorkMessage;
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: ledgerKey(workId),
        UpdateExpression: 'SET leaseId = :leaseId, waitingPk = :waitingPk, waitingSk = :waitingSk REMOVE ackedAt, expiresAt',
        // Only the ack this call made: nothing else has happened to the entry since.
        ConditionExpression: 'ackedAt = :ackedAt',
        ExpressionAttributeValues: {
          ':leaseId': leaseId,
          ':ackedAt': ackedAt.toISOString(),
          ':waitingPk': waitingPartition(message.centre, workId),
          ':waitingSk': `${String(Item.enqueuedAt)}#${workId}`,
        },
      }),
    );
  }

  release(workId: string, leaseId: string, now: Date): Promise<WorkMessage | undefined> {
    return this.#settle(workId, leaseId, now, { UpdateExpression: 'SET leaseExpiresAt = :now REMOVE leaseId' });
  }

  extend(workId: string, leaseId: string, now: Date, expiresAt: string): Promise<WorkMessage | undefined> {
    return this.#settle(workId, leaseId, now, {
      UpdateExpression: 'SET leaseExpiresAt = :expiresAt',
      ExpressionAttributeValues: { ':expiresAt': expiresAt },
    });
  }

  /** One conditional write on a live lease: the work item, or `undefined` when the lease is not live. */
  async #settle(
    workId: string,
    leaseId: string,
    now: Date,
    update: { UpdateExpression: string; ExpressionAttributeValues?: Record<string, unknown> },
  ): Promise<WorkMessage | undefined> {
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: ledgerKey(workId),
          UpdateExpression: update.UpdateExpression,
          // Live: this lease is the current one, has not run out, and the work is not acknowledged.
          // ISO 8601 instants in the same format compare correctly as strings.
          ConditionExpression: 'leaseId = :leaseId AND leaseExpiresAt > :now AND attribute_not_exists(ackedAt)',
          ExpressionAttributeValues: { ':leaseId': leaseId, ':now': now.toISOString(), ...update.ExpressionAttributeValues },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes?.message as WorkMessage;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async oldestWaitingAt(centre: Centre): Promise<string | undefined> {
    const heads = await Promise.all(ALL_SHARDS.map((shard) => this.#waiting(centre, shard, undefined, 1)));
    return heads
      .flat()
      .map((w) => w.enqueuedAt)
      .sort()[0];
  }

  async waitingBefore(centre: Centre, before: string, limit: number): Promise<WaitingWork[]> {
    const perShard = await Promise.all(ALL_SHARDS.map((shard) => this.#waiting(centre, shard, before, limit)));
    return perShard
      .flat()
      .sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt))
      .slice(0, limit);
  }

  async #waiting(centre: Centre, shard: number, before: string | undefined, limit: number): Promise<WaitingWork[]> {
    const { Items = [] } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'waitingWork',
        KeyConditionExpression: before ? 'waitingPk = :p AND waitingSk < :before' : 'waitingPk = :p',
        ExpressionAttributeValues: { ':p': `WAITING#${centre}#${shard}`, ...(before ? { ':before': before } : {}) },
        Limit: limit,
      }),
    );
    return Items.map((item) => ({ message: item.message as WorkMessage, enqueuedAt: String(item.enqueuedAt) }));
  }

  async requeued(workId: string, at: string): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: ledgerKey(workId),
          UpdateExpression: 'SET enqueuedAt = :at, waitingSk = :waitingSk',
          // Acknowledged work has left the waiting index for good.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ackedAt)',
          ExpressionAttributeValues: { ':at': at, ':waitingSk': `${at}#${workId}` },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
