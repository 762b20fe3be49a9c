import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, postChange, readFeed } from '../support/lifecycle.ts';
import { created, type Json, minimalCase, minimalConsultation } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { exchangeLogEntriesOf } from '../support/tokens.ts';

type Page = { items: { id: string }[] };

/** A problem body without its request id: what a caller could compare between two answers. */
async function problemOf(response: Response) {
  const { requestId: _requestId, ...rest } = (await response.json()) as Record<string, unknown>;
  return { status: response.status, ...rest };
}

describe.each([
  { kind: 'case', path: '/v1/cases', body: () => minimalCase() },
  { kind: 'consultation', path: '/v1/consultations', body: () => minimalConsultation() },
] as const)('tenant matrix: $path', ({ kind, path, body }) => {
  let t: TestApp;
  let own: Json; // owned by Stadt Braunschweig (03101), assigned to the Braunschweig centre
  beforeAll(async () => {
    t = await createTestApp();
    own = await created(t, 'abh-03101', path, body());
  });
  afterAll(() => t.close());

  const outsiders = ['abh-03404', 'abh-03241', 'centre-osnabrueck'];

  it('lets the owner and the assigned centre read it', async () => {
    for (const client of ['abh-03101', 'centre-braunschweig']) expect((await t.call(client, `${path}/${own.id}`)).status).toBe(200);
  });

  it('answers every other municipality and the other centre exactly as for an id that does not exist', async () => {
    for (const client of outsiders) {
      const hidden = await problemOf(await t.call(client, `${path}/${own.id}`));
      const unknown = await problemOf(await t.call(client, `${path}/00000000-0000-4000-8000-000000000000`));
      expect(hidden, client).toEqual(unknown);
      expect(hidden.status).toBe(404);
    }
  });

  it('keeps it out of every other tenant\u2019s list', async () => {
    for (const client of outsiders) {
      const page = (await (await t.call(client, `${path}?limit=100`)).json()) as Page;
      expect(
        page.items.map((i) => i.id),
        client,
      ).not.toContain(own.id);
    }
    const mine = (await (await t.call('centre-braunschweig', `${path}?limit=100`)).json()) as Page;
    expect(mine.items.map((i) => i.id)).toContain(own.id);
  });

  it('lets no other municipality withdraw it (404), and leaves it untouched', async () => {
    const response = await t.call('abh-03404', `${path}/${own.id}/withdraw`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'Versuch' }),
    });
    expect(response.status).toBe(404);
    expect(((await (await t.call('abh-03101', `${path}/${own.id}`)).json()) as Json).status).toBe('queued');
  });

  it('lets no other centre report a status or transfer it (404), and leaves it untouched', async () => {
    const delivered = await created(t, 'abh-03101', path, body());
    await deliver(t, delivered.id);
    const changes = [
      ['status', { status: 'in_counselling' }],
      ['transfer', { centre: 'braunschweig', reason: 'Versuch' }],
    ] as const;
    for (const [action, change] of changes) {
      const requestId = `tenant-probe-${crypto.randomUUID()}`;
      const response = await t.call('centre-osnabrueck', `${path}/${delivered.id}/${action}`, {
        method: 'POST',
        body: JSON.stringify(change),
        headers: { 'X-Request-Id': requestId },
      });
      expect(response.status, action).toBe(404);
      expect(await exchangeLogEntriesOf(t.runtime, requestId)).toEqual([
        expect.objectContaining({ outcome: 'denied', reason: 'other_tenant', action: `${path.slice(4)}.${action}` }),
      ]);
    }
    expect(await (await t.call('abh-03101', `${path}/${delivered.id}`)).json()).toMatchObject({
      status: 'delivered',
      centre: 'braunschweig',
    });
  });

  it('keeps its events out of every other municipality\u2019s feed', async () => {
    const withdrawn = await created(t, 'abh-03101', path, body());
    expect((await postChange(t, 'abh-03101', kind, withdrawn.id, 'withdraw', { reason: 'Ausgereist' })).status).toBe(200);
    expect((await readFeed(t, 'abh-03101')).events.map((e) => e.subject.id)).toContain(withdrawn.id);
    for (const client of ['abh-03404', 'abh-03241']) {
      expect((await readFeed(t, client)).events.map((e) => e.subject.id)).not.toContain(withdrawn.id);
    }
  });

  it('records tries on another tenant\u2019s request as denied, for the administrators to see', async () => {
    const requestId = `tenant-probe-${crypto.randomUUID()}`;
    await t.call('abh-03404', `${path}/${own.id}`, { headers: { 'X-Request-Id': requestId } });
    const entries = await exchangeLogEntriesOf(t.runtime, requestId);
    expect(entries).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        reason: 'other_tenant',
        action: `${kind === 'case' ? 'cases' : 'consultations'}.read`,
        subject: { type: kind, id: own.id },
        actor: expect.objectContaining({ clientId: 'abh-03404' }),
      }),
    ]);
  });
});
