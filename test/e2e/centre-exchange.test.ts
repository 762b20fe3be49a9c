import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../functions/core/centres.ts';
import { minimalCase, minimalConsultation } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';

/** The three authorities of the run and the centre the routing table gives each. */
const municipalities = [
  { client: 'abh-03101', centre: 'braunschweig' },
  { client: 'abh-03404', centre: 'osnabrueck' },
  { client: 'abh-03241', centre: 'braunschweig' },
] as const;
const PER_MUNICIPALITY = 50;

interface Submitted {
  id: string;
  kind: 'cases' | 'consultations';
  municipality: string;
  centre: Centre;
  withdrawn: boolean;
}

interface Processed {
  centre: Centre;
  workId: string;
  type: string;
  subjectId: string;
}

describe('end to end over HTTP: three municipalities, two centre workers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A real HTTP call to the served app, with a real token. */
  async function http(clientId: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${t.base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await t.token(clientId)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /**
   * A centre worker as a centre system would write it: lease, skip workIds it has processed, report the
   * case as completed once it has it, ack. Several loops of one centre run at once.
   */
  async function worker(centre: Centre, processed: Processed[], done: () => boolean) {
    const seen = new Set<string>();
    while (!done()) {
      const lease = await http(`centre-${centre}`, 'POST', `/v1/centres/${centre}/work/lease`, {
        max: 10,
        leaseSeconds: 60,
        waitSeconds: 1,
      });
      expect(lease.status).toBe(200);
      const items = lease.body.items as { workId: string; leaseToken: string; type: string; subject: { type: string; id: string } }[];
      for (const item of items) {
        if (seen.has(item.workId)) continue; // a redelivery: processed already
        seen.add(item.workId);
        processed.push({ centre, workId: item.workId, type: item.type, subjectId: item.subject.id });
      }
      if (items.length === 0) continue;
      const ack = await http(`centre-${centre}`, 'POST', `/v1/centres/${centre}/work/ack`, { leaseTokens: items.map((i) => i.leaseToken) });
      expect(ack.status).toBe(200);
      for (const item of items.filter((i) => i.type.endsWith('.submitted'))) {
        const collection = item.subject.type === 'case' ? 'cases' : 'consultations';
        const status = await http(`centre-${centre}`, 'POST', `/v1/${collection}/${item.subject.id}/status`, { status: 'completed' });
        // A request the municipality withdrew meanwhile is final: 409 is the right answer then.
        expect([200, 409]).toContain(status.status);
      }
    }
  }

  it('brings every request to exactly its centre, once, in order per subject, and each municipality sees the final status in its feed', async () => {
    // Three municipalities submit 50 requests each, concurrently; every fifth is withdrawn at once.
    const submitted: Submitted[] = (
      await Promise.all(
        municipalities.map(async ({ client, centre }) => {
          const own: Submitted[] = [];
          for (let i = 0; i < PER_MUNICIPALITY; i++) {
            const kind = i % 3 === 2 ? 'consultations' : 'cases';
            const body = kind === 'cases' ? minimalCase() : minimalConsultation();
            const created = await http(client, 'POST', `/v1/${kind}`, body, { 'Idempotency-Key': crypto.randomUUID() });
            expect(created.status).toBe(201);
            const withdrawn = i % 5 === 4;
            if (withdrawn) {
              const w = await http(client, 'POST', `/v1/${kind}/${created.body.id}/withdraw`, { reason: 'Aufenthaltserlaubnis erteilt' });
              expect(w.status).toBe(200);
            }
            own.push({ id: String(created.body.id), kind, municipality: client, centre, withdrawn });
          }
          return own;
        }),
      )
    ).flat();

    const processed: Processed[] = [];
    const expectedItems = submitted.length + submitted.filter((s) => s.withdrawn).length;
    const done = () => processed.length >= expectedItems;
    await Promise.race([
      Promise.all([
        worker('braunschweig', processed, done),
        worker('braunschweig', processed, done),
        worker('osnabrueck', processed, done),
        worker('osnabrueck', processed, done),
      ]),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`only ${processed.length} of ${expectedItems} items arrived`)), 120_000),
      ),
    ]);

    // Exactly its centre, exactly once as far as the centres can tell (each worker skips workIds it saw).
    const byWorkId = new Map<string, Processed[]>();
    for (const p of processed) byWorkId.set(p.workId, [...(byWorkId.get(p.workId) ?? []), p]);
    expect([...byWorkId.values()].filter((copies) => copies.length > 1)).toEqual([]);
    for (const s of submitted) {
      const items = processed.filter((p) => p.subjectId === s.id);
      expect(items.every((p) => p.centre === s.centre)).toBe(true);
      const types = items.map((p) => p.type.split('.')[1]);
      expect(types).toEqual(s.withdrawn ? ['submitted', 'withdrawn'] : ['submitted']);
    }

    // Each municipality's feed ends every request in its final status.
    for (const { client } of municipalities) {
      const own = submitted.filter((s) => s.municipality === client);
      const last = new Map<string, string>();
      let cursor: string | null = null;
      for (let page = 0; page < 100; page++) {
        const feed = await http(client, 'GET', `/v1/events${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(feed.status).toBe(200);
        for (const event of feed.body.items as { type: string; subject: { id: string }; status?: string }[]) {
          last.set(event.subject.id, event.status ?? event.type.split('.')[1] ?? '');
        }
        cursor = feed.body.nextCursor as string | null;
        // The feed keeps a cursor to resume from later: it is read through when a page comes back empty.
        if (!cursor || (feed.body.items as unknown[]).length === 0) break;
      }
      for (const s of own) expect(last.get(s.id), s.id).toBe(s.withdrawn ? 'withdrawn' : 'completed');
    }
  }, 240_000);
});
