import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { WorkMessage } from '../../schemas/work-message.ts';
import type { Centre } from '../core/centres.ts';
import type { ExchangeLogEntry } from '../core/ports/exchange-log.ts';
import type { OutboxStore, PendingPage, PendingWork } from '../core/ports/outbox-store.ts';
import { exchangeLogItem } from './dynamo-exchange-log.ts';
import { ledgerEntryItem } from './dynamo-lease-ledger.ts';
import { ALL_SHARDS, shardOf } from './shards.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Versions sort as strings in the key: zero-padded to 10 digits. */
const padded = (version: number) => String(version).padStart(10, '0');

const outboxKey = (subjectId: string, version: number, workId: string) => ({
  pk: `REQ#${subjectId}`,
  sk: `OUTBOX#${padded(version)}#${workId}`,
});

const pendingPartition = (centre: Centre, shard: number) => `PENDING#${centre}#${shard}`;

/**
 * The transaction items of one outbox entry: the entry itself, ordered within its subject by the
 * subject's version (never by a host's clock), listed in its centre's sharded pending index; and the
 * lease-ledger entry of the work item, so the item is accounted for from its commit on.
 */
export function outboxTransactItems(table: string, message: WorkMessage, version: number): TransactItem[] {
  return [
    {
      Put: {
        TableName: table,
        Item: {
          ...outboxKey(message.subject.id, version, message.workId),
          outboxPk: pendingPartition(message.centre, shardOf(message.subject.id)),
          outboxSk: `${message.at}#${message.subject.id}#${padded(version)}`,
          message,
          version,
        },
      },
    },
    { Put: { TableName: table, Item: ledgerEntryItem(message), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

const toPending = (item: Record<string, unknown>): PendingWork => ({ message: item.message as WorkMessage, version: Number(item.version) });

/** The outbox in the data table: entries under their subject, a sparse index of pending entries per centre and shard. */
export class DynamoOutbox implements OutboxStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  readonly #auditTable: string | undefined;

  /** `auditTable`: where the entries of sends go, in the same write that removes the outbox entry. */
  constructor(doc: DynamoDBDocumentClient, table: string, auditTable?: string) {
    this.#doc = doc;
    this.#table = table;
    this.#auditTable = auditTable;
  }

  async pendingOf(subjectId: string): Promise<PendingWork[]> {
    const { Items = [] } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
        ExpressionAttributeValues: { ':pk': `REQ#${subjectId}`, ':outbox': 'OUTBOX#' },
        ConsistentRead: true,
      }),
    );
    return Items.map(toPending);
  }

  async pendingFor(centre: Centre, limit: number, after?: unknown): Promise<PendingPage> {
    let position = (after as { shard: number; key?: Record<string, unknown> } | undefined) ?? { shard: 0 };
    const entries: PendingWork[] = [];
    while (position.shard < ALL_SHARDS.length && entries.length < limit) {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'pendingOutbox',
          KeyConditionExpression: 'outboxPk = :p',
          ExpressionAttributeValues: { ':p': pendingPartition(centre, position.shard) },
          Limit: limit - entries.length,
          ...(position.key ? { ExclusiveStartKey: position.key } : {}),
        }),
      );
      entries.push(...(page.Items ?? []).map(toPending));
      position = page.LastEvaluatedKey ? { shard: position.shard, key: page.LastEvaluatedKey } : { shard: position.shard + 1 };
    }
    return { entries, ...(position.shard < ALL_SHARDS.length ? { after: position } : {}) };
  }

  async oldestPendingAt(centre: Centre): Promise<string | undefined> {
    const heads = await Promise.all(
      ALL_SHARDS.map(async (shard) => {
        const { Items = [] } = await this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: 'pendingOutbox',
            KeyConditionExpression: 'outboxPk = :p',
            ExpressionAttributeValues: { ':p': pendingPartition(centre, shard) },
            Limit: 1,
          }),
        );
        return (Items[0]?.message as WorkMessage | undefined)?.at;
      }),
    );
    return heads.filter((at): at is string => at !== undefined).sort()[0];
  }

  async markSent(entry: PendingWork, logEntry?: ExchangeLogEntry): Promise<void> {
    const Key = outboxKey(entry.message.subject.id, entry.version, entry.message.workId);
    if (!logEntry || !this.#auditTable) {
      await this.#doc.send(new DeleteCommand({ TableName: this.#table, Key }));
      return;
    }
    await this.#doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.#table, Key } },
          // Append-only: an entry is never overwritten.
          { Put: { TableName: this.#auditTable, Item: exchangeLogItem(logEntry), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  }
}
