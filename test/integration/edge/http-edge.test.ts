import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../support/problems.ts';
import { created, minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** The routes of the app and the methods each answers (HEAD wherever GET is). */
const ROUTES: Record<string, string[]> = {
  '/v1/cases': ['GET', 'HEAD', 'POST'],
  '/v1/cases/{id}': ['GET', 'HEAD'],
  '/v1/cases/{id}/withdraw': ['POST'],
  '/v1/consultations': ['GET', 'HEAD', 'POST'],
  '/v1/consultations/{id}': ['GET', 'HEAD'],
  '/v1/consultations/{id}/withdraw': ['POST'],
  '/health': ['GET', 'HEAD'],
  '/openapi.json': ['GET', 'HEAD'],
};
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** One HTTP/1.1 exchange over a keep-alive agent; resolves with status, headers and body. */
function exchange(agent: Agent, url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(url, { agent, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('HTTP edge', () => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    caseId = (await created(t, 'abh-03101', '/v1/cases', minimalCase())).id;
  });
  afterAll(() => t.close());

  it('answers DELETE /v1/cases/{id} with 405 and Allow: GET, HEAD', async () => {
    const response = await t.call('abh-03101', `/v1/cases/${caseId}`, { method: 'DELETE' });
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    await expectProblem(response, 405, '/problems/method-not-allowed');
  });

  it('answers every method a known path does not support with 405 and the methods it does in Allow', async () => {
    const pairs = Object.entries(ROUTES).flatMap(([path, allowed]) =>
      METHODS.filter((method) => !allowed.includes(method)).map((method) => ({ path, method, allowed })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...pairs),
        fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/),
        fc.boolean(),
        async ({ path, method, allowed }, id, withBody) => {
          const body = withBody && method !== 'GET' && method !== 'HEAD' ? JSON.stringify({ any: 'thing' }) : undefined;
          const response = await t.call('abh-03101', path.replace('{id}', id), { method, ...(body ? { body } : {}) });
          expect(response.status).toBe(405);
          expect(response.headers.get('allow')).toBe(allowed.join(', '));
          if (method !== 'HEAD') await expectProblem(response, 405, '/problems/method-not-allowed');
        },
      ),
      { numRuns: 120 },
    );
  });

  it('answers a path id longer than 64 characters with 404, as an unknown id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{65,300}$/), fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/)),
        fc.constantFrom('cases', 'consultations'),
        fc.boolean(),
        async (id, collection, withdraw) => {
          const response = withdraw
            ? await t.call('abh-03101', `/v1/${collection}/${id}/withdraw`, { method: 'POST', body: JSON.stringify({ reason: 'Test' }) })
            : await t.call('abh-03101', `/v1/${collection}/${id}`);
          await expectProblem(response, 404, '/problems/not-found');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers a 20,000-character Authorization header with a 431 problem, in process and over a socket', async () => {
    const headers = { Authorization: `Bearer ${'a'.repeat(20_000)}` };
    const problem = await expectProblem(await t.app.request('/v1/cases', { headers }), 431, '/problems/header-fields-too-large');
    expect(JSON.stringify(problem)).not.toContain('aaaa');
    await expectProblem(await fetch(`${t.base}/v1/cases`, { headers }), 431, '/problems/header-fields-too-large');
  });

  it('answers header fields over 16 KiB in all with 431 problem+json, and lets smaller ones through', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 100, max: 12_000 }), async (count, size) => {
        const headers = Object.fromEntries(Array.from({ length: count }, (_, i) => [`X-Filler-${i}`, 'v'.repeat(size)]));
        const response = await t.app.request('/health', { headers });
        const total = count * (size + 'X-Filler-0'.length + 4);
        if (total > 16 * 1024 + 200) await expectProblem(response, 431, '/problems/header-fields-too-large');
        else if (total < 16 * 1024 - 200) expect(response.status).toBe(200);
      }),
      { numRuns: 60 },
    );
  });

  it('answers a header section too large even for the HTTP parser with a 431 problem', async () => {
    const response = await fetch(`${t.base}/health`, { headers: { 'X-Filler': 'v'.repeat(80 * 1024) } });
    await expectProblem(response, 431, '/problems/header-fields-too-large');
  });

  it('closes the connection after a 413, so that the next request of a keep-alive client succeeds', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const token = await t.token('abh-03101');
      const body = Buffer.from(JSON.stringify({ notes: 'x'.repeat(300 * 1024) }));
      const tooLarge = await exchange(agent, `${t.base}/v1/cases`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body,
      });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.connection).toBe('close');
      expect(tooLarge.headers['content-type']).toBe('application/problem+json');
      const next = await exchange(agent, `${t.base}/health`, {});
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('marks a 413 answered in process with Connection: close too', async () => {
    const response = await submit(t, 'abh-03101', '/v1/cases', minimalCase({ notes: 'x'.repeat(300 * 1024) }));
    await expectProblem(response, 413, '/problems/payload-too-large');
    expect(response.headers.get('connection')).toBe('close');
  });
});
