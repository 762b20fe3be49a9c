import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainedEntry } from '../../functions/core/audit/chained-entry.ts';
import type { TestApp } from './runtime.ts';

/** Runs the sequencer as the background pass does, and publishes a checkpoint of the new head. */
export async function sequence(t: TestApp) {
  return t.services.sequencer.pass({ checkpoint: 'now' });
}

/**
 * Every item of an audit table whose partition key starts with `prefix` (`INBOX#`: written, not yet
 * chained; `CHAIN#`: chained), over all pages of the scan. Takes a client and table of its own, so that
 * it can read the stores of a separate server process too.
 */
export async function auditItems(
  doc: DynamoDBDocumentClient,
  table: string,
  prefix: 'INBOX#' | 'CHAIN#',
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':prefix': prefix },
        ConsistentRead: true,
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * Runs the sequencer until its inbox is empty, i.e. every entry written so far is chained (the repeats
 * of a refusal wait for their window to close and are not waited for). Answers the entries it chained.
 * @throws Error when entries are still unchained after `rounds` passes.
 */
export async function sequenceAll(t: TestApp, rounds = 20): Promise<number> {
  const table = t.runtime.resources.tables.audit.name;
  let sequenced = 0;
  for (let round = 0; round < rounds; round++) {
    sequenced += (await sequence(t)).sequenced;
    if ((await auditItems(t.runtime.clients.doc, table, 'INBOX#')).length === 0) return sequenced;
  }
  throw new Error(`exchange-log entries still unchained after ${rounds} sequencer passes`);
}

/** GET /v1/audit as the admin, every page, with the given filters. */
export async function auditEntries(t: TestApp, filters: Record<string, string> = {}): Promise<ChainedEntry[]> {
  const entries: ChainedEntry[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...filters, limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await t.call('admin', `/v1/audit?${query}`);
    if (response.status !== 200) throw new Error(`GET /v1/audit answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { items: ChainedEntry[]; nextCursor: string | null };
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

export interface Verification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  problem: string | null;
  headSeq: number;
  checkpointsMatched: number;
}

/** GET /v1/audit/verify as the admin. */
export async function verifyLog(t: TestApp): Promise<Verification> {
  const response = await t.call('admin', '/v1/audit/verify');
  if (response.status !== 200) throw new Error(`GET /v1/audit/verify answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Verification;
}
