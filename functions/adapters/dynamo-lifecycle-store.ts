import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LeaseNotLiveError } from '../core/ports/lease-ledger.ts';
import type { ChangePlan, LifecycleStore } from '../core/ports/lifecycle-store.ts';
import { ConcurrentChangeError } from '../core/ports/request-store.ts';
import { feedAppendItems, readFeedHead } from './dynamo-event-feed.ts';
import { exchangeLogItem } from './dynamo-exchange-log.ts';
import { ledgerAckItem } from './dynamo-lease-ledger.ts';
import { outboxTransactItems } from './dynamo-outbox.ts';
import { epochSeconds, key, metaItem, type TransactItem } from './dynamo-request-items.ts';

/** Tries for the next sequence number of a municipality's feed before giving up (ConcurrentChangeError). */
const SEQUENCE_ATTEMPTS = 8;
/** Versions in sort keys are zero-padded so that transition records sort in the order of the changes. */
const VERSION_DIGITS = 10;

/** The cancellation code of each item of a cancelled transaction, or undefined for any other error. */
function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code);
}

/**
 * Writes changes of existing requests (status, transfer, withdrawal, delivery) to the data table in one
 * transaction each: the META item under optimistic locking, a TRANSITION#<version> record, the feed
 * event at the municipality's next sequence number, the exchange-log entries, and as the plan says the
 * personal data item, the file-number reservation, the outbox entry, the idempotency record and, for a
 * delivery, the ack of the lease that delivered it.
 */
export class DynamoLifecycleStore implements LifecycleStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #auditTable: string;

  constructor(doc: DynamoDBDocumentClient, tables: { data: string; audit: string }) {
    this.#doc = doc;
    this.#table = tables.data;
    this.#auditTable = tables.audit;
  }

  async change(plan: ChangePlan): Promise<{ sequence: number }> {
    let withPersonalData = true;
    let contended = 0;
    for (;;) {
      const head = await readFeedHead(this.#doc, this.#table, plan.after.municipality);
      const { items, index } = this.#items(plan, head, withPersonalData);
      try {
        // The SDK gives each call a ClientRequestToken and keeps it through its own retries, so a retry of a
        // transaction that committed (its answer lost) succeeds instead of failing its conditions.
        await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
        return { sequence: head + 1 };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        const failed = (i: number | undefined) => i !== undefined && codes[i] === 'ConditionalCheckFailed';
        if (failed(index.lease)) throw new LeaseNotLiveError();
        if (failed(index.meta)) throw new ConcurrentChangeError('The request');
        if (failed(index.idempotency)) throw new ConcurrentChangeError('The idempotency claim');
        if (failed(index.personal) && withPersonalData) {
          // The personal data is already gone (TTL or erasure): apply the change without it, never resurrect it.
          withPersonalData = false;
          continue;
        }
        // Another change of the municipality took the number, or (real DynamoDB) a transaction touched the same items.
        if (!(failed(index.head) || failed(index.event) || codes.includes('TransactionConflict'))) throw error;
        if (++contended >= SEQUENCE_ATTEMPTS) throw new ConcurrentChangeError('The event sequence');
        // Jittered backoff, so that writers that collided do not collide again in lockstep.
        await sleep(Math.round(Math.random() * 20 * contended));
      }
    }
  }

  #items(plan: ChangePlan, head: number, withPersonalData: boolean) {
    const { before, after } = plan;
    const pk = key.request(after.id);
    const items: TransactItem[] = [];
    const add = (item: TransactItem) => items.push(item) - 1;
    const index: Partial<Record<'meta' | 'head' | 'event' | 'personal' | 'idempotency' | 'lease', number>> = {};
    index.meta = add({
      Put: {
        TableName: this.#table,
        Item: metaItem(after),
        // Optimistic locking: nobody changed the request since it was read.
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': before.version },
      },
    });
    add({
      Put: {
        TableName: this.#table,
        Item: { pk, sk: `TRANSITION#${String(after.version).padStart(VERSION_DIGITS, '0')}`, ...plan.transition },
        // Append-only history: one record per version.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    const [headItem, eventItem] = feedAppendItems(this.#table, after.municipality, head, plan.event);
    index.head = add(headItem);
    index.event = add(eventItem);
    for (const entry of plan.log) add({ Put: { TableName: this.#auditTable, Item: exchangeLogItem(entry) } });
    const personal = withPersonalData ? this.#personalData(plan) : undefined;
    if (personal) index.personal = add(personal);
    if (plan.releaseReference && before.municipalReference) {
      add({
        Delete: {
          TableName: this.#table,
          Key: { pk: key.reference(before.municipality, before.municipalReference), sk: 'REF' },
          // Only this request's reservation.
          ConditionExpression: 'attribute_not_exists(pk) OR requestId = :id',
          ExpressionAttributeValues: { ':id': before.id },
        },
      });
    }
    if (plan.outbox) for (const item of outboxTransactItems(this.#table, plan.outbox, after.version)) add(item);
    if (plan.idempotency) {
      index.idempotency = add({
        Update: {
          TableName: this.#table,
          Key: { pk: key.idempotency(plan.idempotency), sk: 'IDEMP' },
          UpdateExpression: 'SET #status = :completed, resourceId = :id, kind = :kind REMOVE lockedUntil, lockId',
          // Still our claim: a request that outlived its lock must not complete someone else's.
          ConditionExpression: 'lockId = :lockId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':id': after.id,
            ':kind': after.kind,
            ':lockId': plan.idempotency.lockId,
          },
        },
      });
    }
    // A delivery's ack: the lease is settled with the delivery or not at all.
    if (plan.settlesLease) index.lease = add(ledgerAckItem(this.#table, plan.settlesLease, plan.settlesLease.at));
    return { items, index };
  }

  /** The personal data item's part: erase it, or move its expiry and/or append a centre note. */
  #personalData(plan: ChangePlan): TransactItem | undefined {
    const Key = { pk: key.request(plan.after.id), sk: 'PERSONAL' };
    if (plan.personalData === 'erase') return { Delete: { TableName: this.#table, Key } };
    const sets: string[] = [];
    const values: Record<string, unknown> = {};
    if (plan.personalData === 'expire') {
      sets.push('expiresAt = :expiresAt');
      values[':expiresAt'] = epochSeconds(plan.after.personalDataExpiresAt);
    }
    if (plan.withdrawalReason !== undefined) {
      sets.push('withdrawalReason = :withdrawalReason');
      values[':withdrawalReason'] = plan.withdrawalReason;
    }
    if (plan.note) {
      sets.push('centreNotes = list_append(if_not_exists(centreNotes, :none), :note)');
      Object.assign(values, { ':none': [], ':note': [plan.note] });
    }
    if (sets.length === 0) return undefined;
    return {
      Update: {
        TableName: this.#table,
        Key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        // Never resurrect personal data that TTL or an erasure already removed.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: values,
      },
    };
  }
}
