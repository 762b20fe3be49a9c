import { createHmac, randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { refusalKeyText, windowStart } from '../core/audit/refusal-window.ts';
import type { ExchangeLog, ExchangeLogEntry, RefusalSource } from '../core/ports/exchange-log.ts';
import { auditKeys } from './dynamo-audit-keys.ts';

/**
 * The item of a log entry, unsequenced, in a sharded inbox partition; also put inside business
 * transactions, so an exchange and its entry commit together. The sequencer chains it later.
 */
export function exchangeLogItem(entry: ExchangeLogEntry): Record<string, unknown> {
  return { ...auditKeys.inbox(entry), ...entry };
}

const isConditionFailure = (error: unknown) =>
  ['ConditionalCheckFailedException', 'TransactionCanceledException'].includes((error as Error).name);

/**
 * Append-only writes to the exchange log: entries into the inbox (the sequencer chains them), and
 * refusals bounded by source and window: the first one is an entry at once; its repeats only increment
 * one counter item, which the sequencer turns into one entry with a `count` when the window closed.
 * A flood of refused calls thus costs one small write each and two entries per source and minute.
 */
export class DynamoExchangeLog implements ExchangeLog {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #digest: (text: string) => string;

  /**
   * @param options.digest keyed hash (HMAC-SHA-256, hex) of refusal sources: a caller's address is
   *   personal data, so only its digest is stored. Without one, a random per-process key is used.
   */
  constructor(doc: DynamoDBDocumentClient, table: string, options: { digest?: (text: string) => string } = {}) {
    this.#doc = doc;
    this.#table = table;
    const key = randomBytes(32);
    this.#digest = options.digest ?? ((text) => createHmac('sha256', key).update(text).digest('hex'));
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

  async refuse(entry: ExchangeLogEntry, source: RefusalSource): Promise<void> {
    const key = this.#digest(refusalKeyText(entry, source));
    const window = windowStart(entry.at);
    const counter = auditKeys.refusals(window, key);
    if (await this.#countRepeat(counter, entry)) return;
    const logged: ExchangeLogEntry =
      'address' in source
        ? { ...entry, details: { ...entry.details, source: this.#digest(`address:${source.address}`).slice(0, 16) } }
        : entry;
    const { id: _id, at: _at, requestId: _requestId, ...template } = logged;
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...counter, template, window, repeats: 0 },
                // The first refusal of this source in this window: a second writer finds it and counts instead.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.#table, Item: exchangeLogItem(logged), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error) || !(await this.#countRepeat(counter, entry))) throw error;
    }
  }

  /** Counts a repeat into the window's counter; false when the window has no counter yet. */
  async #countRepeat(counter: { pk: string; sk: string }, entry: ExchangeLogEntry): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: counter,
          UpdateExpression:
            'ADD repeats :one SET lastAt = :at, lastRequestId = :rid, firstAt = if_not_exists(firstAt, :at), firstRequestId = if_not_exists(firstRequestId, :rid)',
          // Only an existing counter: the first refusal of a window is written as an entry of its own.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1, ':at': entry.at, ':rid': entry.requestId },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
