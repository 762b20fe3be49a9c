import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { WorkMessage } from '../../schemas/work-message.ts';
import type { Centre } from '../core/centres.ts';
import type { ExchangeLogEntry } from '../core/ports/exchange-log.ts';
import type { LeaseGrant, LeaseLedger, LeaseRef, StartLeaseResult, WaitingWork } from '../core/ports/lease-ledger.ts';
import { exchangeLogItem } from './dynamo-exchange-log.ts';
import { ALL_SHARDS, shardOf } from './shards.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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

/** Live: this lease is the current one, has not run out, and the work is not acknowledged (ISO 8601 instants compare as strings). */
const LIVE_LEASE = 'leaseId = :leaseId AND leaseExpiresAt > :now AND attribute_not_exists(ackedAt)';

/**
 * The ack of a live lease as a transaction item: put into the delivery's transaction by the lifecycle
 * store, or beside the ack's log entry by {@link DynamoLeaseLedger.ack}. The work leaves the waiting
 * index and is kept (acked) long enough to drop late copies.
 */
export function ledgerAckItem(table: string, lease: LeaseRef, now: Date): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: ledgerKey(lease.workId),
      UpdateExpression: 'SET ackedAt = :now, expiresAt = :ttl REMOVE leaseId, waitingPk, waitingSk',
      ConditionExpression: LIVE_LEASE,
      ExpressionAttributeValues: {
        ':leaseId': lease.leaseId,
        ':now': now.toISOString(),
        ':ttl': Math.floor(now.getTime() / 1000) + ACKED_RETENTION_SECONDS,
      },
    },
  };
}

/** Whether the transaction item at `index` failed its condition (the transaction was cancelled for it). */
export function conditionFailedAt(error: unknown, index: number): boolean {
  return error instanceof TransactionCanceledException && error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
}

/** The lease ledger as one item per work item in the data table. */
export class DynamoLeaseLedger implements LeaseLedger {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #auditTable: string;

  /** `tables.audit`: where an ack's log entry goes, in the ack's own write. */
  constructor(doc: DynamoDBDocumentClient, tables: { data: string; audit: string }) {
    this.#doc = doc;
    this.#table = tables.data;
    this.#auditTable = tables.audit;
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

  async ack(lease: LeaseRef, now: Date, log: ExchangeLogEntry): Promise<boolean> {
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            ledgerAckItem(this.#table, lease, now),
            // Append-only: an entry is never overwritten.
            { Put: { TableName: this.#auditTable, Item: exchangeLogItem(log), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailedAt(error, 0)) return false;
      throw error;
    }
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
          ConditionExpression: LIVE_LEASE,
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
