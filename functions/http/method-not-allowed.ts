import type { Context, Hono } from 'hono';
import { notFoundHandler, problemResponse } from './problem.ts';

/** A regular expression for a Hono route path (`/v1/cases/:id`, `/docs/*`, `/x/:name{[a-z]+}`). */
function pathPattern(path: string): RegExp {
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

/**
 * The not-found handler of the app: a known path called with a method it does not support is 405
 * with `Allow` (RFC 9110 section 15.5.6), anything else 404. Reads the routes at request time, so
 * routes mounted later count too.
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any app, whatever its environment type
export function notFoundOrMethodNotAllowed(app: Hono<any>) {
  return (c: Context): Response => {
    const allowed = allowedMethods(app.routes, c.req.path);
    if (allowed.length === 0) return notFoundHandler(c);
    const response = problemResponse(c, 'method-not-allowed', `This path does not support the method; allowed: ${allowed.join(', ')}`);
    response.headers.set('Allow', allowed.join(', '));
    return response;
  };
}
