import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../support/fixtures.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import {
  baseBody,
  bodyOf,
  contentType,
  headerValue,
  idempotencyKey,
  json,
  KINDS,
  type Kind,
  markers,
  mutation,
  PATHS,
} from './arbitraries.ts';

/**
 * Fuzzing the whole app in process (app.request, real stores): 10,000 generated requests per run,
 * bodies, headers and paths. Whatever arrives, the answer is never a 5xx, every error is problem+json,
 * and no error quotes the personal data that was sent.
 */
const RUNS = { bodies: 6_000, headers: 2_000, paths: 2_000 };
/** About 25 s in all on an idle machine; the limit leaves room for a machine busy with other suites. */
const LIMIT_MS = 120_000;
const CLIENTS = ['abh-03101', 'abh-03404', 'centre-braunschweig', 'admin'] as const;

interface Sent {
  status: number;
  text: string;
  type: string | null;
}

describe('fuzzing the HTTP edge', () => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  const seen = { requests: 0 };
  beforeAll(async () => {
    t = await createTestApp();
    for (const client of CLIENTS) tokens.set(client, await t.token(client));
  });
  afterAll(async () => {
    await t.close();
    expect(seen.requests).toBeGreaterThanOrEqual(RUNS.bodies + RUNS.headers + RUNS.paths);
  });

  async function send(
    path: string,
    init: { method: string; headers: Record<string, string | undefined>; body?: string | Uint8Array },
  ): Promise<Sent> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(init.headers)) if (value !== undefined) headers.set(name, value);
    const bodyAllowed = init.method !== 'GET' && init.method !== 'HEAD';
    const request = new Request(new URL(path, 'http://localhost'), {
      method: init.method,
      headers,
      ...(bodyAllowed && init.body !== undefined ? { body: init.body } : {}),
    });
    const response = await t.app.request(request);
    seen.requests += 1;
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  }

  function check(sent: Sent, method: string, personal: string[]) {
    expect(sent.status, sent.text.slice(0, 200)).toBeLessThan(500);
    if (sent.status < 400) return;
    if (method !== 'HEAD') {
      expect(sent.type).toBe('application/problem+json');
      const problem = JSON.parse(sent.text) as { type: string; status: number; title: string };
      expect(problem).toMatchObject({ status: sent.status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
    }
    for (const value of personal) expect(sent.text).not.toContain(value);
    expect(sent.text).not.toMatch(/at .*\.ts:\d+/);
  }

  it(
    `answers ${RUNS.bodies} generated bodies without a 5xx, with problem+json and without echoing personal data`,
    async () => {
      // The bodies of one kind share their structure: each kind's mutations are built once, on a template.
      const template = (kind: Kind) => bodyOf(kind, ['Qa', 'Qb', 'Qc', 'Qd', 'Qe']);
      const request = fc.oneof(
        ...KINDS.map((kind) =>
          fc.record({
            kind: fc.constant(kind),
            markers,
            change: mutation(template(kind)),
            // Municipalities write; other roles are refused before the body matters (the header and path runs cover them).
            client: fc.constantFrom('abh-03101', 'abh-03101', 'abh-03101', 'abh-03404'),
            type: contentType,
            key: idempotencyKey,
            id: fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9%._~-]{1,80}$/)),
          }),
        ),
      );
      await fc.assert(
        fc.asyncProperty(request, async ({ kind, markers: m, change, client, type, key, id }) => {
          const path = PATHS[kind].replace('{id}', encodeURIComponent(id));
          const headers = { Authorization: `Bearer ${tokens.get(client)}`, 'Content-Type': type, 'Idempotency-Key': key };
          check(await send(path, { method: 'POST', headers, body: change(bodyOf(kind, m)) }), 'POST', m);
        }),
        { numRuns: RUNS.bodies },
      );
    },
    LIMIT_MS,
  );

  it(
    `answers ${RUNS.headers} generated header sets without a 5xx and with problem+json`,
    async () => {
      const names = fc.constantFrom('Content-Type', 'Idempotency-Key', 'X-Request-Id', 'Accept', 'Content-Length', 'X-Filler', 'Cookie');
      // Mostly a valid municipality token, so the other headers matter; refusals (401, 403) write to the
      // exchange log, and the path run covers them.
      const authorization = fc.oneof(
        { weight: 8, arbitrary: fc.constant(`Bearer ${tokens.get('abh-03101')}`) },
        { weight: 1, arbitrary: fc.constantFrom(...CLIENTS.map((client) => `Bearer ${tokens.get(client)}`)) },
        { weight: 1, arbitrary: fc.oneof(fc.constant(undefined), headerValue) },
      );
      const request = fc.record({
        base: baseBody,
        // Writes (with one unknown field, so nothing is stored) and unsupported methods: reads and
        // stored cases would measure the store, not the headers.
        method: fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'DELETE'),
        authorization,
        extra: fc.dictionary(names, headerValue, { maxKeys: 4 }),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ base, method, authorization, extra }) => {
          const headers = {
            Authorization: authorization,
            'Content-Type': 'application/json',
            ...extra,
          };
          check(
            await send(base.path.replace('{id}', crypto.randomUUID()), {
              method,
              headers,
              body: json({ ...(base.body as Record<string, Json>), unknownField: true }),
            }),
            method,
            base.markers,
          );
        }),
        { numRuns: RUNS.headers },
      );
    },
    LIMIT_MS,
  );

  it(
    `answers ${RUNS.paths} generated paths and queries without a 5xx and with problem+json`,
    async () => {
      const segment = fc.oneof(
        fc.uuid(),
        fc.stringMatching(/^[A-Za-z0-9._~-]{1,100}$/),
        fc.constantFrom('%ED%A0%80', '%00', '%', '%E0%A4%A', '..', '.', '%2F', '\u00e4', 'Q%C3%BCller', '%F0%9F%98%80'),
      );
      const query = fc.oneof(
        fc.constant(''),
        fc
          .record(
            {
              limit: fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.string({ maxLength: 5 })),
              status: fc.constantFrom('queued', 'withdrawn', 'nope', ''),
              municipalReference: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.constant('ABH-2026-0001')),
              cursor: fc.oneof(fc.string({ maxLength: 60 }), fc.base64String({ maxLength: 200 })),
            },
            { requiredKeys: [] },
          )
          .map((params) => `?${new URLSearchParams(params as Record<string, string>).toString()}`),
        fc.constantFrom('?limit=%ED%A0%80', '?municipalReference=%FF', '?cursor=%00'),
      );
      const path = fc.oneof(
        fc.tuple(fc.constantFrom('cases', 'consultations'), segment).map(([c, id]) => `/v1/${c}/${id}`),
        fc.tuple(fc.constantFrom('cases', 'consultations'), segment).map(([c, id]) => `/v1/${c}/${id}/withdraw`),
        fc.tuple(fc.constantFrom('cases', 'consultations'), query).map(([c, q]) => `/v1/${c}${q}`),
        fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
        fc
          .tuple(
            fc.constantFrom('centres/braunschweig/work/lease', 'events', 'audit', 'admin/status', 'problems/validation', 'docs'),
            query,
          )
          .map(([p, q]) => `/v1/${p}${q}`),
      );
      const request = fc.record({
        path,
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        client: fc.constantFrom(...CLIENTS),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ path: p, method, client }) => {
          const headers = {
            Authorization: `Bearer ${tokens.get(client)}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': crypto.randomUUID(),
          };
          check(await send(p, { method, headers, body: JSON.stringify({ reason: 'Qfuzzreason' }) }), method, ['Qfuzzreason']);
        }),
        { numRuns: RUNS.paths },
      );
    },
    LIMIT_MS,
  );
});
