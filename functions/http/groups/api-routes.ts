import { permissions } from '../../core/permissions.ts';

/**
 * Every /v1 route of the API (the permission table), in Hono's path form (`/v1/cases/:id`). A Lambda
 * function serves one route group; with these it still answers a known path's other method with 405
 * and the whole `Allow`, as the local server does (API Gateway sends such calls to `$default`).
 */
export const apiRoutes: readonly { method: string; path: string }[] = permissions.map((p) => ({
  method: p.method,
  path: p.path.replace(/\{(\w+)\}/g, ':$1'),
}));
