import { fileURLToPath } from 'node:url';
import { throwawayKeyRing } from '../functions/entry/key-ring.ts';
import { createLambdaApp } from '../functions/entry/lambda-app.ts';

const participantsFile = fileURLToPath(new URL('../functions/entry/local/participants.local.json', import.meta.url));
const routingDir = fileURLToPath(new URL('../data/routing/', import.meta.url));

/**
 * The OpenAPI document as a deployed API serves it at /openapi.json, built offline: the app is composed
 * with placeholder settings (no store or identity provider is contacted to describe the routes).
 */
export async function deployedOpenApiDocument(): Promise<Record<string, unknown>> {
  const env = {
    AWS_REGION: 'eu-central-1',
    RESOURCE_PREFIX: 'document',
    AUTH_ISSUER: 'https://idp.example.org',
    AUTH_JWKS_URL: 'https://idp.example.org/.well-known/jwks.json',
    AUTH_TOKEN_URL: 'https://idp.example.org/oauth2/token',
    PARTICIPANTS_FILE: participantsFile,
    ROUTING_DIR: routingDir,
    LOG_LEVEL: 'SILENT',
    CHECKPOINT_KEY_ID: 'alias/document-checkpoints',
  };
  // The operations group serves /openapi.json; the document describes every group's routes.
  const app = await createLambdaApp(env, { routeGroup: 'operations', keyRing: throwawayKeyRing() });
  return (await (await app.request('/openapi.json')).json()) as Record<string, unknown>;
}
