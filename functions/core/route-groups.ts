import { type Permission, permissions } from './permissions.ts';

/**
 * The route groups of the deployment, one Lambda function each (DESIGN.md, "One Lambda per route
 * group"), so that each gets a role with only the permissions its routes need:
 * - `requests`: municipal intake and the resources (cases, consultations, their reads and lists, the
 *   withdrawal, the event feed, the routing table). A path that two audiences share (GET /v1/cases/{id})
 *   belongs here, and the role check in front of it tells the audiences apart.
 * - `centre-work`: what only centres call: leases and their settlement, status reports, transfers.
 * - `admin`: what only administrators call: status, redrive, the exchange log.
 * - `operations`: health, the OpenAPI document, the docs page, problem types; and every path no other
 *   group has, which it answers with the same problem+json (401, 403, 404, 405) as the others would.
 */
export type RouteGroup = 'requests' | 'centre-work' | 'admin' | 'operations';

export const ROUTE_GROUPS: readonly RouteGroup[] = ['requests', 'centre-work', 'admin', 'operations'];

/** The group of a route of the permission table, derived from the roles that may call it. */
export function routeGroupOf(permission: Pick<Permission, 'roles'>): Exclude<RouteGroup, 'operations'> {
  if (permission.roles.every((role) => role === 'admin')) return 'admin';
  if (permission.roles.every((role) => role === 'centre')) return 'centre-work';
  return 'requests';
}

/** The routes of one group, from the permission table (the operations group has none of them). */
export function routesOf(group: RouteGroup): Permission[] {
  return permissions.filter((permission) => routeGroupOf(permission) === group);
}

/** The public routes, without a token: the operations group serves them. */
export const publicRoutes: readonly { method: 'GET'; path: string }[] = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/docs' },
  { method: 'GET', path: '/docs/{asset}' },
  { method: 'GET', path: '/problems/{kind}' },
];
