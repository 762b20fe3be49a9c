import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ExchangeLog, ExchangeLogEntry } from '../core/ports/exchange-log.ts';

/** The item of a log entry; also put inside business transactions, so an exchange and its entry commit together. */
export function exchangeLogItem(entry: ExchangeLogEntry): Record<string, unknown> {
  // One partition per day keeps writes spread and a day's entries readable in time order.
  return { pk: `DAY#${entry.at.slice(0, 10)}`, sk: `${entry.at}#${entry.id}`, ...entry };
}

/** Plain append-only storage of log entries (the exchange-log issue adds the hash chain and sequencer). */
export class DynamoExchangeLog implements ExchangeLog {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async append(entry: ExchangeLogEntry): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: exchangeLogItem(entry),
        // Append-only: an entry is never overwritten.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }
}
