import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuditService } from '../core/audit/audit-service.ts';
import type { EventFeedService } from '../core/events/event-feed-service.ts';
import type { LifecycleService } from '../core/lifecycle/lifecycle-service.ts';
import type { HealthProbe } from '../core/ports/health.ts';
import type { RequestService } from '../core/requests/request-service.ts';
import type { RoutingTable } from '../core/routing/routing-table.ts';
import type { WorkOperations } from '../core/work/work-operations.ts';
import type { WorkService } from '../core/work/work-service.ts';
import { createAppShell, type ShellDeps } from './app-shell.ts';
import type { CursorSealer } from './cursor.ts';
import type { AppEnv } from './env.ts';
import { openApiDocument, registerCommonComponents } from './openapi.ts';
import { addRetryableResponses } from './openapi-common-responses.ts';
import { finishOpenApiDocument } from './openapi-finish.ts';
import type { RouteResponses } from './openapi-output.ts';
import { adminRoutes } from './routes/admin.ts';
import { adminPageRoutes } from './routes/admin-page.ts';
import { auditRoutes } from './routes/audit.ts';
import { type DocsAssetReader, docsRoutes } from './routes/docs.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { lifecycleRoutes } from './routes/lifecycle.ts';
import { problemRoutes } from './routes/problems.ts';
import { requestRoutes } from './routes/requests.ts';
import { routingTableRoutes } from './routes/routing-table.ts';
import { workRoutes } from './routes/work.ts';

export interface AppDeps extends Omit<ShellDeps, 'otherRoutes'> {
  health: HealthProbe;
  readDocsAsset: DocsAssetReader;
  version: string;
  /** Where clients get tokens; shown in the OpenAPI security scheme. */
  tokenUrl: string;
  requests: RequestService;
  work: WorkService;
  operations: WorkOperations;
  /** The exchange log's search, verification and export (administrators). */
  audit: AuditService;
  lifecycle: LifecycleService;
  events: EventFeedService;
  /** The routing table in force, served at GET /v1/routing-table. */
  routing: RoutingTable;
  cursors: CursorSealer;
  /**
   * Routes only one runtime has: the local stack mounts its token issuer here. The Lambda entries
   * give none, and this file does not import the issuer, so its code never reaches a Lambda bundle.
   */
  extraRoutes?: OpenAPIHono[];
}

/**
 * The whole API as one Hono app: shared middleware, error handling and the OpenAPI document, with
 * one small app per resource mounted under it. Runtime-agnostic: the local server and Lambda both use it.
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createAppShell(deps);
  app.route('/', healthRoutes(deps.health, deps.version));
  app.route('/', problemRoutes());
  app.route('/', docsRoutes(deps.readDocsAsset));
  app.route('/', requestRoutes('case', deps.requests, deps.cursors));
  app.route('/', requestRoutes('consultation', deps.requests, deps.cursors));
  app.route('/', workRoutes(deps.work));
  app.route('/', adminRoutes(deps.operations));
  app.route('/', auditRoutes(deps.audit, deps.cursors));
  app.route('/', adminPageRoutes(deps.tokenUrl));
  app.route('/', lifecycleRoutes('case', deps.lifecycle));
  app.route('/', lifecycleRoutes('consultation', deps.lifecycle));
  app.route('/', eventRoutes(deps.events, deps.cursors));
  app.route('/', routingTableRoutes(deps.routing));
  for (const routes of deps.extraRoutes ?? []) app.route('/', routes);

  registerCommonComponents(app, deps.tokenUrl);
  addRetryableResponses(app);
  app.get('/openapi.json', (c) => {
    const routes = app.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route as RouteResponses] : []));
    return c.json(finishOpenApiDocument(app.getOpenAPI31Document(openApiDocument), new URL(c.req.url).origin, routes));
  });
  return app;
}
