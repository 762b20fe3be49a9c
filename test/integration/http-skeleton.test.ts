import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { composeApp } from '../../functions/entry/compose.ts';
import type { AppEnv } from '../../functions/http/env.ts';
import { validationHook } from '../../functions/http/validation.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';

type OpenApiDocument = { openapi: string; components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } };

/** A JSON endpoint mounted only in this test, to drive the shared middleware before business routes exist. */
function echoRoutes() {
  const route = createRoute({
    method: 'post',
    path: '/v1/echo',
    request: { body: { required: true, content: { 'application/json': { schema: z.strictObject({ name: z.string().max(5) }) } } } },
    responses: { 200: { description: 'echo' } },
  });
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(route, (c) => c.json(c.req.valid('json'), 200));
}

describe('HTTP skeleton', () => {
  let app: OpenAPIHono<AppEnv>;
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
    app = testApp.app;
    app.route('/', echoRoutes());
  });
  afterAll(() => testApp.close());

  const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    testApp.call('abh-03101', '/v1/echo', { method: 'POST', body, headers });

  async function expectProblem(response: Response, status: number, type: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as { errors?: unknown };
    expect(body).toMatchObject({ type, status, title: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    return body;
  }

  it('reports both stores up on /health', async () => {
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', stores: { dynamodb: 'up', sqs: 'up' } });
  });

  it('answers 503 on /health when a store does not answer', async () => {
    const dead = createAwsClients({
      region: LOCAL_REGION,
      local: { dynamoEndpoint: 'http://127.0.0.1:9', sqsEndpoint: 'http://127.0.0.1:9' },
    });
    const broken = composeApp({ ...testApp.runtime, clients: dead });
    const response = await broken.request('/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', stores: { dynamodb: 'down', sqs: 'down' } });
  });

  it('answers unknown paths with a not-found problem', async () => {
    await expectProblem(await app.request('/nothing-here'), 404, '/problems/not-found');
    await expectProblem(await testApp.call('admin', '/v1/nothing-here'), 404, '/problems/not-found');
    // Below /v1 an anonymous caller learns nothing, not even which paths exist.
    await expectProblem(await app.request('/v1/nothing-here'), 401, '/problems/unauthorized');
  });

  it('generates an X-Request-Id, echoes a valid one and replaces an invalid one', async () => {
    const generated = (await app.request('/health')).headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await app.request('/health', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await app.request('/health', { headers: { 'X-Request-Id': 'bad id<script>' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id<script>');
  });

  it('carries X-Request-Id on error responses too, and quotes it in the problem', async () => {
    const response = await app.request('/nowhere', { headers: { 'X-Request-Id': 'trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(await response.json()).toMatchObject({ requestId: 'trace-42' });
  });

  it('refuses malformed JSON with 400', async () => {
    await expectProblem(await post('{"name": '), 400, '/problems/malformed-request');
  });

  it('refuses a body that is not JSON with 415', async () => {
    await expectProblem(
      await post('name=x', { 'Content-Type': 'application/x-www-form-urlencoded' }),
      415,
      '/problems/unsupported-media-type',
    );
    const token = await testApp.token('abh-03101');
    const untyped = await app.request('/v1/echo', { method: 'POST', body: '{"name":"x"}', headers: { Authorization: `Bearer ${token}` } });
    await expectProblem(untyped, 415, '/problems/unsupported-media-type');
  });

  it('refuses a body over 256 KiB with 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(256 * 1024) });
    await expectProblem(await post(big), 413, '/problems/payload-too-large');
  });

  it('answers an invalid body with 422 and field errors', async () => {
    const body = await expectProblem(await post('{"name":"far too long","other":1}'), 422, '/problems/validation');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'name', message: expect.any(String) },
        { path: 'other', message: 'unknown field' },
      ]),
    );
  });

  it('resolves every problem type URI to its description', async () => {
    const response = await app.request('/problems/validation');
    expect(await response.json()).toEqual({ type: '/problems/validation', title: 'Request is invalid', status: 422 });
    await expectProblem(await app.request('/problems/no-such-kind'), 404, '/problems/not-found');
  });

  it('serves a valid OpenAPI 3.1 document that lists the problem types', async () => {
    const plain = await createTestApp();
    const document = (await (await plain.app.request('/openapi.json')).json()) as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    await plain.close();
    expect(document.components.schemas.Problem?.properties.type?.enum).toEqual(
      expect.arrayContaining([
        '/problems/validation',
        '/problems/idempotency-key-reused',
        '/problems/invalid-transition',
        '/problems/lease-expired',
      ]),
    );
  });

  it('documents both resources with examples that the API itself accepts', async () => {
    const document = (await (await app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, { example?: Record<string, unknown> }> };
    };
    const { schemas } = document.components;
    for (const name of ['CaseSubmission', 'ConsultationSubmission', 'Case', 'Consultation'])
      expect(schemas[name]?.example, name).toBeDefined();
    const submitted = await Promise.all(
      (['CaseSubmission', 'ConsultationSubmission'] as const).map((name) =>
        testApp.call('abh-03101', name === 'CaseSubmission' ? '/v1/cases' : '/v1/consultations', {
          method: 'POST',
          body: JSON.stringify(schemas[name]?.example),
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    );
    expect(submitted.map((r) => r.status)).toEqual([201, 201]);
  });

  it('renders the API docs from bundled assets', async () => {
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/docs/swagger-ui-bundle.js');
    const script = await app.request('/docs/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});
