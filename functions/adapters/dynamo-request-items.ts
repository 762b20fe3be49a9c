import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { referenceKey } from '../../schemas/municipal-reference.ts';
import type { IdempotencyScope } from '../core/ports/request-store.ts';
import type { RequestMeta } from '../core/requests/request.ts';

/** One action of a TransactWriteItems call. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The keys of a request's items in the data table. */
export const key = {
  request: (id: string) => `REQ#${id}`,
  idempotency: (scope: IdempotencyScope) => `IDEMP#${scope.clientId}#${scope.key}`,
  // The same file (equal after normalisation and case folding) is one key.
  reference: (municipality: string, reference: string) => `REF#${municipality}#${referenceKey(reference)}`,
};

/** A point in time as DynamoDB's TTL reads it: whole seconds since the epoch. */
export const epochSeconds = (date: Date | string) => Math.floor(new Date(date).getTime() / 1000);

/** The META item of a request: the skeleton, with the keys of the owner and assignee indexes. */
export function metaItem(meta: RequestMeta): Record<string, unknown> {
  const sort = `${meta.createdAt}#${meta.id}`;
  return {
    pk: key.request(meta.id),
    sk: 'META',
    ...meta,
    gsi1pk: `OWNER#${meta.municipality}#${meta.kind}`,
    gsi1sk: sort,
    gsi2pk: `ASSIGNEE#${meta.centre}#${meta.kind}`,
    gsi2sk: sort,
    // What the list filter compares: the file number normalised and case folded.
    ...(meta.municipalReference !== undefined ? { referenceKey: referenceKey(meta.municipalReference) } : {}),
  };
}

/** The request's metadata from its stored META item (the keys and index attributes taken off). */
export function metaOf(item: Record<string, unknown>): RequestMeta {
  const { pk: _pk, sk: _sk, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, referenceKey: _5, ...meta } = item;
  return meta as unknown as RequestMeta;
}

/** Which items of a cancelled transaction failed their condition. */
export function failedConditions(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}
