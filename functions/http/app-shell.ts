import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { RateLimiter } from '../core/rate-limit/rate-limiter.ts';
import type { AppEnv } from './env.ts';
import type { Logger } from './logger.ts';
import { notFoundOrMethodNotAllowed, rejectUnsupportedMethod } from './method-not-allowed.ts';
import { type AuthDeps, authenticate } from './middleware/authenticate.ts';
import { limitBody } from './middleware/body-limit.ts';
import { limitHeaders } from './middleware/header-limit.ts';
import { readJsonBody } from './middleware/json-body.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { createErrorHandler } from './problem.ts';
import { validationHook } from './validation.ts';

/** What every app needs, whatever routes it serves. */
export interface ShellDeps {
  logger: Logger;
  auth: Omit<AuthDeps, 'logger'>;
  /** The per-client rate limit of /v1 calls, after authentication; none when unset. */
  rateLimiter?: RateLimiter | undefined;
  /** Limits a Lambda function to its route group's /v1 routes (functions/http/middleware/route-group-guard.ts); none locally. */
  routeGuard?: MiddlewareHandler<AppEnv> | undefined;
  /**
   * Routes of the whole API that this app does not mount itself (a Lambda function of one route
   * group): a known path called with a method it lacks is then still 405 with `Allow`, as locally.
   */
  otherRoutes?: readonly { method: string; path: string }[] | undefined;
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
 * An app without routes: the shared middleware (request id, access log, security headers, limits,
 * authentication of /v1, rate limit, 405, JSON body), problem+json errors and the 404/405 handler.
 * Runtime-agnostic; the local server mounts every route on it, a Lambda function its group's.
 */
export function createAppShell(deps: ShellDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // The methods of a path: the app's own routes, and those of the API that other functions serve.
  const known = {
    get routes() {
      return deps.otherRoutes ? [...app.routes, ...deps.otherRoutes] : app.routes;
    },
  };
  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 128 }));
  app.use('*', accessLog(deps.logger));
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } }));
  app.use('*', limitHeaders());
  app.use('*', limitBody());
  // Authentication first: an anonymous caller learns nothing about content types or routes.
  app.use('/v1/*', authenticate({ ...deps.auth, logger: deps.logger }));
  if (deps.rateLimiter) app.use('/v1/*', rateLimit(deps.rateLimiter));
  app.use('/v1/*', rejectUnsupportedMethod(known));
  if (deps.routeGuard) app.use('/v1/*', deps.routeGuard);
  app.use('/v1/*', readJsonBody());
  app.onError(createErrorHandler(deps.logger));
  app.notFound(notFoundOrMethodNotAllowed(known));
  return app;
}
