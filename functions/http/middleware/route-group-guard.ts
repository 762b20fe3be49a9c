import type { MiddlewareHandler } from 'hono';
import { NotFoundError } from '../../core/errors.ts';
import { matchPermission } from '../../core/permissions.ts';
import { type RouteGroup, routeGroupOf } from '../../core/route-groups.ts';
import type { AppEnv } from '../env.ts';

/**
 * For the Lambda function of one route group: a route of another group is not served here (its role
 * has no permission for that route's data), and is answered 404 as an unknown path would be. API
 * Gateway never sends such a call on purpose; the catch-all route of the operations function may get
 * one (a trailing slash, say). Mounted after authentication, so 401 and 403 come first as everywhere.
 */
export function servesOnly(group: RouteGroup): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const matched = matchPermission(c.req.method, c.req.path);
    if (matched && routeGroupOf(matched.permission) !== group) throw new NotFoundError('No such endpoint');
    await next();
  };
}
