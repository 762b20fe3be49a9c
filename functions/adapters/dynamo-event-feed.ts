import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FeedEvent } from '../../schemas/lifecycle.ts';
import type { EventFeed } from '../core/ports/event-feed.ts';
import type { FeedEventDraft } from '../core/ports/lifecycle-store.ts';
import type { TransactItem } from './dynamo-request-items.ts';

/** Zero-padded so that the sort key orders like the number: 10^12 events per municipality is plenty. */
const SEQUENCE_DIGITS = 12;

/**
 * One partition per municipality (`FEED#<AGS>`): a HEAD item holding the last sequence number, and one
 * item per event (`EVENT#<sequence>`). A municipality writes a few times a minute, so one partition
 * (and one counter) per municipality is no hot key (DESIGN.md).
 */
const feedKey = {
  partition: (municipality: string) => `FEED#${municipality}`,
  head: 'HEAD',
  event: (sequence: number) => `EVENT#${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`,
};

/** The last sequence number given out in a municipality's feed (0 before the first event). */
export async function readFeedHead(doc: DynamoDBDocumentClient, table: string, municipality: string): Promise<number> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: { pk: feedKey.partition(municipality), sk: feedKey.head }, ConsistentRead: true }),
  );
  return typeof Item?.seq === 'number' ? Item.seq : 0;
}

/**
 * The two transaction items that append an event: the counter moves from `head` to `head + 1` (only if
 * nobody moved it since it was read) and the event is written at `head + 1`. Both commit with the change
 * itself, so every number is used exactly once and only by a committed change.
 */
export function feedAppendItems(table: string, municipality: string, head: number, draft: FeedEventDraft): [TransactItem, TransactItem] {
  const pk = feedKey.partition(municipality);
  const sequence = head + 1;
  const event: FeedEvent = { ...draft, sequence };
  return [
    {
      Update: {
        TableName: table,
        Key: { pk, sk: feedKey.head },
        UpdateExpression: 'SET seq = :next',
        // The counter is where this writer read it: a concurrent change that took the number makes us re-read.
        ConditionExpression: head === 0 ? 'attribute_not_exists(seq)' : 'seq = :head',
        ExpressionAttributeValues: { ':next': sequence, ...(head === 0 ? {} : { ':head': head }) },
      },
    },
    // Append-only: an event is never overwritten.
    { Put: { TableName: table, Item: { pk, sk: feedKey.event(sequence), ...event }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/** Reads municipalities' event feeds from the data table. */
export class DynamoEventFeed implements EventFeed {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async read(municipality: string, after: number, limit: number): Promise<FeedEvent[]> {
    const { Items = [] } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': feedKey.partition(municipality),
          ':from': feedKey.event(after + 1),
          ':to': feedKey.event(10 ** SEQUENCE_DIGITS - 1),
        },
        // Strongly consistent: an event is readable as soon as its change committed.
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return Items.map(({ pk: _pk, sk: _sk, ...event }) => event as FeedEvent);
  }
}
