import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HealthProbe } from '../../core/ports/health.ts';
import { createAppShell, type ShellDeps } from '../app-shell.ts';
import type { AppEnv } from '../env.ts';
import { withOrigin } from '../openapi-token-url.ts';
import { adminPageRoutes } from '../routes/admin-page.ts';
import { type DocsAssetReader, docsRoutes } from '../routes/docs.ts';
import { healthRoutes } from '../routes/health.ts';
import { problemRoutes } from '../routes/problems.ts';

export interface OperationsGroupDeps extends ShellDeps {
  health: HealthProbe;
  version: string;
  readDocsAsset: DocsAssetReader;
  /** Where clients get tokens (the admin page's sign-in). */
  tokenUrl: string;
  /**
   * The OpenAPI document as JSON text. Rendered from the route definitions at bundle time
   * (functions/entry/openapi-prerendered.ts), so this function carries none of the other groups' schemas.
   */
  openApiJson: () => Promise<string>;
}

/**
 * The app of the `operations` function: health, the OpenAPI document, the docs and admin pages,
 * problem types; and, behind API Gateway's `$default`, every path no other function has (401, 404, 405).
 */
export function operationsGroupApp(deps: OperationsGroupDeps): OpenAPIHono<AppEnv> {
  const app = createAppShell(deps);
  app.route('/', healthRoutes(deps.health, deps.version));
  app.route('/', problemRoutes());
  app.route('/', docsRoutes(deps.readDocsAsset));
  app.route('/', adminPageRoutes(deps.tokenUrl));
  app.get('/openapi.json', async (c) =>
    c.body(withOrigin(await deps.openApiJson(), new URL(c.req.url).origin), 200, { 'Content-Type': 'application/json' }),
  );
  return app;
}
