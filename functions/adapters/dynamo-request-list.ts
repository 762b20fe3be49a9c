import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { referenceKey } from '../../schemas/municipal-reference.ts';
import type { ListQuery } from '../core/ports/request-store.ts';
import type { RequestMeta } from '../core/requests/request.ts';
import { metaOf } from './dynamo-request-items.ts';

/** Items a list call reads at most (before its filter) to fill a page; then it answers with a cursor. */
export const LIST_EVALUATION_BUDGET = 200;

/**
 * A page of requests, newest first, through the owner index (a municipality's) or the assignee index (a
 * centre's), filtered by status and file number. Bounded work per call: a filtered page reads at most
 * {@link LIST_EVALUATION_BUDGET} items and then answers with a cursor, perhaps with fewer (or no) items.
 */
export async function listRequests(
  doc: DynamoDBDocumentClient,
  table: string,
  query: ListQuery,
): Promise<{ items: RequestMeta[]; after?: unknown }> {
  const byOwner = 'municipality' in query.owner;
  const partition = byOwner
    ? `OWNER#${(query.owner as { municipality: string }).municipality}#${query.kind}`
    : `ASSIGNEE#${(query.owner as { centre: string }).centre}#${query.kind}`;
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':p': partition };
  if (query.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = query.status;
  }
  if (query.municipalReference) {
    filters.push('referenceKey = :ref');
    values[':ref'] = referenceKey(query.municipalReference);
  }
  const index = byOwner ? { name: 'byOwner', pk: 'gsi1pk', sk: 'gsi1sk' } : { name: 'byAssignee', pk: 'gsi2pk', sk: 'gsi2sk' };
  const filtered = filters.length > 0;
  const items: RequestMeta[] = [];
  let after = query.after as Record<string, unknown> | undefined;
  let evaluated = 0;
  // A filter applies after Limit, so a filtered page reads up to the whole budget and keeps what matches;
  // when the budget is spent the page ends (perhaps empty) with a cursor: bounded work per call.
  do {
    const input: QueryCommandInput = {
      TableName: table,
      IndexName: index.name,
      KeyConditionExpression: `${index.pk} = :p`,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: filtered ? LIST_EVALUATION_BUDGET - evaluated : query.limit - items.length,
      ...(filtered ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(after ? { ExclusiveStartKey: after } : {}),
    };
    const page = await doc.send(new QueryCommand(input));
    evaluated += page.ScannedCount ?? page.Items?.length ?? 0;
    after = page.LastEvaluatedKey;
    for (const [i, item] of (page.Items ?? []).entries()) {
      items.push(metaOf(item));
      if (items.length === query.limit) {
        // More matched than the page holds: continue after the last one kept.
        if (i < (page.Items?.length ?? 0) - 1) after = { pk: item.pk, sk: item.sk, [index.pk]: item[index.pk], [index.sk]: item[index.sk] };
        break;
      }
    }
  } while (after && items.length < query.limit && evaluated < LIST_EVALUATION_BUDGET);
  return { items, ...(after ? { after } : {}) };
}
