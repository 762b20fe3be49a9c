import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { composeOperationsApp } from '../../functions/entry/group-apps/operations-app.ts';
import { throwawayKeyRing } from '../../functions/entry/key-ring.ts';
import { createLambdaApp } from '../../functions/entry/lambda-app.ts';

const participantsFile = fileURLToPath(new URL('../../functions/entry/local/participants.local.json', import.meta.url));
const routingDir = fileURLToPath(new URL('../../data/routing/', import.meta.url));

/** The environment of a deployed function, plus every setting that might tempt it to mount the local issuer. */
const deployedEnv = {
  AWS_REGION: 'eu-central-1',
  RESOURCE_PREFIX: 'x',
  AUTH_ISSUER: 'https://idp.example.org',
  AUTH_JWKS_URL: 'https://idp.example.org/jwks.json',
  PARTICIPANTS_FILE: participantsFile,
  ROUTING_DIR: routingDir,
  DEV_CLIENT_SECRET: 'dev-secret',
  LOCAL_ISSUER: 'true',
  LOG_LEVEL: 'SILENT',
  // The KMS key of the exchange log's checkpoints: only its name is needed until something is verified.
  CHECKPOINT_KEY_ID: 'alias/test-checkpoints',
};

/** The operations function's app: the catch-all of the HTTP API, so the one an unknown path reaches. */
const deployedApp = () =>
  createLambdaApp(deployedEnv, { routeGroup: 'operations', compose: composeOperationsApp, keyRing: throwawayKeyRing() });

/** Strings that only the local token issuer's code contains. */
const issuerMarkers = ['unsupported_grant_type', 'Only grant_type=client_credentials', 'rueckkehr-exchange-local'];

describe('the deployed app has no local token issuer', () => {
  it('answers 404 on POST /oauth/token, even to a demo client with the demo secret', async () => {
    const app = await deployedApp();
    const response = await app.request('/oauth/token', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'abh-03101', client_secret: 'dev-secret' }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: '/problems/not-found' });
  });

  it('answers 404 on GET /.well-known/jwks.json', async () => {
    const response = await (await deployedApp()).request('/.well-known/jwks.json');
    expect(response.status).toBe(404);
  });

  it('does not describe the token endpoint in its OpenAPI document', async () => {
    const response = await (await deployedApp()).request('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).not.toContain('/oauth/token');
    expect(Object.keys(document.paths)).not.toContain('/.well-known/jwks.json');
  });

  it('ships none of the local issuer code in the Lambda bundle', async () => {
    // The same esbuild settings as the stack's NodejsFunction bundling, with the packages left out.
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../functions/entry/lambda-operations.ts', import.meta.url))],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      packages: 'external',
      logLevel: 'silent',
    });
    const code = result.outputFiles.map((file) => file.text).join('\n');
    // Not vacuous: the bundle holds the deployed app's own code.
    expect(code).toContain('participants.json');
    expect(issuerMarkers.filter((marker) => code.includes(marker))).toEqual([]);
  });
});
