import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_EVALUATION_BUDGET, metaItem } from '../../../functions/adapters/dynamo-request-store.ts';
import type { RequestMeta } from '../../../functions/core/requests/request.ts';
import { type AwsCallCounter, countAwsCalls } from '../../support/aws-calls.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

const CASES = 300;

/** A case skeleton of Stadt Braunschweig created `minutesAgo` ago (the list reads only the skeleton). */
function skeleton(n: number): RequestMeta {
  const at = new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();
  return {
    kind: 'case',
    id: `bounded-${String(n).padStart(4, '0')}`,
    status: 'queued',
    municipality: '03101',
    centre: 'braunschweig',
    routing: { centre: 'braunschweig', rule: 'authority-default', policyVersion: 'test' },
    municipalReference: `ABH-BOUNDED-${n}`,
    createdAt: at,
    updatedAt: at,
    personalDataExpiresAt: '2027-11-01T00:00:00.000Z',
    personalDataErased: false,
    version: 1,
  };
}

describe('lists do bounded work per call', () => {
  let t: TestApp;
  let calls: AwsCallCounter;
  beforeAll(async () => {
    t = await createTestApp();
    const items = Array.from({ length: CASES }, (_, n) => metaItem(skeleton(n)));
    for (let i = 0; i < items.length; i += 25) {
      await t.runtime.clients.doc.send(
        new BatchWriteCommand({
          RequestItems: { [t.runtime.resources.tables.data.name]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    }
    calls = countAwsCalls(t.runtime.clients);
  });
  afterAll(() => t.close());

  const page = async (query: string) => {
    const response = await t.call('abh-03101', `/v1/cases?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
  };

  it('answers a filter that matches nothing with one query per page and a cursor, not one query per case', async () => {
    calls.reset();
    const first = await page('limit=1&municipalReference=ABH-NO-SUCH-FILE');
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    expect(calls.counts()).toEqual({ Query: 1 });
    const second = await page(`limit=1&municipalReference=ABH-NO-SUCH-FILE&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second).toEqual({ items: [], nextCursor: null });
    // 300 cases, a budget of LIST_EVALUATION_BUDGET per call: two calls, two queries in all.
    expect(CASES).toBeGreaterThan(LIST_EVALUATION_BUDGET);
    expect(calls.counts()).toEqual({ Query: 2 });
  });

  it('finds a match past the budget by following the cursor, and pages a filter without skipping', async () => {
    let cursor: string | null = null;
    const found: string[] = [];
    do {
      const next: { items: { id: string }[]; nextCursor: string | null } = await page(
        `limit=1&municipalReference=ABH-BOUNDED-7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      found.push(...next.items.map((i) => i.id));
      cursor = next.nextCursor;
    } while (cursor);
    expect(found).toEqual(['bounded-0007']);
  });

  it('pages through everything newest first when nothing is filtered', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const next: { items: { id: string }[]; nextCursor: string | null } = await page(
        `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      ids.push(...next.items.map((i) => i.id));
      cursor = next.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(CASES);
    expect(ids[0]).toBe('bounded-0299');
    expect(new Set(ids).size).toBe(CASES);
  });

  it('keeps the cursor after the last item it answered when a filtered read matched more than the page holds', async () => {
    const first = await page('limit=2&status=queued');
    expect(first.items.map((i) => i.id)).toEqual(['bounded-0299', 'bounded-0298']);
    const second = await page(`limit=2&status=queued&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.items.map((i) => i.id)).toEqual(['bounded-0297', 'bounded-0296']);
  });
});
