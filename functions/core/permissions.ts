import type { Role } from '../../schemas/participant.ts';

/** The OAuth2 scope that a role's tokens carry; an operation needs the scope of the caller's role. */
export const roleScopes = {
  municipality: 'rueckkehr/municipality',
  centre: 'rueckkehr/centre',
  admin: 'rueckkehr/admin',
} as const satisfies Record<Role, string>;

export interface Permission {
  method: 'GET' | 'POST';
  /** OpenAPI-style path template. */
  path: string;
  operation: string;
  roles: readonly Role[];
  /**
   * A path parameter naming the tenant that owns the whole route (the centre of a work queue). A caller
   * of an allowed role whose organisation differs gets 404, as for any resource that is not its own.
   */
  tenantParam?: string;
}

const municipality = ['municipality'] as const;
const centre = ['centre'] as const;
const admin = ['admin'] as const;
const owners = ['municipality', 'centre'] as const;
const everyone = ['municipality', 'centre', 'admin'] as const;

function resourcePermissions(resource: 'cases' | 'consultations'): Permission[] {
  return [
    { method: 'POST', path: `/v1/${resource}`, operation: `${resource}.create`, roles: municipality },
    { method: 'GET', path: `/v1/${resource}`, operation: `${resource}.list`, roles: owners },
    // Administrators never read personal data: reading one request is 403 for them.
    { method: 'GET', path: `/v1/${resource}/{id}`, operation: `${resource}.read`, roles: owners },
    { method: 'POST', path: `/v1/${resource}/{id}/withdraw`, operation: `${resource}.withdraw`, roles: municipality },
    { method: 'POST', path: `/v1/${resource}/{id}/status`, operation: `${resource}.status`, roles: centre },
    { method: 'POST', path: `/v1/${resource}/{id}/transfer`, operation: `${resource}.transfer`, roles: centre },
  ];
}

/**
 * Who may call which operation: one row per route of the public contract, including routes that later
 * issues implement. The authorisation middleware refuses every other role with 403 before any lookup.
 */
export const permissions: readonly Permission[] = [
  ...resourcePermissions('cases'),
  ...resourcePermissions('consultations'),
  { method: 'GET', path: '/v1/events', operation: 'events.list', roles: municipality },
  // Configuration, no personal data: every role may see where requests go.
  { method: 'GET', path: '/v1/routing-table', operation: 'routing.read', roles: everyone },
  ...(['lease', 'ack', 'release', 'extend'] as const).map(
    (action): Permission => ({
      method: 'POST',
      path: `/v1/centres/{centre}/work/${action}`,
      operation: `work.${action}`,
      roles: centre,
      tenantParam: 'centre',
    }),
  ),
  { method: 'GET', path: '/v1/audit', operation: 'audit.list', roles: admin },
  { method: 'GET', path: '/v1/audit/verify', operation: 'audit.verify', roles: admin },
  { method: 'GET', path: '/v1/audit/export', operation: 'audit.export', roles: admin },
  { method: 'GET', path: '/v1/admin/status', operation: 'admin.status', roles: admin },
  { method: 'POST', path: '/v1/admin/redrive', operation: 'admin.redrive', roles: admin },
];

export interface MatchedPermission {
  permission: Permission;
  params: Record<string, string>;
}

const compiled = permissions.map((permission) => {
  const names: string[] = [];
  const source = permission.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { permission, names, pattern: new RegExp(`^${source}/?$`) };
});

/** Finds the permission row of a request; `undefined` for paths the contract does not have. */
export function matchPermission(method: string, path: string): MatchedPermission | undefined {
  // HEAD is answered by the GET handler, so it needs the GET permission.
  const effective = method === 'HEAD' ? 'GET' : method;
  for (const { permission, names, pattern } of compiled) {
    if (permission.method !== effective) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
      return { permission, params };
    } catch {
      return undefined; // broken percent-encoding: no route of ours
    }
  }
  return undefined;
}
