import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimitStore } from '../core/ports/rate-limit-store.ts';

/** A window's counter stays a little past its end (TTL deletes it; nothing reads an old window). */
const KEEP_AFTER_WINDOW_SECONDS = 300;

/**
 * The rate-limit counters in the data table: one item per client and window (`RATE#<client>#<window>`),
 * raised with an atomic ADD. The count may run past the limit (a take that got less than it asked for
 * still adds); the grant is what was left below the limit before this take.
 */
export class DynamoRateLimitStore implements RateLimitStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async take(clientId: string, window: { index: number; endsAt: Date }, points: number, limit: number): Promise<number> {
    const { Attributes } = await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: `RATE#${clientId}#${window.index}`, sk: 'RATE' },
        UpdateExpression: 'ADD used :points SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ExpressionAttributeValues: {
          ':points': points,
          ':expiresAt': Math.floor(window.endsAt.getTime() / 1000) + KEEP_AFTER_WINDOW_SECONDS,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const usedBefore = Number(Attributes?.used ?? points) - points;
    return Math.max(0, Math.min(points, limit - usedBefore));
  }
}
