import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Attempts of a transaction that other transactions keep conflicting with, before the conflict is answered (409). */
const CONFLICT_ATTEMPTS = 3;

/**
 * True for a transaction that DynamoDB cancelled because another one touched the same items at the same
 * time (reason `TransactionConflict`, and no condition failed), or a single write that ran into a
 * transaction (`TransactionConflictException`). DynamoDB Local never produces either; real DynamoDB does.
 * Nothing was written: trying again is safe.
 */
export function isTransactionConflict(error: unknown): boolean {
  if ((error as Error | undefined)?.name === 'TransactionConflictException') return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}

/**
 * Sends a transaction, trying again (with jitter, so that colliding writers part) while it is cancelled
 * by a conflict. The SDK keeps one ClientRequestToken through its own retries of one attempt, so an
 * attempt whose answer was lost is not applied twice.
 * @throws the last conflict after CONFLICT_ATTEMPTS, or any other error at once.
 */
export async function transactWithConflictRetries(doc: DynamoDBDocumentClient, items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
      await sleep(Math.round(Math.random() * 25 * attempt));
    }
  }
}

/**
 * The item a cancelled transaction returned for the action at `index` (asked for with
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`), with its string attributes only, or undefined.
 */
export function returnedStrings(error: unknown, index: number): Record<string, string> | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const item = error.CancellationReasons?.[index]?.Item;
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).flatMap(([name, value]) => (value.S === undefined ? [] : [[name, value.S]])));
}
