import type { MiddlewareHandler } from 'hono';
import { problemResponse } from '../problem.ts';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Business endpoints take JSON only: any other (or no) content type on a write is a 415. */
export function requireJson(): MiddlewareHandler {
  return async (c, next) => {
    if (BODY_METHODS.has(c.req.method)) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        return problemResponse(c, 'unsupported-media-type', 'Send the body as application/json');
      }
    }
    await next();
  };
}
