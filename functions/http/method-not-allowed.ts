import type { Context, MiddlewareHandler } from 'hono';
import { notFoundHandler, problemResponse } from './problem.ts';

const patterns = new Map<string, RegExp>();

/** A regular expression for a Hono route path (`/v1/cases/:id`, `/docs/*`, `/x/:name{[a-z]+}`), compiled once. */
function pathPattern(path: string): RegExp {
  const known = patterns.get(path);
  if (known) return known;
  const pattern = compile(path);
  patterns.set(path, pattern);
  return pattern;
}

function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      const param = /^:\w+(?:\{(.+)\})?\??$/.exec(segment);
      if (param) return param[1] ? `(?:${param[1]})` : '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The methods the app's routes answer on a path (HEAD wherever GET is), sorted; empty for an unknown path. */
export function allowedMethods(routes: readonly { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    // Middleware is registered as ALL; it answers no path on its own.
    if (route.method === 'ALL' || !pathPattern(route.path).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods].sort();
}

/** Where the known routes come from: an app (`app.routes`, read at request time) or a list around it. */
export interface RouteSource {
  readonly routes: readonly { method: string; path: string }[];
}

/** The 405 answer with its `Allow` header. */
function methodNotAllowed(c: Context, allowed: string[]): Response {
  const response = problemResponse(c, 'method-not-allowed', `This path does not support the method; allowed: ${allowed.join(', ')}`);
  response.headers.set('Allow', allowed.join(', '));
  return response;
}

/**
 * Answers 405 before the body is read when the path is known but not with this method, so that a
 * PUT or DELETE without a JSON body learns about the method, not about content types.
 */
export function rejectUnsupportedMethod(app: RouteSource): MiddlewareHandler {
  return async (c, next) => {
    const allowed = allowedMethods(app.routes, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) return methodNotAllowed(c, allowed);
    await next();
  };
}

/**
 * The not-found handler of the app: a known path called with a method it does not support is 405
 * with `Allow` (RFC 9110 section 15.5.6), anything else 404. Reads the routes at request time, so
 * routes mounted later count too.
 */
export function notFoundOrMethodNotAllowed(app: RouteSource) {
  return (c: Context): Response => {
    const allowed = allowedMethods(app.routes, c.req.path);
    return allowed.length === 0 ? notFoundHandler(c) : methodNotAllowed(c, allowed);
  };
}
