import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusChangeSchema, TransferSchema } from '../../../schemas/lifecycle.ts';
import { ListQuerySchema } from '../../../schemas/requests.ts';
import { AckRequestSchema, ExtendRequestSchema, LeaseRequestSchema, ReleaseRequestSchema } from '../../../schemas/work.ts';
import { created, minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** Invalid inputs this file sends: with the submission fuzzing of the edge tests, the suite sends well over 10,000 per run. */
const RUNS_PER_TARGET = 1_500;
const TARGETS = 7;

/** JSON values that the schema refuses: random values, and the valid shape with one field broken. */
function invalidFor(schema: { safeParse(v: unknown): { success: boolean } }, fields: Record<string, fc.Arbitrary<unknown>>) {
  const broken = fc.record(
    Object.fromEntries(Object.keys(fields).map((k) => [k, fc.oneof(fields[k] as fc.Arbitrary<unknown>, fc.jsonValue())])),
    {
      requiredKeys: [],
    },
  );
  return fc.oneof(fc.jsonValue(), broken, fc.dictionary(fc.string(), fc.jsonValue())).filter((v) => !schema.safeParse(v).success);
}

/**
 * Volume of bad input against the centre-work, lifecycle and list endpoints (the submission bodies are
 * fuzzed by the edge tests): every answer is a 4xx problem+json for the caller's mistake, never a 5xx.
 */
describe('invalid input, in volume, is always a clear 4xx', { timeout: 300_000 }, () => {
  let t: TestApp;
  let caseId: string;
  let sent = 0;
  beforeAll(async () => {
    t = await createTestApp();
    caseId = (await created(t, 'abh-03101', '/v1/cases', minimalCase())).id;
  });
  afterAll(() => t.close());

  async function expectRefused(clientId: string, path: string, init: RequestInit, statuses: number[]) {
    sent++;
    const response = await t.call(clientId, path, init);
    if (!statuses.includes(response.status))
      throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    await response.arrayBuffer();
  }

  const post = (clientId: string, path: string) => async (body: unknown) =>
    // 422 for a body that breaks the schema; 400 where the JSON edge refuses it first (e.g. a `__proto__` member).
    expectRefused(clientId, path, { method: 'POST', body: JSON.stringify(body) }, [400, 422]);
  const work = (action: string) => `/v1/centres/braunschweig/work/${action}`;
  const tokens = fc.oneof(
    fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    fc.array(fc.string(), { minLength: 101, maxLength: 120 }),
    fc.jsonValue(),
  );
  const seconds = fc.oneof(fc.integer({ min: -10_000, max: 29 }), fc.integer({ min: 44_000 }), fc.double({ noInteger: true }), fc.string());
  const options = { numRuns: RUNS_PER_TARGET, seed: 912 };

  it('refuses lease options outside the contract', async () => {
    const lease = post('centre-braunschweig', work('lease'));
    await fc.assert(
      fc.asyncProperty(invalidFor(LeaseRequestSchema, { max: seconds, leaseSeconds: seconds, waitSeconds: seconds }), lease),
      options,
    );
  });

  it('refuses ack, release and extend bodies that are not lists of lease tokens with valid options', async () => {
    await fc.assert(
      fc.asyncProperty(invalidFor(AckRequestSchema, { leaseTokens: tokens }), post('centre-braunschweig', work('ack'))),
      options,
    );
    await fc.assert(
      fc.asyncProperty(
        invalidFor(ReleaseRequestSchema, { leaseTokens: tokens, delaySeconds: seconds }),
        post('centre-braunschweig', work('release')),
      ),
      options,
    );
    await fc.assert(
      fc.asyncProperty(
        invalidFor(ExtendRequestSchema, { leaseTokens: tokens, leaseSeconds: seconds }),
        post('centre-braunschweig', work('extend')),
      ),
      options,
    );
  });

  it('refuses status reports and transfers that break the schema', async () => {
    const status = fc.oneof(fc.string(), fc.constantFrom('queued', 'withdrawn', 'appointment_scheduled'));
    await fc.assert(
      fc.asyncProperty(
        invalidFor(StatusChangeSchema, { status, note: fc.string({ minLength: 501, maxLength: 600 }), appointmentAt: fc.string() }),
        post('centre-braunschweig', `/v1/cases/${caseId}/status`),
      ),
      options,
    );
    await fc.assert(
      fc.asyncProperty(
        invalidFor(TransferSchema, { centre: fc.string(), reason: fc.constant('') }),
        post('centre-braunschweig', `/v1/cases/${caseId}/transfer`),
      ),
      options,
    );
  });

  it('refuses list queries with a bad limit, status or cursor', async () => {
    const query = fc
      .record(
        {
          limit: fc.oneof(fc.integer({ min: 101 }), fc.integer({ max: 0 }), fc.string({ minLength: 1 })),
          status: fc.string({ minLength: 1 }),
          cursor: fc.string({ minLength: 1 }),
        },
        { requiredKeys: [] },
      )
      .filter((q) => Object.keys(q).length > 0 && !ListQuerySchema.safeParse(q).success);
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const search = new URLSearchParams(q as Record<string, string>);
        await expectRefused('abh-03101', `/v1/cases?${search}`, {}, [400, 422]);
      }),
      options,
    );
  });

  it('sent at least its share of invalid inputs', () => {
    expect(sent).toBeGreaterThanOrEqual(RUNS_PER_TARGET * TARGETS);
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });
});
