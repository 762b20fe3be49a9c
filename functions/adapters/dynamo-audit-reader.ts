import { type DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type ChainedEntry, chainedEntryOf } from '../core/audit/chained-entry.ts';
import type { AuditFilter, AuditReader, ChainHead, Checkpoint } from '../core/ports/audit-chain.ts';
import { AUDIT_INDEXES, auditKeys, blockOf, chainPartition, dayPartition, padded } from './dynamo-audit-keys.ts';
import { checkpointOf, readChainHead } from './dynamo-sequencer-store.ts';

/** Where a search continues: which partition of its plan, from which key. */
interface Position {
  /** The plan's origin, fixed at the first page: the newest chain block, or the newest and oldest day. */
  o: number | { newest: string; oldest: string };
  /** Index of the partition within the plan. */
  p: number;
  k?: Record<string, unknown>;
}

/** Queries one search page may cost before it answers with what it has and a cursor. */
const QUERIES_PER_PAGE = 50;
const DAY_MS = 86_400_000;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The administrators' reads of the audit table. A search takes the narrowest access path: the subject
 * or actor index (one partition each), the time index (one partition per day, from `to` back to
 * `from`), or else the chain itself (one partition per 10,000 entries, newest first); every other
 * filter applies to what that path reads.
 */
export class DynamoAuditReader implements AuditReader {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  head(): Promise<ChainHead | undefined> {
    return readChainHead(this.#doc, this.#table);
  }

  async chainAfter(afterSeq: number, limit: number): Promise<ChainedEntry[]> {
    const lastBlock = blockOf((await this.head())?.seq ?? 0);
    const entries: ChainedEntry[] = [];
    for (let block = blockOf(afterSeq + 1); entries.length < limit; block++) {
      let start: Record<string, unknown> | undefined;
      let found = 0;
      do {
        const page = await this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'pk = :pk AND sk > :after',
            ExpressionAttributeValues: { ':pk': chainPartition(block), ':after': padded(afterSeq) },
            ConsistentRead: true,
            Limit: limit - entries.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        entries.push(...(page.Items ?? []).map(chainedEntryOf));
        found += page.Items?.length ?? 0;
        start = page.LastEvaluatedKey;
      } while (start && entries.length < limit);
      // Past the head's block only while entries keep coming (ones beyond the head are found, too).
      if (block >= lastBlock && found === 0) break;
    }
    return entries;
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const checkpoints: Checkpoint[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditKeys.checkpointPartition },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      checkpoints.push(...(page.Items ?? []).map(checkpointOf));
      start = page.LastEvaluatedKey;
    } while (start);
    return checkpoints;
  }

  async search(filter: AuditFilter, limit: number, after?: unknown): Promise<{ entries: ChainedEntry[]; after?: unknown }> {
    let position = (after as Position | undefined) ?? { o: await this.#origin(filter), p: 0 };
    const plan = this.#plan(filter, position.o);
    const entries: ChainedEntry[] = [];
    for (let queries = 0; queries < QUERIES_PER_PAGE && entries.length < limit; queries++) {
      const input = plan.partition(position.p);
      if (!input) return { entries };
      const page = await this.#doc.send(
        new QueryCommand({
          ...input,
          ScanIndexForward: false,
          Limit: limit - entries.length,
          ...(position.k ? { ExclusiveStartKey: position.k } : {}),
        }),
      );
      entries.push(...(page.Items ?? []).map(chainedEntryOf));
      position = page.LastEvaluatedKey ? { ...position, k: page.LastEvaluatedKey } : { o: position.o, p: position.p + 1 };
    }
    return { entries, ...(plan.partition(position.p) ? { after: position } : {}) };
  }

  async *range(from: string, to: string): AsyncIterable<ChainedEntry[]> {
    for (let day = Date.parse(from.slice(0, 10)); day < Date.parse(to); day += DAY_MS) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: AUDIT_INDEXES.byTime.name,
            KeyConditionExpression: 'dayPk = :day AND atSk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':day': dayPartition(dayOf(day)), ':from': from, ':to': to },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        // BETWEEN includes `to` itself (and `to#...` sorts after it): the range ends before `to`.
        const entries = (page.Items ?? []).map(chainedEntryOf).filter((e) => e.at < to);
        if (entries.length > 0) yield entries;
        start = page.LastEvaluatedKey;
      } while (start);
    }
  }

  /**
   * Where a new search starts: the newest chain block, or for a time range the days it reads, bounded by
   * tomorrow (writers' clocks may run ahead) and by the day of entry 1, so no empty day far off is read.
   */
  async #origin(filter: AuditFilter): Promise<Position['o']> {
    if (filter.subject || filter.actor || !filter.from) return blockOf((await this.head())?.seq ?? 0);
    const { Item: first } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: auditKeys.chain(1) }));
    const newest = dayOf(Math.min(Date.parse(filter.to ?? '9999-12-31') - 1, Date.now() + DAY_MS));
    const oldest = [filter.from.slice(0, 10), String(first?.at ?? newest).slice(0, 10)].sort()[1] as string;
    return { newest, oldest };
  }

  /** The partitions a search reads, in order, each as a query with the filters that its key does not cover. */
  #plan(filter: AuditFilter, origin: Position['o']): { partition: (index: number) => QueryCommandInput | undefined } {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const conditions: string[] = [];
    const add = (condition: string, name: string, value: unknown) => {
      conditions.push(condition);
      values[name] = value;
    };
    if (filter.action) add('#action = :action', ':action', filter.action);
    if (filter.actor && filter.subject) add('actor.clientId = :actor', ':actor', filter.actor);
    if (filter.from) add('#at >= :from', ':from', filter.from);
    if (filter.to) add('#at < :to', ':to', filter.to);
    if (filter.action) names['#action'] = 'action';
    if (filter.from || filter.to) names['#at'] = 'at';
    const query = (base: Omit<QueryCommandInput, 'TableName'>, keyValues: Record<string, unknown>): QueryCommandInput => ({
      TableName: this.#table,
      ...base,
      ExpressionAttributeValues: { ...values, ...keyValues },
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
    });
    const single = (index: { name: string; partitionKey: string }, value: string) => (i: number) =>
      i === 0 ? query({ IndexName: index.name, KeyConditionExpression: `${index.partitionKey} = :key` }, { ':key': value }) : undefined;
    if (filter.subject) return { partition: single(AUDIT_INDEXES.bySubject, filter.subject) };
    if (filter.actor) return { partition: single(AUDIT_INDEXES.byActor, filter.actor) };
    if (typeof origin === 'object') {
      return {
        partition: (i) => {
          const day = dayOf(Date.parse(origin.newest) - i * DAY_MS);
          if (day < origin.oldest) return undefined;
          return query({ IndexName: AUDIT_INDEXES.byTime.name, KeyConditionExpression: 'dayPk = :day' }, { ':day': dayPartition(day) });
        },
      };
    }
    return {
      partition: (i) => (origin - i < 0 ? undefined : query({ KeyConditionExpression: 'pk = :pk' }, { ':pk': chainPartition(origin - i) })),
    };
  }
}
