import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type components, createExchangeClient } from '../../clients/exchange/index.ts';
import { generateClientTypes, SCHEMA_FILE } from '../../scripts/generate-client.ts';
import { readmeMinimalCase } from '../../tools/walkthrough/walkthrough.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';

// The README's minimal case (the walk-through's, typed by the generated client: it compiles only if the
// document lets clients send it).
const readmeCase = readmeMinimalCase;

/** The README's minimal consultation request, typed the same way. */
const readmeConsultation: components['schemas']['ConsultationSubmission'] = {
  person: {
    familyName: 'Beispiel',
    givenNames: 'Omid',
    dateOfBirth: '1985-09-03',
    nationalities: ['AFG'],
    languages: ['fa'],
    interpreterRequired: false,
  },
  obligedToLeave: false,
  topics: ['voluntary_return'],
  preferredChannel: 'phone',
  consent: { dataTransfer: true, signedOn: '2026-11-20' },
};

describe('the generated typed client (openapi-typescript + openapi-fetch)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is in step with the OpenAPI document (run `npm run generate:client` after changing a schema or route)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await generateClientTypes());
  }, 60_000);

  it('hands over the README minimal case, reads it back and sees a replay, over HTTP', async () => {
    const municipality = createExchangeClient(t.base, await t.token('abh-03101'));
    const key = crypto.randomUUID();
    const body = readmeCase(`ABH-2026-${key.slice(0, 8)}`);
    const first = await municipality.POST('/v1/cases', { params: { header: { 'idempotency-key': key } }, body });
    expect(first.response.status).toBe(201);
    expect(first.data).toMatchObject({ status: 'queued', centre: 'braunschweig', municipality: '03101' });
    const id = first.data?.id as string;

    const read = await municipality.GET('/v1/cases/{id}', { params: { path: { id } } });
    expect(read.data?.person?.familyName).toBe('Beispiel');

    const replay = await municipality.POST('/v1/cases', { params: { header: { 'idempotency-key': key } }, body });
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data?.id).toBe(id);
  });

  it('types what a client sends with defaults optional, and what it reads back with them present (checked by tsc)', async () => {
    // The sender may leave signedBy out; the answer always has it (zod's input and output sides).
    expectTypeOf<components['schemas']['Consent']['signedBy']>().toEqualTypeOf<'person' | 'guardian' | undefined>();
    expectTypeOf<NonNullable<components['schemas']['Case']['consent']>['signedBy']>().toEqualTypeOf<'person' | 'guardian'>();
    const municipality = createExchangeClient(t.base, await t.token('abh-03404'));
    const created = await municipality.POST('/v1/consultations', {
      params: { header: { 'idempotency-key': crypto.randomUUID() } },
      body: readmeConsultation,
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.consent?.signedBy).toBe('person');
  });

  it('gives the problem+json of a refusal as the typed error', async () => {
    const centre = createExchangeClient(t.base, await t.token('centre-braunschweig'));
    const answer = await centre.GET('/v1/cases/{id}', { params: { path: { id: 'no-such-case' } } });
    expect(answer.response.status).toBe(404);
    expect(answer.error).toMatchObject({ type: '/problems/not-found', status: 404 });
  });
});
