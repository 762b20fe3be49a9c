import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ChainedEntry } from '../core/audit/chained-entry.ts';
import { entryOf } from '../core/audit/chained-entry.ts';
import { closedBefore, REFUSAL_WINDOW_MS } from '../core/audit/refusal-window.ts';
import type { ChainHead, Checkpoint, PendingEntry, SequencerStore } from '../core/ports/audit-chain.ts';
import type { ExchangeLogEntry } from '../core/ports/exchange-log.ts';
import { auditKeys, chainItem } from './dynamo-audit-keys.ts';
import { ALL_SHARDS } from './shards.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How the sequencer removes a pending item when it chains it. */
type Handle = { kind: 'inbox'; key: { pk: string; sk: string } } | { kind: 'refusals'; key: { pk: string; sk: string }; repeats: number };

/**
 * The sequencer's head: the last chained seq and its hash, read consistently; undefined before the first
 * entry is chained. Shared by the sequencer and the administrators' reader.
 */
export async function readChainHead(doc: DynamoDBDocumentClient, table: string): Promise<ChainHead | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: auditKeys.head, ConsistentRead: true }));
  return Item ? { seq: Number(Item.seq), hash: String(Item.hash) } : undefined;
}

const isCancelled = (error: unknown) => (error as Error).name === 'TransactionCanceledException';

/** The sequencer's reads and its one kind of write, on the audit table (layout: dynamo-audit-keys.ts). */
export class DynamoSequencerStore implements SequencerStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  head(): Promise<ChainHead | undefined> {
    return readChainHead(this.#doc, this.#table);
  }

  async pending(limit: number, now: Date): Promise<PendingEntry[]> {
    const query = (pk: string, range?: { before: string }) =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: range ? 'pk = :pk AND sk < :before' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(range ? { ':before': range.before } : {}) },
          ConsistentRead: true,
          Limit: limit,
        }),
      );
    const cut = closedBefore(now);
    const pages = await Promise.all([
      ...ALL_SHARDS.map(async (shard) => (await query(auditKeys.inboxPartition(shard))).Items ?? []),
      ...ALL_SHARDS.map(async (shard) => (await query(auditKeys.refusalsPartition(shard), { before: cut })).Items ?? []),
    ]);
    const pending: PendingEntry[] = [];
    for (const item of pages.flat()) {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      if (key.pk.startsWith('INBOX#')) {
        pending.push({ entry: entryOf(item), handle: { kind: 'inbox', key } satisfies Handle });
      } else if (Number(item.repeats) > 0) {
        pending.push({ entry: aggregate(item), handle: { kind: 'refusals', key, repeats: Number(item.repeats) } satisfies Handle });
      } else {
        // A window with only its first refusal: that one is an entry already, the counter simply goes.
        await this.#doc
          .send(
            new DeleteCommand({
              TableName: this.#table,
              Key: key,
              ConditionExpression: 'repeats = :zero',
              ExpressionAttributeValues: { ':zero': 0 },
            }),
          )
          .catch(() => undefined);
      }
    }
    return pending;
  }

  async append(from: ChainHead | undefined, chained: ChainedEntry[], sources: PendingEntry[]): Promise<'appended' | 'conflict'> {
    const last = chained.at(-1);
    if (!last) return 'appended';
    const items: TransactItem[] = [];
    for (const [i, entry] of chained.entries()) {
      // Append-only: a sequence number is taken once.
      items.push({ Put: { TableName: this.#table, Item: chainItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } });
      items.push(removal(this.#table, (sources[i] as PendingEntry).handle as Handle));
    }
    const head = { ...auditKeys.head, seq: last.seq, hash: last.hash, at: last.sequencedAt };
    items.push(
      from
        ? // The head moves only from where this sequencer read it: a second sequencer cannot fork the chain.
          {
            Put: {
              TableName: this.#table,
              Item: head,
              ConditionExpression: 'seq = :from',
              ExpressionAttributeValues: { ':from': from.seq },
            },
          }
        : { Put: { TableName: this.#table, Item: head, ConditionExpression: 'attribute_not_exists(pk)' } },
    );
    try {
      await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'appended';
    } catch (error) {
      if (isCancelled(error)) return 'conflict';
      throw error;
    }
  }

  async latestCheckpoint(): Promise<Checkpoint | undefined> {
    const { Items = [] } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.checkpointPartition },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items[0] ? checkpointOf(Items[0]) : undefined;
  }

  async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...auditKeys.checkpoint(checkpoint.seq), ...checkpoint },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }
}

export function checkpointOf(item: Record<string, unknown>): Checkpoint {
  return { seq: Number(item.seq), hash: String(item.hash), at: String(item.at), jws: String(item.jws) };
}

/** The pending item's removal, conditioned so that nothing chained twice and no counted repeat is lost. */
function removal(table: string, handle: Handle): TransactItem {
  if (handle.kind === 'inbox') {
    // Still there: another sequencer has not chained it meanwhile.
    return { Delete: { TableName: table, Key: handle.key, ConditionExpression: 'attribute_exists(pk)' } };
  }
  return {
    Delete: {
      TableName: table,
      Key: handle.key,
      // Nobody counted another repeat into the window since it was read (a late writer's clock).
      ConditionExpression: 'repeats = :repeats',
      ExpressionAttributeValues: { ':repeats': handle.repeats },
    },
  };
}

/** The one entry that stands for a window's repeated refusals. */
function aggregate(item: Record<string, unknown>): ExchangeLogEntry {
  const template = item.template as Omit<ExchangeLogEntry, 'id' | 'at' | 'requestId'>;
  const window = String(item.window);
  return {
    ...template,
    id: `refusals-${window}-${String(item.sk).slice(-32)}`,
    at: String(item.firstAt),
    requestId: String(item.firstRequestId),
    count: Number(item.repeats),
    lastAt: String(item.lastAt),
    details: {
      ...template.details,
      lastRequestId: String(item.lastRequestId),
      window: `${window}/${new Date(new Date(window).getTime() + REFUSAL_WINDOW_MS).toISOString()}`,
    },
  };
}
