import type { ChainedEntry } from '../../functions/core/audit/chained-entry.ts';
import type { TestApp } from './runtime.ts';

/** Runs the sequencer as the background pass does, and publishes a checkpoint of the new head. */
export async function sequence(t: TestApp) {
  return t.services.sequencer.pass({ checkpoint: 'now' });
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
