import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE } from '../../functions/entry/local/local-auth.ts';
import { minimalCase } from '../support/requests.ts';
import { createTestApp, type TestApp, testStores } from '../support/runtime.ts';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

/** An API Gateway HTTP API (payload 2.0) event, as Lambda receives it. */
function httpEvent(method: string, path: string, headers: Record<string, string>, body?: string) {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.org', ...headers },
    requestContext: { http: { method, path, sourceIp: '192.0.2.1' }, requestId: 'test', stage: '$default' },
    ...(body ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
}

/**
 * The deployed code path: the Lambda entry bundled by esbuild the way the CDK stack bundles it,
 * configured only through the environment the stack sets, talking to the stores through the SDK's
 * standard endpoint variables. Nothing of the local server is involved.
 */
describe('the bundled requests Lambda', () => {
  let t: TestApp;
  let handler: Handler;
  let sequencer: () => Promise<{ sequenced: number; checkpointSeq?: number }>;
  const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-bundle-'));

  beforeAll(async () => {
    t = await createTestApp();
    await build({
      entryPoints: ['functions/entry/lambda-requests.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      outfile: join(dir, 'index.mjs'),
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
      logLevel: 'silent',
    });
    const stores = testStores();
    Object.assign(process.env, {
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: stores.dynamoEndpoint,
      AWS_ENDPOINT_URL_SQS: stores.sqsEndpoint,
      RESOURCE_PREFIX: t.runtime.resources.tables.data.name.replace(/-data$/, ''),
      SERVER_SECRET: Buffer.alloc(32, 7).toString('base64'),
      CHECKPOINT_KEY_ID: 'alias/test-checkpoints',
      // No KMS here: a closed port, so that signing a checkpoint fails at once.
      AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
      AUTH_ISSUER: t.base,
      AUTH_JWKS_URL: `${t.base}/.well-known/jwks.json`,
      AUTH_AUDIENCE: LOCAL_AUDIENCE,
      PARTICIPANTS_FILE: join(process.cwd(), 'functions/entry/local/participants.local.json'),
      ROUTING_DIR: join(process.cwd(), 'data/routing'),
      LOG_LEVEL: 'SILENT',
    });
    ({ handler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { handler: Handler });
    await build({
      entryPoints: ['functions/entry/lambda-sequencer.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      outfile: join(dir, 'sequencer.mjs'),
      alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    ({ handler: sequencer } = (await import(pathToFileURL(join(dir, 'sequencer.mjs')).href)) as {
      handler: () => Promise<{ sequenced: number }>;
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a case handover and reads it back, as on AWS', async () => {
    const auth = { authorization: `Bearer ${await t.token('abh-03101')}` };
    const created = await handler(
      httpEvent(
        'POST',
        '/v1/cases',
        { ...auth, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        JSON.stringify(minimalCase()),
      ),
      {},
    );
    expect(created.statusCode).toBe(201);
    const { id } = JSON.parse(created.body) as { id: string };
    const read = await handler(httpEvent('GET', `/v1/cases/${id}`, auth), {});
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ id, status: 'queued', centre: 'braunschweig', person: { familyName: 'Beispiel' } });
  });

  it('chains what the API wrote with the bundled sequencer, and keeps it chained when KMS cannot sign', async () => {
    const auth = { authorization: `Bearer ${await t.token('abh-03101')}` };
    const created = await handler(
      httpEvent(
        'POST',
        '/v1/cases',
        { ...auth, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        JSON.stringify(minimalCase()),
      ),
      {},
    );
    expect(created.statusCode).toBe(201);
    const result = await sequencer();
    expect(result.sequenced).toBeGreaterThanOrEqual(3);
    expect(result.checkpointSeq).toBeUndefined();
    const { id } = JSON.parse(created.body) as { id: string };
    const history = (await t.services.audit.search({ subject: id }, 10)).entries.map((e) => e.action);
    expect(history).toEqual(expect.arrayContaining(['cases.create', 'cases.route']));
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, checkpointsMatched: 0 });
  });

  it('answers problem+json from the bundle too', async () => {
    const response = await handler(httpEvent('GET', '/v1/cases', {}), {});
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ type: '/problems/unauthorized' });
  });
});
