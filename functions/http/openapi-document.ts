import { type AppDeps, createApp } from './app.ts';
import type { AuthDeps } from './middleware/authenticate.ts';
import { ORIGIN_PLACEHOLDER } from './openapi-token-url.ts';

/** A dependency that the document never calls: routes only read their services when a request comes. */
const unused = new Proxy(
  {},
  {
    get: (_target, name) => {
      throw new Error(`renderOpenApiDocument: ${String(name)} is not available while rendering`);
    },
  },
) as never;

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The OpenAPI 3.1 document of the whole API as JSON text, exactly as the app of all routes serves it
 * at GET /openapi.json. Used at bundle time for the operations function, which serves the document
 * without importing the other groups' routes and schemas.
 */
export async function renderOpenApiDocument(tokenUrl: string): Promise<string> {
  const deps: AppDeps = {
    logger: silent,
    health: unused,
    readDocsAsset: unused,
    version: '',
    auth: unused as Omit<AuthDeps, 'logger'>,
    tokenUrl,
    requests: unused,
    work: unused,
    operations: unused,
    audit: unused,
    lifecycle: unused,
    events: unused,
    routing: { policyVersion: '', entries: [] } as unknown as AppDeps['routing'],
    cursors: unused,
  };
  // Served from the placeholder origin: `servers` names it, and the serving function puts its own origin there.
  const response = await createApp(deps).request(`${ORIGIN_PLACEHOLDER}/openapi.json`);
  if (response.status !== 200) throw new Error(`renderOpenApiDocument: GET /openapi.json answered ${response.status}`);
  return response.text();
}
