import { fileURLToPath } from 'node:url';
import { createLambdaApp } from '../functions/entry/lambda-app.ts';

const participantsFile = fileURLToPath(new URL('../functions/entry/local/participants.local.json', import.meta.url));
const routingDir = fileURLToPath(new URL('../data/routing/', import.meta.url));

/**
 * The OpenAPI document as a deployed API serves it at /openapi.json, built offline: the app is composed
 * with placeholder settings (no store or identity provider is contacted to describe the routes).
 */
export async function deployedOpenApiDocument(): Promise<Record<string, unknown>> {
  const app = createLambdaApp({
    AWS_REGION: 'eu-central-1',
    RESOURCE_PREFIX: 'document',
    AUTH_ISSUER: 'https://idp.example.org',
    AUTH_JWKS_URL: 'https://idp.example.org/.well-known/jwks.json',
    AUTH_TOKEN_URL: 'https://idp.example.org/oauth2/token',
    PARTICIPANTS_FILE: participantsFile,
    ROUTING_DIR: routingDir,
    LOG_LEVEL: 'SILENT',
    SERVER_SECRET: Buffer.alloc(32, 7).toString('base64'),
  });
  return (await (await app.request('/openapi.json')).json()) as Record<string, unknown>;
}
