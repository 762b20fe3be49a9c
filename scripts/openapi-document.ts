import { renderOpenApiDocument } from '../functions/http/openapi-document.ts';
import { withOrigin } from '../functions/http/openapi-token-url.ts';

/**
 * The OpenAPI document as a deployed API serves it at /openapi.json, built offline from the route
 * definitions (no store or identity provider is contacted to describe the routes), with placeholder
 * token URL and host.
 */
export async function deployedOpenApiDocument(): Promise<Record<string, unknown>> {
  const rendered = await renderOpenApiDocument('https://idp.example.org/oauth2/token');
  return JSON.parse(withOrigin(rendered, 'http://localhost')) as Record<string, unknown>;
}
