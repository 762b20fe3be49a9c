import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AuditService } from '../core/audit/audit-service.ts';
import type { EventFeedService } from '../core/events/event-feed-service.ts';
import type { LifecycleService } from '../core/lifecycle/lifecycle-service.ts';
import type { HealthProbe } from '../core/ports/health.ts';
import type { RateLimiter } from '../core/rate-limit/rate-limiter.ts';
import type { RequestService } from '../core/requests/request-service.ts';
import type { RoutingTable } from '../core/routing/routing-table.ts';
import type { WorkOperations } from '../core/work/work-operations.ts';
import type { WorkService } from '../core/work/work-service.ts';
import type { CursorSealer } from './cursor.ts';
import type { AppEnv } from './env.ts';
import type { Logger } from './logger.ts';
import { notFoundOrMethodNotAllowed, rejectUnsupportedMethod } from './method-not-allowed.ts';
import { type AuthDeps, authenticate } from './middleware/authenticate.ts';
import { limitBody } from './middleware/body-limit.ts';
import { limitHeaders } from './middleware/header-limit.ts';
import { readJsonBody } from './middleware/json-body.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { openApiDocument, registerCommonComponents } from './openapi.ts';
import { addRetryableResponses } from './openapi-common-responses.ts';
import { finishOpenApiDocument } from './openapi-finish.ts';
import type { RouteResponses } from './openapi-output.ts';
import { createErrorHandler } from './problem.ts';
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
import { validationHook } from './validation.ts';

export interface AppDeps {
  logger: Logger;
  health: HealthProbe;
  readDocsAsset: DocsAssetReader;
  version: string;
  auth: Omit<AuthDeps, 'logger'>;
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
  /** The per-client rate limit of /v1 calls, after authentication; none when unset. */
  rateLimiter?: RateLimiter;
  /**
   * Routes only one runtime has: the local stack mounts its token issuer here. The Lambda entries
   * give none, and this file does not import the issuer, so its code never reaches a Lambda bundle.
   */
  extraRoutes?: OpenAPIHono[];
  /** Limits a Lambda function to its route group's /v1 routes (functions/http/middleware/route-group-guard.ts); none locally. */
  routeGuard?: MiddlewareHandler<AppEnv>;
}

/** Logs one line per request: method, path, status, duration, request id. Never bodies or queries. */
function accessLog(logger: Logger) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
      requestId: c.get('requestId'),
      clientId: c.get('principal')?.clientId,
    });
  };
}

/**
 * The whole API as one Hono app: shared middleware, error handling and the OpenAPI document, with
 * one small app per resource mounted under it. Runtime-agnostic: the local server and Lambda both use it.
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 128 }));
  app.use('*', accessLog(deps.logger));
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } }));
  app.use('*', limitHeaders());
  app.use('*', limitBody());
  // Authentication first: an anonymous caller learns nothing about content types or routes.
  app.use('/v1/*', authenticate({ ...deps.auth, logger: deps.logger }));
  if (deps.rateLimiter) app.use('/v1/*', rateLimit(deps.rateLimiter));
  app.use('/v1/*', rejectUnsupportedMethod(app));
  if (deps.routeGuard) app.use('/v1/*', deps.routeGuard);
  app.use('/v1/*', readJsonBody());
  app.onError(createErrorHandler(deps.logger));
  app.notFound(notFoundOrMethodNotAllowed(app));

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
