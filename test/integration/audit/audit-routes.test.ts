import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, sequence } from '../../support/audit.ts';
import { created, minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('GET /v1/audit, /v1/audit/verify and /v1/audit/export', () => {
  let t: TestApp;
  let early: string[];
  let late: string[];
  let mid: string;
  beforeAll(async () => {
    t = await createTestApp();
    early = [];
    for (let i = 0; i < 3; i++) early.push((await created(t, 'abh-03101', '/v1/cases', minimalCase())).id);
    await sleep(20);
    mid = new Date().toISOString();
    await sleep(20);
    late = [(await created(t, 'abh-03404', '/v1/cases', minimalCase())).id];
    await sequence(t);
  });
  afterAll(() => t.close());

  it('finds one subject\u2019s history, one actor\u2019s calls and one action, newest first', async () => {
    const history = await auditEntries(t, { subject: early[0] as string });
    // Newest first: the send after the commit; the two entries of the intake transaction share their time.
    expect(history.map((e) => e.action)[0]).toBe('work.send');
    expect(history.map((e) => e.action).sort()).toEqual(['cases.create', 'cases.route', 'work.send']);
    expect(history.every((e) => e.subject?.id === early[0])).toBe(true);
    const byActor = await auditEntries(t, { actor: 'abh-03404' });
    expect(byActor.length).toBeGreaterThanOrEqual(2);
    expect(byActor.every((e) => e.actor?.clientId === 'abh-03404')).toBe(true);
    const routes = await auditEntries(t, { action: 'cases.route' });
    expect(routes.map((e) => e.subject?.id).sort()).toEqual([...early, ...late].sort());
    expect(routes.map((e) => e.seq)).toEqual([...routes.map((e) => e.seq)].sort((a, b) => b - a));
    const combined = await auditEntries(t, { actor: 'abh-03101', action: 'cases.create', subject: early[1] as string });
    expect(combined).toHaveLength(1);
  });

  it('filters by time: from inclusive, to exclusive', async () => {
    const after = await auditEntries(t, { from: mid, action: 'cases.create' });
    expect(after.map((e) => e.subject?.id)).toEqual(late);
    const before = await auditEntries(t, { to: mid, action: 'cases.create' });
    expect(before.map((e) => e.subject?.id).sort()).toEqual([...early].sort());
    const window = await auditEntries(t, { from: '2000-01-01T00:00:00Z', to: mid, actor: 'abh-03101', action: 'cases.route' });
    expect(window).toHaveLength(3);
  });

  it('pages with sealed cursors that are bound to the query', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let other: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '2', ...(cursor ? { cursor } : {}) });
      const page = (await (await t.call('admin', `/v1/audit?${query}`)).json()) as { items: { seq: number }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
      other ??= cursor ?? undefined;
    } while (cursor);
    const head = Math.max(...seen);
    expect(seen).toEqual(Array.from({ length: head }, (_, i) => head - i));
    const misuse = await t.call('admin', `/v1/audit?action=cases.read&cursor=${encodeURIComponent(other ?? '')}`);
    expect(misuse.status).toBe(400);
    expect(await misuse.json()).toMatchObject({ type: '/problems/invalid-cursor' });
  });

  it('refuses bad filters with 422', async () => {
    for (const query of ['from=yesterday', 'limit=0', 'limit=101', 'action=DROP%20TABLE', 'actor=a%20b']) {
      const response = await t.call('admin', `/v1/audit?${query}`);
      expect(response.status, query).toBe(422);
    }
  });

  it('exports a time range as NDJSON, oldest first, and logs the export', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const response = await t.call('admin', `/v1/audit/export?from=${encodeURIComponent(mid)}&to=${encodeURIComponent(to)}`, {
      headers: { 'X-Request-Id': 'export-1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { at: string; action: string; hash: string });
    expect(lines.map((e) => e.action)).toEqual(expect.arrayContaining(['cases.create', 'cases.route', 'work.send']));
    expect(lines.every((e) => e.at >= mid && e.at < to && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(lines.map((e) => e.at)).toEqual([...lines.map((e) => e.at)].sort());
    await sequence(t);
    expect(await auditEntries(t, { action: 'audit.export' })).toEqual([
      expect.objectContaining({ requestId: 'export-1', actor: expect.objectContaining({ clientId: 'admin' }), details: { from: mid, to } }),
    ]);
  });

  it('refuses an export without a range, a reversed one and one over 366 days (422)', async () => {
    for (const query of [
      '',
      'from=2026-01-01T00:00:00Z',
      'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    ]) {
      expect((await t.call('admin', `/v1/audit/export?${query}`)).status, query).toBe(422);
    }
  });

  it('refuses the log to municipalities and centres (403) and shows the admin every tenant', async () => {
    for (const client of ['abh-03101', 'centre-braunschweig']) {
      for (const path of ['/v1/audit', '/v1/audit/verify', '/v1/audit/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z']) {
        const response = await t.call(client, path);
        expect(response.status, `${client} ${path}`).toBe(403);
      }
    }
    const actors = new Set((await auditEntries(t, { action: 'cases.create' })).map((e) => e.actor?.organisation));
    expect(actors).toEqual(new Set(['03101', '03404']));
  });

  it('lists the three routes in the OpenAPI document with their statuses', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, { get?: { responses: object } }> };
    expect(Object.keys(doc.paths['/v1/audit']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '422']));
    expect(Object.keys(doc.paths['/v1/audit/verify']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403']));
    expect(Object.keys(doc.paths['/v1/audit/export']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403', '422']));
  });
});
