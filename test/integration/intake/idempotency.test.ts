import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, minimalCase, minimalConsultation, scanTable, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const idempotencyItem = (clientId: string, key: string) =>
    t.runtime.clients.doc.send(
      new GetCommand({ TableName: t.runtime.resources.tables.data.name, Key: { pk: `IDEMP#${clientId}#${key}`, sk: 'IDEMP' } }),
    );

  it('is required: a create without it is a 400 and creates nothing', async () => {
    const response = await t.call('abh-03101', '/v1/cases', { method: 'POST', body: JSON.stringify(minimalCase()) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: '/problems/idempotency-key-missing' });
    const tooLong = await submit(t, 'abh-03101', '/v1/cases', minimalCase(), 'k'.repeat(256));
    expect(tooLong.status).toBe(400);
  });

  it('replays the same body (compared canonically) with 201, the same resource and Idempotent-Replayed', async () => {
    const key = crypto.randomUUID();
    const body = minimalCase();
    const first = await submit(t, 'abh-03101', '/v1/cases', body, key);
    expect(first.status).toBe(201);
    const original = (await first.json()) as Json;
    // Same JSON, other key order and whitespace: RFC 8785 makes them one body.
    const reordered = JSON.stringify(
      {
        contact: body.contact,
        consent: body.consent,
        residence: body.residence,
        person: body.person,
        municipalReference: body.municipalReference,
      },
      null,
      2,
    );
    const replay = await t.call('abh-03101', '/v1/cases', { method: 'POST', body: reordered, headers: { 'Idempotency-Key': key } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(`/v1/cases/${original.id}`);
    expect(((await replay.json()) as Json).id).toBe(original.id);
    const cases = (await scanTable(t, 'data')).filter((i) => i.sk === 'META' && i.municipalReference === body.municipalReference);
    expect(cases).toHaveLength(1);
  });

  it('refuses the same key with a different body with 422', async () => {
    const key = crypto.randomUUID();
    expect((await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key)).status).toBe(201);
    const other = await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key);
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ type: '/problems/idempotency-key-reused' });
    const elsewhere = await submit(t, 'abh-03101', '/v1/consultations', minimalConsultation(), key);
    expect(elsewhere.status).toBe(422);
  });

  it('answers 409 while the first request with the key is still being processed', async () => {
    const key = crypto.randomUUID();
    const body = minimalCase();
    // A first request that has claimed the key and not finished (as a slow or crashed instance leaves it).
    const { default: canonicalize } = await import('canonicalize');
    const { createHmac } = await import('node:crypto');
    const hash = createHmac('sha256', t.runtime.keys.payloadHmac)
      .update(canonicalize(body) ?? '')
      .digest('hex');
    const claim = await t.services.store.claimIdempotencyKey({ clientId: 'abh-03101', key }, hash, new Date());
    expect(claim.acquired).toBe(true);
    const concurrent = await submit(t, 'abh-03101', '/v1/cases', body, key);
    expect(concurrent.status).toBe(409);
    expect(await concurrent.json()).toMatchObject({ type: '/problems/idempotency-in-progress' });
    const different = await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key);
    expect(different.status).toBe(422);
  });

  it('does not use up the key on a refused request', async () => {
    const key = crypto.randomUUID();
    const invalid = await submit(
      t,
      'abh-03101',
      '/v1/cases',
      minimalCase({ consent: { dataTransfer: false, signedOn: '2026-11-20' } }),
      key,
    );
    expect(invalid.status).toBe(422);
    const duplicateBody = minimalCase();
    expect((await submit(t, 'abh-03101', '/v1/cases', duplicateBody)).status).toBe(201);
    const twin = await submit(t, 'abh-03101', '/v1/cases', duplicateBody, key);
    expect(twin.status).toBe(409);
    expect((await idempotencyItem('abh-03101', key)).Item).toBeUndefined();
    expect((await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key)).status).toBe(201);
  });

  it('is scoped to the client: another authority may use the same key', async () => {
    const key = crypto.randomUUID();
    const a = await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key);
    const b = await submit(t, 'abh-03404', '/v1/cases', minimalCase(), key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it('stores only the body hash, status and resource id, and expires after at least 24 hours', async () => {
    const key = crypto.randomUUID();
    const created = (await (await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key)).json()) as Json;
    const { Item } = await idempotencyItem('abh-03101', key);
    expect(Object.keys(Item ?? {}).sort()).toEqual(['bodyHash', 'expiresAt', 'kind', 'pk', 'resourceId', 'sk', 'status']);
    expect(Item).toMatchObject({ status: 'completed', resourceId: created.id });
    expect(JSON.stringify(Item)).not.toContain('Beispiel');
    expect(Number(Item?.expiresAt) - Date.now() / 1000).toBeGreaterThanOrEqual(24 * 3600 - 60);
  });

  it('treats an expired record as gone even before TTL deletes it', async () => {
    const key = crypto.randomUUID();
    const first = (await (await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key)).json()) as Json;
    await t.runtime.clients.doc.send(
      new UpdateCommand({
        TableName: t.runtime.resources.tables.data.name,
        Key: { pk: `IDEMP#abh-03101#${key}`, sk: 'IDEMP' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 60 },
      }),
    );
    const again = await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as Json).id).not.toBe(first.id);
  });
});
